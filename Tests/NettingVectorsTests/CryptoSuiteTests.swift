import Foundation
import NettingCrypto
@testable import NettingVectors
import Testing

/// The crypto suite: NettingKit passes every case, and a port with a plausible bug is caught
/// at the case and the member where it goes wrong, and nowhere it does not.
@Suite struct CryptoSuiteTests {
    /// The ids the manifest lists for a suite: what a run must pass in full.
    static func listed(_ suite: String) throws -> Set<String> {
        let manifest = try JSONSerialization.jsonObject(with: Data(try CorpusTests.read("manifest.json"))) as! [String: Any]
        let files = (manifest["files"] as! [[String: Any]]).filter { $0["suite"] as? String == suite }
        return Set(files.flatMap { $0["cases"] as! [String] })
    }

    static func run(_ implementation: any VectorImplementation) -> VectorReport {
        VectorRunner.run(read: CorpusTests.read, implementation: implementation)
    }

    /// The crypto failures of a run, by case id → the member that differs.
    static func failures(_ report: VectorReport, _ suite: String = CryptoSuite.name) -> [String: String] {
        Dictionary(report.failures.filter { $0.caseID.hasPrefix(suite + ".") }.map { ($0.caseID, $0.path) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func nettingKitPassesEveryCryptoCase() throws {
        let report = Self.run(NettingKitImplementation())
        let ids = try Self.listed(CryptoSuite.name)
        #expect(ids.count >= 60)
        #expect(Self.failures(report) == [:])
        #expect(ids.isSubset(of: Set(report.passed)), "not passed: \(ids.subtracting(report.passed).sorted().prefix(5))")
    }

    /// Every code of spec/vectors.yaml `crypto_codes` has a case of its kind (an error an invalid
    /// case, a leniency an acceptable one), and every case's code is declared there.
    @Test func everyCryptoCodeHasItsCase() throws {
        let files = try CryptoSuite.files()
        var seen: [String: Set<VectorResult>] = [:]
        for c in files.flatMap(\.cases) {
            guard let json = c.members.first(where: { $0.key == "code" })?.json, json != Array("null".utf8) else { continue }
            let code = String(decoding: json.dropFirst().dropLast(), as: UTF8.self)
            seen[code, default: []].insert(c.result)
        }
        let declared = Dictionary(uniqueKeysWithValues: VectorsSpecTable.cryptoCodes.map { ($0.code, $0.kind) })
        #expect(Set(seen.keys) == Set(declared.keys))
        for (code, kind) in declared {
            #expect(seen[code] == [kind == "error" ? .invalid : .acceptable], "\(code)")
        }
    }

    /// NettingCrypto's codes and the vectors' do not drift apart: every SignatureError code, and
    /// ValueError's for a signature of the wrong length, is a crypto code of spec/vectors.yaml.
    @Test func everySignatureErrorCodeIsDeclared() {
        // The switch stops compiling when SignatureError gains a case: add it to `all` and to the spec.
        func listed(_ e: SignatureError) -> Bool {
            switch e { case .invalidPrivateKey, .invalidRecoveryId, .rOutOfRange, .sOutOfRange, .unrecoverable: true }
        }
        let all: [SignatureError] = [.invalidPrivateKey, .invalidRecoveryId(29), .rOutOfRange, .sOutOfRange, .unrecoverable]
        let declared = Set(VectorsSpecTable.cryptoCodes.map(\.code))
        for e in all where listed(e) { #expect(declared.contains(e.code), "\(e.code)") }
        #expect(declared.contains(ValueError.wrongByteLength(expected: 65, actual: 64).code))
    }

    /// NettingKit with one bug planted.
    struct Planted: CryptoImplementation {
        enum Bug { case bareRecoveryID, keccakDropsLastByte, eip191HexLength, vModulo2, checksumAbove8, strictRecover }
        let bug: Bug
        let kit = NettingKitImplementation()

        func keccak256(_ data: [UInt8]) -> [UInt8] { kit.keccak256(bug == .keccakDropsLastByte ? Array(data.dropLast()) : data) }
        func address(publicKey: [UInt8]) throws(CryptoRejection) -> [UInt8] { try kit.address(publicKey: publicKey) }
        func address(privateKey: [UInt8]) throws(CryptoRejection) -> [UInt8] { try kit.address(privateKey: privateKey) }

        func checksummed(address: [UInt8]) -> String {
            guard bug == .checksumAbove8 else { return kit.checksummed(address: address) }
            let lower = Array(Hex.encode(address).utf8.dropFirst(2)), hash = Keccak256.hash(lower).bytes
            return "0x" + String(decoding: lower.enumerated().map { i, c in
                let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
                return c >= 0x61 && nibble > 8 ? c - 0x20 : c  // > where EIP-55 says ≥
            }, as: UTF8.self)
        }

        func eip191Digest(_ data: [UInt8]) -> [UInt8] {
            guard bug == .eip191HexLength else { return kit.eip191Digest(data) }
            return Keccak256.hash(EIP191.prefix + Array(String(data.count, radix: 16).utf8) + data).bytes
        }

        func sign(privateKey: [UInt8], digest: [UInt8]) throws(CryptoRejection) -> [UInt8] {
            var signature = try kit.sign(privateKey: privateKey, digest: digest)
            if bug == .bareRecoveryID { signature[64] -= 27 }
            return signature
        }

        func recover(digest: [UInt8], signature: [UInt8]) throws(CryptoRejection) -> [UInt8] {
            var signature = signature
            if bug == .vModulo2, signature.count == 65 { signature[64] = 27 + signature[64] % 2 }
            let signer = try kit.recover(digest: digest, signature: signature)
            if bug == .strictRecover {  // what NettingKit takes, less what Raiden never signs
                if signature[64] < 27 { throw CryptoRejection(code: "strict.v_not_27_28") }
                if (try? Hash32(signature[32..<64])).map({ $0 > Secp256k1.halfOrder }) == true { throw CryptoRejection(code: "strict.high_s") }
            }
            return signer
        }
    }

    @Test func aSignerThatWritesTheBareRecoveryIDFailsEverySignCase() {
        let failures = Self.failures(Self.run(Planted(bug: .bareRecoveryID)))
        #expect(failures["crypto.sign.alice_eip191_abc"] == "signature")
        #expect(failures["crypto.sign.key_2_eip191_abc"] == "signature")
        #expect(failures.keys.allSatisfy { $0.hasPrefix("crypto.sign.") })
        #expect(failures.count == 8, "every valid sign case, no other: \(failures.keys.sorted())")
    }

    @Test func keccakOfTheWrongBytesIsCaughtWhereTheBytesDiffer() {
        let failures = Self.failures(Self.run(Planted(bug: .keccakDropsLastByte)))
        #expect(failures["crypto.keccak.abc"] == "keccak256")
        #expect(failures["crypto.keccak.len_137"] == "keccak256")
        #expect(failures["crypto.keccak.empty"] == nil, "no byte to drop")
    }

    /// Lengths up to 9 read the same in hex: the boundary cases are what catch it.
    @Test func anEIP191LengthInHexIsCaughtFromTenBytesOn() {
        let failures = Self.failures(Self.run(Planted(bug: .eip191HexLength)))
        #expect(failures["crypto.eip191.len_10"] == "digest")
        #expect(failures["crypto.eip191.len_9"] == nil)
        #expect(failures["crypto.eip191.abc"] == nil)
    }

    @Test func aRecoverThatTakesAnyVIsCaughtAtTheBadV() {
        let failures = Self.failures(Self.run(Planted(bug: .vModulo2)))
        #expect(failures["crypto.recover.v_29"] == "code")
        #expect(failures["crypto.recover.v_2"] == "code")
        #expect(failures["crypto.recover.v_0"] == nil, "acceptable: the value is still the signer")
    }

    @Test func anEIP55ThatUpperCasesAbove8IsCaughtAtThePublishedExamples() {
        let failures = Self.failures(Self.run(Planted(bug: .checksumAbove8)))
        #expect(failures.values.allSatisfy { $0 == "checksummed" })
        #expect(failures.keys.contains { $0.hasPrefix("crypto.addresses.eip55_") })
    }

    /// Rejecting what Raiden takes but never makes is allowed: acceptable cases pass either way.
    @Test func aStrictRecoverPassesTheAcceptableCases() {
        let report = Self.run(Planted(bug: .strictRecover))
        #expect(Self.failures(report) == [:])
        #expect(report.passed.contains("crypto.recover.high_s_v27"))
        #expect(report.passed.contains("crypto.recover.v_0"))
    }

    /// A machine-only implementation skips the crypto cases, and says so: they are not passed.
    @Test func aMachineOnlyImplementationSkipsTheCryptoCases() throws {
        struct MachineOnly: ChannelImplementation {
            func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
                try NettingKitImplementation().step(state: state, input: input)
            }
        }
        let report = Self.run(MachineOnly())
        #expect(try Self.listed(CryptoSuite.name).isSubset(of: Set(report.skipped)))
        #expect(!report.passed.contains { $0.hasPrefix("crypto.") })
    }
}
