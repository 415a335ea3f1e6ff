import NettingCodec
import NettingCrypto
import Testing

/// The codec's fast paths (typed fields written as one token, keys checked in declaration order)
/// must give exactly what the general paths give.
@Suite struct FastPathTests {
    @Test func typedFieldsWriteWhatTheGeneralWriterWrites() {
        let address = try! Address(hex: "0xede35562d3555e61120a151b3c8e8e91d83a378a")
        let hash = Keccak256.hash(Array("abc".utf8))
        let signature = Signature(r: hash, s: Keccak256.hash(Array("def".utf8)), v: 28)
        for key in ["plain", "needs \"escaping\"\n", "é"] {
            var fast = JSONWriter(), general = JSONWriter()
            fast.beginObject(); general.beginObject()
            fast.field(key, UInt64.max); general.key(key); general.decimalString(String(UInt64.max))
            fast.field(key, UInt64(0)); general.key(key); general.decimalString("0")
            fast.field(key, UInt256.max); general.key(key); general.decimalString(UInt256.max.decimal)
            fast.field(key, address); general.key(key); general.hexString(address.bytes)
            fast.field(key, hash); general.key(key); general.hexString(hash.bytes)
            fast.field(key, signature); general.key(key); general.hexString(signature.bytes)
            fast.endObject(); general.endObject()
            #expect(fast.bytes == general.bytes, "key \(key)")
        }
    }

    /// Hex digits are formatted eight at a time; every nibble value must land in its place.
    @Test func hexFieldsWriteWhatTheGeneralWriterWritesForManyValues() throws {
        let patterns: [[UInt8]] = [Array(repeating: 0, count: 32), Array(repeating: 0xFF, count: 32), (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 0x11) }]
        for bytes in patterns + (0..<64).map({ Keccak256.hash([UInt8($0)]).bytes }) {
            let hash = try Hash32(bytes), address = try Address(bytes[0..<20])
            var fast = JSONWriter(), general = JSONWriter()
            fast.beginObject(); general.beginObject()
            fast.field("h", hash); general.key("h"); general.hexString(hash.bytes)
            fast.field("a", address); general.key("a"); general.hexString(address.bytes)
            fast.endObject(); general.endObject()
            #expect(fast.bytes == general.bytes)
        }
    }

    @Test(arguments: [
        // Out of declaration order: still known, no error.
        (#"{"type":"Processed","signature":"0x7cde765d5815eb67fd4e2b798f212580d487f051f05433058674490d225e43ca16a8d32d2e7d5a5dff3f136961c0c47790d97cbbdcecefbf8dd909cbb94fd3611c","message_identifier":"1"}"#, nil),
        // A repeated key after the in-order ones.
        (#"{"message_identifier":"1","signature":"0x7cde765d5815eb67fd4e2b798f212580d487f051f05433058674490d225e43ca16a8d32d2e7d5a5dff3f136961c0c47790d97cbbdcecefbf8dd909cbb94fd3611c","type":"Processed","message_identifier":"2"}"#, DecodeErrorCode.fieldDuplicateKey),
        // An unknown key that differs from a known one only past its length.
        (#"{"message_identifier":"1","signature":"0x7cde765d5815eb67fd4e2b798f212580d487f051f05433058674490d225e43ca16a8d32d2e7d5a5dff3f136961c0c47790d97cbbdcecefbf8dd909cbb94fd3611c","type":"Processed","types":"x"}"#, .fieldUnknown),
    ])
    func keysOutOfTheCanonicalShapeAreCheckedInFull(text: String, code: DecodeErrorCode?) {
        var thrown: DecodeErrorCode?
        do { _ = try MessageCodec.decode(Array(text.utf8), policy: .strict) } catch { thrown = error.code }
        #expect(thrown == code)
    }

    @Test(arguments: Message.typeNames)
    func signedDigestIsTheEIP191DigestOfTheSignedBytes(typeName: String) throws {
        let message = try #require(Templates.example(typeName)).wire
        #expect(message.signedDigest() == EIP191.digest(message.signedBytes()))
    }

    /// Strings are scanned eight bytes at a time; a byte that needs attention must be found at
    /// every position within a word.
    @Test func stringsFindEveryByteThatNeedsAttentionAtAnyOffset() throws {
        for offset in 0..<17 {
            let pad = String(repeating: "a", count: offset)
            #expect(try JSONParser.parse("\"\(pad)\"") == .string(pad))
            #expect(try JSONParser.parse("\"\(pad)\\n\(pad)\"") == .string(pad + "\n" + pad))
            #expect(try JSONParser.parse("\"\(pad)\\\"\(pad)\"") == .string(pad + "\"" + pad))
            #expect(try JSONParser.parse("\"\(pad)é\(pad)\"") == .string(pad + "é" + pad))
            #expect(try JSONParser.parse("\"\(pad)\u{7F}\(pad)\"") == .string(pad + "\u{7F}" + pad))
            for control in ["\u{0}", "\u{1F}", "\t"] {
                var thrown: JSONParseError?
                do { _ = try JSONParser.parse("\"\(pad)\(control)\(pad)\"") } catch { thrown = error }
                #expect(thrown?.code == .invalidString && thrown?.offset == offset + 1, "offset \(offset)")
            }
            var invalid: JSONParseError?
            do { _ = try JSONParser.parse(Array("\"\(pad)".utf8) + [0xFF] + Array("\"".utf8)) } catch { invalid = error }
            #expect(invalid?.code == .invalidUTF8 && invalid?.offset == offset + 1, "offset \(offset)")
        }
    }

    @Test func longKeysParseToTheirOwnText() throws {
        // Shared strings for known keys; other keys of the same length are their own text.
        let text = #"{"message_identifier":1,"message_identifiex":2,"address_metadata\u0020":3}"#
        guard case .object(let object) = try JSONParser.parse(text) else { Issue.record("not an object"); return }
        #expect(object.members.map(\.key) == ["message_identifier", "message_identifiex", "address_metadata "])
    }
}
