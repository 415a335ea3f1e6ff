import Foundation
@testable import NettingCodec
import NettingCrypto
import Testing

/// The decoder's one-pass fast path (`CanonicalReader`) never decides anything the full decoder
/// would decide otherwise: whatever it reads, the full decoder reads as the same message with no
/// leniency under both policies; and it does read what Raiden and we write.
@Suite struct CanonicalReaderTests {
    static let key = try! PrivateKey(Array(repeating: 0x44, count: 32))

    static func fast(_ bytes: [UInt8]) -> Message? {
        bytes.withUnsafeBufferPointer { $0.count == 0 ? nil : CanonicalReader.decode($0) }
    }

    static func full(_ bytes: [UInt8], _ policy: DecodePolicy) -> Decoded? {
        bytes.withUnsafeBufferPointer { bytes in
            try? MessageCodec.decodeInFull(bytes: bytes, policy: policy, allowUnsigned: false)
        }
    }

    /// The property itself: a fast read agrees with the full decoder under both policies. Message
    /// equality compares metadata by its wire JSON only, so every stored value (routes, metadata
    /// hash) is compared through the message's description, and the signed digest too.
    static func expectAgreement(_ bytes: [UInt8], _ comment: @autoclosure () -> String) -> Bool {
        guard let message = fast(bytes) else { return false }
        for policy in DecodePolicy.allCases {
            let decoded = full(bytes, policy)
            #expect(decoded?.message == message, "\(policy): \(comment())")
            #expect(decoded.map { String(describing: $0.message) } == String(describing: message), "\(policy): \(comment())")
            #expect(decoded?.message.wire.signedDigest() == message.wire.signedDigest(), "\(policy): \(comment())")
            #expect(decoded?.leniencies == [], "\(policy): \(comment())")
        }
        return true
    }

    @Test(arguments: Message.typeNames)
    func readsWhatWeWrite(typeName: String) {
        let bytes = Templates.example(typeName)!.wire.signed(with: Self.key).wireJSON
        #expect(Self.expectAgreement(bytes, typeName), "\(typeName) is read by the fast path")
    }

    /// Raiden writes `", "` and `": "` between tokens, and its key order changes from run to run.
    @Test(arguments: Message.typeNames)
    func readsRaidenSeparatorsInAnyKeyOrder(typeName: String) throws {
        let bytes = Templates.example(typeName)!.wire.signed(with: Self.key).wireJSON
        let tree = try JSONParser.parse(bytes)
        var rng = RobustnessTests.SplitMix64(state: 11)
        for round in 0..<20 {
            let spaced = Array(Self.pythonStyle(tree, &rng).utf8)
            #expect(Self.expectAgreement(spaced, "\(typeName) round \(round)"), "\(String(decoding: spaced, as: UTF8.self))")
        }
    }

    /// Raiden's own fixtures: pretty-printed, keys sorted, metadata without address metadata.
    @Test(arguments: Message.typeNames)
    func readsRaidenFixtures(typeName: String) throws {
        let bytes = try RaidenFixtureTests.fixture(typeName)
        #expect(Self.expectAgreement(bytes, typeName))
    }

    /// Seeded mutations of every form above: the fast path reads some and agrees on all of them.
    @Test(arguments: Message.typeNames)
    func agreesOnMutations(typeName: String) throws {
        let ours = Templates.example(typeName)!.wire.signed(with: Self.key).wireJSON
        var rng = RobustnessTests.SplitMix64(state: UInt64(typeName.utf8.count) &* 104_729)
        let bases = [ours, Array(Self.pythonStyle(try JSONParser.parse(ours), &rng).utf8), try RaidenFixtureTests.fixture(typeName)]
        var read = 0
        for _ in 0..<1_000 {
            var bytes = bases[Int(rng.next() % 3)]
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let i = Int(rng.next() % UInt64(max(1, bytes.count)))
                let interesting = RobustnessTests.interesting + Array(#" \"\\u0065_type"#.utf8)
                switch rng.next() % 5 {
                case 0 where !bytes.isEmpty: bytes[i] = interesting[Int(rng.next() % UInt64(interesting.count))]
                case 1: bytes.insert(interesting[Int(rng.next() % UInt64(interesting.count))], at: min(i, bytes.count))
                case 2 where !bytes.isEmpty: bytes.remove(at: i)
                case 3:
                    // A run of the message repeated elsewhere: duplicated members, nested copies.
                    let j = Int(rng.next() % UInt64(max(1, bytes.count)))
                    bytes.insert(contentsOf: bytes[min(i, j)..<max(i, j)].prefix(120), at: Int(rng.next() % UInt64(bytes.count + 1)))
                default: bytes = Array(bytes.prefix(i))
                }
            }
            if Self.expectAgreement(bytes, String(decoding: bytes, as: UTF8.self)) { read += 1 }
        }
        #expect(read > 0, "whitespace and digit changes leave some mutations readable")
    }

