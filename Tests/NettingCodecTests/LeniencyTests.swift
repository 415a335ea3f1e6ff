import NettingCodec
import NettingCrypto
import Testing

/// The `raiden` policy accepts what Raiden 3.0.1's decoder accepts and names each leniency.
/// Expected acceptances were observed by running Raiden 3.0.1's MessageSerializer (marshmallow
/// 3.14, eth-utils 1.10): JSON numbers, floats truncated toward zero, spaces, leading zeros,
/// "+", underscores, Unicode digits; hex without 0x, upper case, odd length; any-case addresses.
@Suite struct LeniencyTests {
    static let template = Templates.example("LockedTransfer")!.wire.wireJSONString

    static func decode(_ key: String, _ value: String, in text: String = template) throws -> Decoded {
        try MessageCodec.decode(Array(DecodeErrorTests.replacing(key, with: value, in: text).utf8), policy: .raiden)
    }

    @Test(arguments: [
        ("1", LeniencyCode.integerJsonNumber, UInt64(1)),
        ("1.9", .integerJsonFloat, 1),
        (#"" 1 ""#, .integerWhitespace, 1),
        (#""007""#, .integerLeadingZeros, 7),
        (#""+5""#, .integerPlusSign, 5),
        (#""1_0""#, .integerUnderscores, 10),
        (#""１２""#, .integerUnicodeDigits, 12),
    ])
    func integerSpellings(value: String, leniency: LeniencyCode, expected: UInt64) throws {
        let decoded = try Self.decode("nonce", value)
        guard case .lockedTransfer(let t) = decoded.message else { Issue.record("type"); return }
        #expect(t.nonce == expected)
        #expect(decoded.leniencies.map(\.code).contains(leniency))
        #expect(decoded.leniencies.allSatisfy { $0.path == "nonce" })
        // The canonical form is what we emit again.
        #expect(!t.wireJSONString.contains(value) || value == "1")
    }

    @Test func strictRejectsEveryLenientSpelling() {
        for value in ["1", "1.9", #"" 1 ""#, #""007""#, #""+5""#, #""1_0""#, #""１２""#] {
            let text = DecodeErrorTests.replacing("nonce", with: value, in: Self.template)
            #expect(DecodeErrorTests.error(text) != nil, "\(value)")
        }
    }

    @Test func hexSpellings() throws {
        let root = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        #expect(try Self.decode("locksroot", "\"\(root)\"").leniencies.map(\.code) == [.hexNoPrefix])
        #expect(try Self.decode("locksroot", "\"0x\(root.uppercased())\"").leniencies.map(\.code) == [.hexUpperCase])
        #expect(try Self.decode("locksroot", "\"0X\(root)\"").leniencies.map(\.code) == [.hexNoPrefix])
        let odd = try Self.decode("locksroot", "\"0x\(root.dropFirst())\"")
        #expect(odd.leniencies.map(\.code) == [.hexOddLength])
    }

    @Test func metadataTypeKeysAreStrippedBeforeHashing() throws {
        let plain = try MessageCodec.decode(Array(Self.template.utf8), policy: .strict)
        guard case .lockedTransfer(let original) = plain.message else { return }
        let typed = try Self.decode("metadata", #"{"_type":"Metadata","routes":[{"route":["0xede35562d3555e61120a151b3c8e8e91d83a378a","0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a"],"address_metadata":{}}]}"#)
        guard case .lockedTransfer(let stripped) = typed.message else { return }
        #expect(typed.leniencies.map(\.code) == [.metadataTypeKey])
        #expect(stripped.metadata.hash == original.metadata.hash)
    }

    @Test func missingDefaultsAreFilled() throws {
        let wr = Templates.example("WithdrawRequest")!.wire.wireJSONString.replacingOccurrences(of: #","coop_settle":false"#, with: "")
        let decoded = try MessageCodec.decode(Array(wr.utf8), policy: .raiden)
        #expect(decoded.leniencies == [Leniency(.objectDefaultUsed, path: "coop_settle")])
        #expect(throws: DecodeError.self) { try MessageCodec.decode(Array(wr.utf8), policy: .strict) }
    }

    /// marshmallow's Boolean accepts these spellings (seen running Raiden 3.0.1's decoder).
    @Test(arguments: [("1", true), (#""yes""#, true), (#""On""#, true), ("0", false), (#""f""#, false), (#""NO""#, false)])
    func boolSpellings(value: String, expected: Bool) throws {
        let wr = Templates.example("WithdrawRequest")!.wire.wireJSONString
        let decoded = try Self.decode("coop_settle", value, in: wr)
        guard case .withdrawRequest(let m) = decoded.message else { Issue.record("type"); return }
        #expect(m.coopSettle == expected)
        #expect(decoded.leniencies == [Leniency(.boolSpelling, path: "coop_settle")])
    }

    /// marshmallow's NaiveDateTime accepts a space separator and single digits; the signature
    /// covers isoformat() of the parsed value, so both spellings sign the same bytes.
    @Test func timestampSpellingsSignTheSameBytes() throws {
        let fee = Templates.example("PFSFeeUpdate")!.wire.wireJSONString
        let canonical = try MessageCodec.decode(Array(fee.utf8), policy: .strict)
        let spaced = try Self.decode("timestamp", #""2000-1-1 0:0""#, in: fee)
        #expect(spaced.leniencies == [Leniency(.timestampForm, path: "timestamp")])
        #expect(spaced.message.wire.signedBytes() == canonical.message.wire.signedBytes())
    }

    /// Python's json keeps the last of duplicate keys; so does the raiden policy, and says so.
    @Test func duplicateKeysKeepTheLast() throws {
        let text = Templates.example("Processed")!.wire.wireJSONString.replacingOccurrences(of: #"{"message_identifier":"1""#, with: #"{"message_identifier":"9","message_identifier":"1""#)
        let decoded = try MessageCodec.decode(Array(text.utf8), policy: .raiden)
        guard case .processed(let p) = decoded.message else { Issue.record("type"); return }
        #expect(p.messageIdentifier == 1)
        #expect(decoded.leniencies == [Leniency(.objectDuplicateKey, path: "message_identifier")])
    }
}
