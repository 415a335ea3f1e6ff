import Foundation
import NettingCodec
import NettingCrypto
@testable import NettingVectors
import Testing

/// The codec suite: every decode error and leniency of spec/messages.yaml exercised, NettingKit
/// passing every case, and broken codecs caught at the case and member that show it.
@Suite struct CodecSuiteTests {
    static let files = Result { try CodecSuite.files() }

    static func cases() throws -> [(file: String, c: VectorCase)] {
        try files.get().flatMap { f in f.cases.map { (f.name, $0) } }
    }

    /// A case as the runner reads it from its file.
    static func object(_ c: VectorCase) throws -> JSONObject {
        var members = [JSONMember(key: "id", value: .string(c.id)), JSONMember(key: "result", value: .string(c.result.rawValue))]
        for m in c.members { members.append(JSONMember(key: m.key, value: try JSONParser.parse(m.json, maxDepth: 128))) }
        return JSONObject(members: members)
    }

    /// Runs every codec case against `implementation`.
    static func run(_ implementation: any VectorImplementation) throws -> (passed: [String], failures: [VectorFailure], skipped: [String]) {
        var out: (passed: [String], failures: [VectorFailure], skipped: [String]) = ([], [], [])
        for (_, c) in try cases() {
            switch CodecSuite.run(id: c.id, try object(c), implementation) {
            case .passed: out.passed.append(c.id)
            case .failed(let f): out.failures.append(f)
            case .skipped: out.skipped.append(c.id)
            }
        }
        return out
    }

    @Test func thereIsAFilePerMessageTypeWithValidInvalidAndAcceptableCases() throws {
        let files = try Self.files.get()
        #expect(files.map(\.name) == Message.typeNames)
        for f in files {
            #expect(f.cases.filter { $0.result == .valid }.count >= 3, "\(f.name): valid cases")
            #expect(f.cases.contains { $0.result == .invalid }, "\(f.name): invalid cases")
            #expect(f.cases.contains { $0.result == .acceptable }, "\(f.name): acceptable cases")
            #expect(f.cases.allSatisfy { $0.id.hasPrefix("codec.\(f.name).") })
        }
    }

    @Test func everyDecodeErrorHasAnInvalidCaseAndEveryLeniencyAnAcceptableOne() throws {
        let coverage = Coverage(try Self.files.get())
        for code in DecodeErrorCode.allCases {
            #expect((coverage.items["codec:" + code.rawValue]?.invalid ?? 0) > 0, "no invalid case for \(code.rawValue)")
        }
        for code in LeniencyCode.allCases {
            #expect((coverage.items["codec:" + code.rawValue]?.acceptable ?? 0) > 0, "no acceptable case for \(code.rawValue)")
        }
        #expect(CodecSuite.coverageGaps(try Self.cases().map(\.c)).isEmpty)
    }

    /// The same text under `strict` is invalid, with the flags of its leniencies too.
    @Test func everyAcceptableCaseIsInvalidUnderStrict() throws {
        let all = Dictionary(uniqueKeysWithValues: try Self.cases().map { ($0.c.id, $0.c) })
        for c in all.values where c.result == .acceptable {
            let strictID = c.id.replacingOccurrences(of: ".raiden.", with: ".strict.")
            guard let strict = all[strictID] else { Issue.record("\(c.id) has no strict counterpart"); continue }
            #expect(strict.result == .invalid)
            #expect(try Self.object(strict)["text"] == (try Self.object(c)["text"]))
            #expect(Set(c.flags).isSubset(of: Set(strict.flags)), "\(strict.id)")
        }
    }

    @Test func everyNonValidCaseCarriesTheFlagsOfItsCodes() throws {
        for (_, c) in try Self.cases() {
            let o = try Self.object(c)
            guard case .string(let code)? = o["code"] else {
                #expect(c.result == .valid && c.flags.isEmpty, "\(c.id)")
                continue
            }
            #expect(!c.flags.isEmpty, "\(c.id) has no flag")
            let own = c.result == .invalid ? VectorFlag.byDecodeError[code] : VectorFlag.byLeniency[code]
            #expect(own.map { Set($0).isSubset(of: Set(c.flags)) } == true, "\(c.id): \(code) is not among its flags' codes")
        }
    }

    @Test func nettingKitPassesEveryCodecCase() throws {
        let report = try Self.run(NettingKitImplementation())
        #expect(report.failures == [], "\(report.failures.prefix(5))")
        #expect(report.skipped.isEmpty)
        #expect(report.passed.count == (try Self.cases().count))
    }