    /// Every field's value replaced by spellings around each rule (digits, widths, minimums, hex
    /// case and length, timestamps, imbalance penalties, JSON types): the fast path reads exactly the ones the full decoder reads
    /// without a leniency.
    @Test(arguments: Message.typeNames)
    func agreesOnEveryFieldSpelling(typeName: String) throws {
        let tree = try JSONParser.parse(Templates.example(typeName)!.wire.signed(with: Self.key).wireJSON)
        guard case .object(let object) = tree else { Issue.record("not an object"); return }
        let hex40 = String(repeating: "ab", count: 20), hex64 = String(repeating: "cd", count: 32)
        let decimals = [
            "0", "1", "00", "01", "10", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x1", "",
            "18446744073709551615", "18446744073709551616", String(repeating: "9", count: 78), String(repeating: "9", count: 79),
            "115792089237316195423570985008687907853269984665640564039457584007913129639935",
            "115792089237316195423570985008687907853269984665640564039457584007913129639936",
        ]
        let spellings: [JSONValue] = decimals.map { .string($0) } + [
            .string("0x" + hex40), .string("0x" + hex40.uppercased()), .string("0X" + hex40), .string(hex40),
            .string("0x" + hex40.dropLast()), .string("0x" + hex40 + "a"), .string("0x" + hex40 + "ab"),
            .string("0x" + hex64), .string("0x" + hex64 + hex64 + "1b"), .string("0x" + hex64 + hex64 + "1"),
            .number("1"), .number("0"), .bool(true), .bool(false), .null, .array([]), .object(JSONObject(members: [])),
            // Timestamps: isoformat's own forms, and ones Python reads but does not write.
            .string("2000-01-01T00:00:00"), .string("2000-01-01T00:00:00.000001"), .string("2000-01-01T00:00:00.000000"),
            .string("2000-01-01 00:00:00"), .string("2000-01-01T00:00"), .string("2000-01-01T00:00:00Z"),
            .string("2000-01-01T00:00:00+00:00"), .string("2000-1-01T00:00:00"), .string("2000-01-01T24:00:00"),
            // Imbalance penalties: pairs of decimal strings, x strictly increasing.
            .array([.array([.string("0"), .string("0")])]), .array([.array([.string("1"), .string("2")]), .array([.string("3"), .string("4")])]),
            .array([.array([.string("1"), .string("2")]), .array([.string("1"), .string("4")])]),
            .array([.array([.string("1"), .string("2")]), .array([.string("0"), .string("3")])]),
            .array([.array([.string("1")])]), .array([.array([.string("01"), .string("2")])]),
            .array([.array([.number("1"), .number("2")])]), .array([.string("1")]),
        ]
        var read = 0, declined = 0
        for (m, member) in object.members.enumerated() {
            var variants = spellings
            if case .object(let nested) = member.value {
                for (n, inner) in nested.members.enumerated() where inner.key != "routes" {
                    for spelling in spellings {
                        var edited = nested
                        edited.members[n].value = spelling
                        variants.append(.object(edited))
                    }
                }
            }
            for variant in variants {
                var edited = object
                edited.members[m].value = variant
                let bytes = JSONValue.object(edited).compactJSON()
                if Self.expectAgreement(bytes, "\(member.key): \(String(decoding: bytes, as: UTF8.self))") { read += 1 } else { declined += 1 }
            }
        }
        #expect(read > 0 && declined > 0, "read \(read), declined \(declined)")
    }

