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
}