    /// Every valid case's signers: the sender's own signatures recover the key's address.
    @Test func validCasesAreSignedByTheFixtureKey() throws {
        let address = try PrivateKey(CodecSuite.key).address.hex
        #expect(address == "0xede35562d3555e61120a151b3c8e8e91d83a378a")
        for (file, c) in try Self.cases() where c.result == .valid {
            guard case .object(let signers)? = try Self.object(c)["signers"] else { Issue.record("\(c.id)"); continue }
            for field in CodecSuite.senderSignatures(file) { #expect(signers[field] == .string(address), "\(c.id) \(field)") }
        }
    }

    // MARK: Broken codecs

    /// NettingKit's codec with one thing changed.
    struct Planted: CodecImplementation {
        var decoding: (_ text: [UInt8], _ policy: DecodePolicy) -> CodecDecoding = { NettingKitImplementation().decode(text: $0, policy: $1) }
        var encoding: (_ type: String, _ fields: [UInt8], _ key: [UInt8]) throws -> [UInt8] = { try NettingKitImplementation().encode(type: $0, fields: $1, key: $2) }

        func decode(text: [UInt8], policy: DecodePolicy) -> CodecDecoding { decoding(text, policy) }
        func encode(type: String, fields: [UInt8], key: [UInt8]) throws -> [UInt8] { try encoding(type, fields, key) }
    }

    /// Keys sorted, as a generic JSON writer would have them, instead of Raiden's order.
    static func sortedKeys(_ wire: [UInt8]) -> [UInt8] {
        guard let v = try? JSONParser.parse(wire) else { return wire }
        func sort(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let o): .object(JSONObject(members: o.members.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: sort($0.value)) }))
            case .array(let a): .array(a.map(sort))
            case .null, .bool, .number, .string: v
            }
        }
        return sort(v).compactJSON()
    }

    @Test func aCodecThatWritesKeysOutOfOrderIsCaught() throws {
        var codec = Planted()
        codec.encoding = { Self.sortedKeys(try NettingKitImplementation().encode(type: $0, fields: $1, key: $2)) }
        codec.decoding = { text, policy in
            guard case .decoded(var d) = NettingKitImplementation().decode(text: text, policy: policy) else { return NettingKitImplementation().decode(text: text, policy: policy) }
            d.wire = Self.sortedKeys(d.wire)
            return .decoded(d)
        }
        let report = try Self.run(codec)
        let typical = report.failures.first { $0.caseID == "codec.LockedTransfer.typical" }
        #expect(typical?.path == "wire", "\(String(describing: typical))")
        #expect(typical?.expected.contains("message_identifier") == true)
        // Processed's keys are sorted already: its valid cases still pass.
        #expect(report.passed.contains("codec.Processed.typical"))
        #expect(report.failures.contains { $0.caseID == "codec.PFSFeeUpdate.raiden.timestamp_space" && $0.path == "wire" })
    }

    @Test func aCodecThatTakesUpperCaseAddressesUnderStrictIsCaught() throws {
        var codec = Planted()
        codec.decoding = { text, policy in
            let kit = NettingKitImplementation()
            guard policy == .strict, case .decoded(let d) = kit.decode(text: text, policy: .raiden),
                d.leniencies.allSatisfy({ $0.code == LeniencyCode.addressNotLowerCase.rawValue })
            else { return kit.decode(text: text, policy: policy) }
            return .decoded(CodecDecoded(wire: d.wire, signedBytes: d.signedBytes, digest: d.digest, signers: d.signers, leniencies: []))
        }
        let report = try Self.run(codec)
        let caught = report.failures.first { $0.caseID == "codec.LockedTransfer.strict.recipient_checksummed" }
        #expect(caught?.path == "code")
        #expect(caught?.expected == "field.not_canonical")
        #expect(report.failures.contains { $0.caseID == "codec.WithdrawRequest.strict.participant_bad_checksum" && $0.expected == "field.bad_checksum" })
        #expect(report.failures.allSatisfy { $0.caseID.contains(".strict.") }, "\(report.failures.filter { !$0.caseID.contains(".strict.") }.prefix(3))")
    }

    @Test func aCodecThatNamesNoLeniencyIsCaught() throws {
        var codec = Planted()
        codec.decoding = { text, policy in
            guard case .decoded(var d) = NettingKitImplementation().decode(text: text, policy: policy) else { return NettingKitImplementation().decode(text: text, policy: policy) }
            d.leniencies = []
            return .decoded(d)
        }
        let report = try Self.run(codec)
        #expect(report.failures.contains { $0.caseID == "codec.Processed.raiden.message_identifier_twice" && $0.path == "leniencies" })
        #expect(report.failures.allSatisfy { $0.caseID.contains(".raiden.") })
    }

    @Test func aCodecThatSkipsTheNonceRangeUnderRaidenIsCaught() throws {
        var codec = Planted()
        codec.decoding = { text, policy in
            let kit = NettingKitImplementation()
            let answer = kit.decode(text: text, policy: policy)
            guard policy == .raiden, answer == .rejected(code: DecodeErrorCode.fieldOutOfRange.rawValue, path: "nonce") else { return answer }
            // As if the 64-bit limit and the minimum were not checked: the message is taken anyway.
            let fixed = String(decoding: text, as: UTF8.self).replacingOccurrences(of: #""nonce":"0""#, with: #""nonce":"1""#)
                .replacingOccurrences(of: #""nonce":"\#(CodecCases.twoTo64)""#, with: #""nonce":"1""#)
            return kit.decode(text: Array(fixed.utf8), policy: policy)
        }
        let report = try Self.run(codec)
        #expect(report.failures.contains { $0.caseID == "codec.LockedTransfer.raiden.nonce_zero" && $0.path == "code" })
        #expect(report.failures.contains { $0.caseID == "codec.Unlock.raiden.too_large_nonce" && $0.path == "code" })
    }

    @Test func anAcceptableCaseMayBeRejected() throws {
        var codec = Planted()
        codec.decoding = { text, policy in NettingKitImplementation().decode(text: text, policy: .strict) }
        let report = try Self.run(codec)
        #expect(report.passed.contains("codec.Processed.raiden.message_identifier_twice"))
        #expect(report.failures.allSatisfy { !$0.caseID.contains(".raiden.") || $0.path == "code" })
    }

    // MARK: The curated tables against the spec

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The keys CodecCases treats as u64 and as defaulted are the spec's.
    @Test func theCuratedKeyTablesFollowSpecMessagesYAML() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("spec/messages.yaml"), encoding: .utf8)
        func names(_ pattern: String) -> Set<String> {
            let regex = try! NSRegularExpression(pattern: pattern)
            return Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) })
        }
        #expect(names(#"\{name: (\w+), type: u64"#) == CodecCases.u64Keys)
        let defaulted = Set(CodecCases.defaulted.map { String($0.split(separator: ".").last!) })
        #expect(names(#"\{name: (\w+), type: \w+, default:"#) == defaulted)
    }
}