    /// Every byte below 0x21 (JSON's four whitespace characters and the ones that are not)
    /// between every two tokens: read exactly when the full decoder reads it.
    @Test(arguments: ["LockedTransfer", "RequestMonitoring", "WithdrawRequest"])
    func agreesOnEveryByteBetweenTokens(typeName: String) throws {
        let bytes = Templates.example(typeName)!.wire.signed(with: Self.key).wireJSON
        var inString = false, positions: [Int] = [0, bytes.count]
        for (k, c) in bytes.enumerated() {
            if c == UInt8(ascii: "\"") { inString.toggle(); if !inString { positions.append(k + 1) } else { positions.append(k) } }
            if !inString, "{}[],:".utf8.contains(c) { positions += [k, k + 1] }
        }
        var read = 0
        for position in Set(positions).sorted() {
            for c in UInt8(0)...0x20 {
                var edited = bytes
                edited.insert(c, at: position)
                let readable = Self.expectAgreement(edited, "0x\(String(c, radix: 16)) at \(position)")
                if readable { read += 1 }
                if [0x20, 0x0A, 0x0D, 0x09].contains(c) { #expect(readable, "JSON whitespace 0x\(String(c, radix: 16)) at \(position)") }
            }
        }
        #expect(read > 0)
    }

    /// Inputs the fast path must leave to the full decoder, whatever the full decoder decides.
    @Test func declinesWhatIsNotCanonical() throws {
        let bytes = Templates.example("LockedTransfer")!.wire.signed(with: Self.key).wireJSON
        let text = String(decoding: bytes, as: UTF8.self)
        let cases: [(String, String)] = [
            ("an escaped key", text.replacingOccurrences(of: "\"nonce\"", with: "\"nonc\\u0065\"")),
            ("a duplicate key", text.replacingOccurrences(of: "{\"message_identifier\":\"1\",", with: "{\"message_identifier\":\"1\",\"message_identifier\":\"1\",")),
            ("an unknown key", text.replacingOccurrences(of: "\"type\":", with: "\"extra\":\"1\",\"type\":")),
            ("a number", text.replacingOccurrences(of: "\"chain_id\":\"337\"", with: "\"chain_id\":337")),
            ("a leading zero", text.replacingOccurrences(of: "\"chain_id\":\"337\"", with: "\"chain_id\":\"0337\"")),
            ("nonce zero", text.replacingOccurrences(of: "\"nonce\":\"1\"", with: "\"nonce\":\"0\"")),
            ("upper-case hex", text.replacingOccurrences(of: "0xede35562d3555e61120a151b3c8e8e91d83a378a", with: "0xEDE35562D3555E61120A151B3C8E8E91D83A378A")),
            ("a _type in metadata", text.replacingOccurrences(of: "{\"routes\":", with: "{\"_type\":\"Metadata\",\"routes\":")),
            ("a missing field", text.replacingOccurrences(of: "\"nonce\":\"1\",", with: "")),
            ("trailing data", text + "x"),
            ("the tag of a type with other fields", text.replacingOccurrences(of: "\"type\":\"LockedTransfer\"", with: "\"type\":\"Unlock\"")),
            ("a 2^64 nonce", text.replacingOccurrences(of: "\"nonce\":\"1\"", with: "\"nonce\":\"18446744073709551616\"")),
            ("a tab before the tag's quote", text.replacingOccurrences(of: "\"type\":\"", with: "\"type\":\t\"")),
        ]
        for (what, mutated) in cases {
            let bytes = Array(mutated.utf8)
            #expect(mutated != text, "\(what): the case changes the message")
            if what == "a tab before the tag's quote" {
                // JSON whitespace: the tag is still found, and read.
                #expect(Self.expectAgreement(bytes, what))
            } else {
                #expect(Self.fast(bytes) == nil, "\(what)")
            }
        }
    }

    /// Plain routes in every arrangement the plain-routes reader takes: several routes in order,
    /// either key first, `address_metadata` absent, empty routes, no routes, whitespace.
    @Test func plainRoutesInEveryArrangement() throws {
        let text = String(decoding: Templates.example("LockedTransfer")!.wire.signed(with: Self.key).wireJSON, as: UTF8.self)
        // The template's metadata runs from its `{"routes":` to the `,"type":` written after it.
        let metadata = try #require(text.range(of: #"{"routes":"#)).lowerBound..<(try #require(text.range(of: #","type":"#)).lowerBound)
        let (a, b, c) = ("\"0x" + String(repeating: "a1", count: 20) + "\"", "\"0x" + String(repeating: "b2", count: 20) + "\"", "\"0x" + String(repeating: "c3", count: 20) + "\"")
        let arrangements = [
            #"{"routes":[{"route":[A,B],"address_metadata":{}},{"address_metadata":{},"route":[B]},{"route":[]},{"route":[C,A,B]}]}"#,
            #"{"routes":[{"route":[C]},{"route":[B,A],"address_metadata":{}}]}"#,
            #"{"routes":[]}"#,
            #"{ "routes" : [ { "address_metadata" : { } , "route" : [ A , C ] } , { "route" : [ B ] } ] }"#,
        ]
        for arrangement in arrangements {
            let edited = text.replacingCharacters(in: metadata, with: arrangement.replacingOccurrences(of: "A", with: a).replacingOccurrences(of: "B", with: b).replacingOccurrences(of: "C", with: c))
            #expect(Self.expectAgreement(Array(edited.utf8), arrangement), "\(arrangement) is read by the fast path")
        }
    }

    /// Metadata the plain-routes reader leaves to the full parser still reads, and agrees.
    @Test func metadataWithAddressMetadataTakesTheGeneralPath() throws {
        let bytes = Templates.example("LockedTransfer")!.wire.signed(with: Self.key).wireJSON
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(
            of: "\"address_metadata\":{}",
            with: "\"address_metadata\":{\"0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a\":{\"user_id\":\"@0x19e7:raiden.network\",\"displayname\":\"0xab\"}}")
        #expect(Self.expectAgreement(Array(text.utf8), "address metadata"))
        // The same with the routes written out of order and spaced: hash and wire form agree.
        let spaced = text.replacingOccurrences(of: ",\"", with: ", \"").replacingOccurrences(of: "\":", with: "\": ")
        #expect(Self.expectAgreement(Array(spaced.utf8), "spaced address metadata"))
    }

    /// A value as Python's `json.dumps` writes it by default, members in a random order.
    static func pythonStyle(_ value: JSONValue, _ rng: inout RobustnessTests.SplitMix64) -> String {
        switch value {
        case .object(let object):
            let members = object.members.shuffled(using: &rng)
            return "{" + members.map { "\"\($0.key)\": " + pythonStyle($0.value, &rng) }.joined(separator: ", ") + "}"
        case .array(let elements): return "[" + elements.map { pythonStyle($0, &rng) }.joined(separator: ", ") + "]"
        case .string(let s): return "\"\(s)\""
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