/// Raiden's own 14 signed fixtures (../shared/reference/raiden-fixtures, or $RAIDEN_FIXTURES),
/// read at test time and never copied: a valid case built from each fixture's fields by the
/// suite's own pipeline reproduces the fixture's signature, its signer and the bytes it signs,
/// and the codec runner passes it.
@Suite struct CodecFixtureTests {
    static let address = "0xede35562d3555e61120a151b3c8e8e91d83a378a"

    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["RAIDEN_FIXTURES"] { return URL(fileURLWithPath: dir) }
        return CodecSuiteTests.root.deletingLastPathComponent().appendingPathComponent("shared/reference/raiden-fixtures")
    }

    @Test(arguments: Message.typeNames)
    func theValidCasePipelineReproducesRaidensFixture(type: String) throws {
        let url = Self.directory.appendingPathComponent("\(type).json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing Raiden fixture \(url.path): set RAIDEN_FIXTURES to Raiden's serialized_messages directory")
            return
        }
        guard case .object(var fixture) = try JSONParser.parse(Array(data)), case .string(let signature)? = fixture["signature"] else {
            Issue.record("\(type): not a signed message"); return
        }
        // The fields: the fixture without its type and the signatures its sender makes.
        fixture.members.removeAll { $0.key == "type" || CodecSuite.senderSignatures(type).contains($0.key) }
        let built = try CodecSuite.validCase(id: "fixture.\(type)", comment: "Raiden's fixture", type: type, fields: JSONValue.object(fixture).compactJSON(), key: CodecSuite.key)
        let c = try CodecSuiteTests.object(built.vector)

        // RFC 6979 is deterministic: the same fields and key sign to Raiden's very signature.
        #expect(c["signature"] == .string(signature), "\(type): the signature differs from Raiden's")
        guard case .object(let signers)? = c["signers"] else { Issue.record("\(type): no signers"); return }
        #expect(signers["signature"] == .string(Self.address))
        // Raiden's own signature, over the signed bytes the case states, recovers Raiden's signer.
        guard case .string(let signedHex)? = c["signed_bytes"], case .string(let digestHex)? = c["digest"] else { Issue.record("\(type)"); return }
        let signed = try Hex.decode(signedHex)
        #expect(EIP191.digest(signed).hex == digestHex)
        #expect(try Secp256k1.recover(digest: Hash32(hex: digestHex), signature: Signature(hex: signature)).hex == Self.address)
        // The wire is the fixture's JSON value (Raiden's key order varies with the hash seed).
        guard case .string(let wire)? = c["wire"] else { Issue.record("\(type): no wire"); return }
        #expect(try JSONParser.parse(Array(wire.utf8)).canonicalJSON() == (try JSONParser.parse(Array(data))).canonicalJSON())
        // And the suite's runner passes the case, encoding and decoding under both policies.
        if case .failed(let f) = CodecSuite.run(id: built.vector.id, c, NettingKitImplementation()) { Issue.record("\(f)") }
    }
}
