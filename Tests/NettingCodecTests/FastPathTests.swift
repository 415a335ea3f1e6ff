import Foundation
@testable import NettingCodec
import NettingCrypto
import Testing

/// The codec's fast paths (typed fields written as one token, keys checked in declaration order)
/// must give exactly what the general paths give.
@Suite struct FastPathTests {
    /// The writer's word-at-a-time escaping check against a byte-by-byte one: every length up to
    /// 20, every position, bytes that need escaping and bytes next to them that do not.
    @Test func needsEscapingAgreesWithAByteByByteCheck() {
        for length in 0...20 {
            for position in 0..<max(1, length) {
                for byte: UInt8 in [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xFF] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "k"), count: length)
                    if length > 0 { bytes[position] = byte }
                    let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
                    #expect(bytes.withUnsafeBufferPointer { JSONWriter.needsEscaping($0) } == expected, "length \(length), 0x\(String(byte, radix: 16)) at \(position)")
                }
            }
        }
    }

    @Test func typedFieldsWriteWhatTheGeneralWriterWrites() {
        let address = try! Address(hex: "0xede35562d3555e61120a151b3c8e8e91d83a378a")
        let hash = Keccak256.hash(Array("abc".utf8))
        let signature = Signature(r: hash, s: Keccak256.hash(Array("def".utf8)), v: 28)
        for key: StaticString in ["plain", "needs \"escaping\"\n", "é"] {
            var fast = JSONWriter(), general = JSONWriter()
            fast.beginObject(); general.beginObject()
            fast.field(key, UInt64.max); general.key(key); general.decimalString(String(UInt64.max))
            fast.field(key, UInt64(0)); general.key(key); general.decimalString("0")
            fast.field(key, UInt256.max); general.key(key); general.decimalString(UInt256.max.decimal)
            fast.field(key, address); general.key(key); general.hexString(address.bytes)
            fast.field(key, hash); general.key(key); general.hexString(hash.bytes)
            fast.field(key, signature); general.key(key); general.hexString(signature.bytes)
            fast.endObject(); general.endObject()
            #expect(fast.bytes == general.bytes, "key \(key.description)")
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

    /// Canonical hex is read eight digits at a time (SWAR). Every byte value at every position
    /// must be taken exactly when it is 0-9 or a-f, and land as its nibble; the expected value is
    /// Swift's own `UInt32(_:radix:)`, on the digits it accepts and we should.
    @Test func lowercaseHexWordsReadEveryByteAtEveryPosition() {
        let lowercase = Set("0123456789abcdef".utf8)
        for position in 0..<8 {
            for byte in UInt8.min...UInt8.max {
                var digits = Array("9a0f5e3c".utf8)
                digits[position] = byte
                let expected = digits.allSatisfy(lowercase.contains) ? UInt32(String(decoding: digits, as: UTF8.self), radix: 16) : nil
                let read = digits.withUnsafeBytes { Hex.lowercaseWord32(at: $0.baseAddress!) }
                #expect(read == expected, "byte \(byte) at \(position)")
            }
        }
        let sixteen = Array("0123456789abcdef".utf8)
        #expect(sixteen.withUnsafeBytes { Hex.lowercaseWord64(at: $0.baseAddress!) } == 0x0123_4567_89AB_CDEF)
    }

    /// Canonical addresses, hashes and signatures are read on the fast path; anything else (case,
    /// prefix, length, a signature Raiden would not make) is left to the general path, which
    /// reports the leniency or the error.
    @Test func canonicalHexFieldsReadOnlyTheCanonicalForm() throws {
        func read<T>(_ text: String, _ fast: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
            Array(text.utf8).withUnsafeBufferPointer(fast)
        }
        for seed in 0..<64 {
            let hash = Keccak256.hash([UInt8(seed)]), other = Keccak256.hash([UInt8(seed), 1])
            let address = try Address(hash.bytes[12...])
            let signature = Signature(r: hash, s: other, v: UInt8(seed))
            #expect(read(address.hex, FieldReader.canonicalAddress) == address)
            #expect(read(Hex.encode(hash.bytes), FieldReader.canonicalHash32) == hash)
            // A high s or a bare recovery id (v = 0, 1) is not a form Raiden signs: the full
            // path decides it (strict rejects it, raiden accepts it).
            let raidenForm = FieldReader.nonCanonicalForm(signature) == nil
            #expect(read(Hex.encode(signature.bytes), FieldReader.canonicalSignature) == (raidenForm ? signature : nil))
            #expect(read("0x" + address.hex.dropFirst(2).uppercased(), FieldReader.canonicalAddress) == nil)
            #expect(read(String(address.hex.dropFirst(2)), FieldReader.canonicalAddress) == nil)
            #expect(read(address.hex + "0", FieldReader.canonicalAddress) == nil)
            #expect(read(String(Hex.encode(hash.bytes).dropLast()), FieldReader.canonicalHash32) == nil)
        }
    }

    /// Metadata is hashed and kept straight from the parsed input; the tree-based writers (checked
    /// against canonicaljson 1.5.0 in JSONTests) must agree byte for byte, whatever the input's
    /// whitespace, escapes, duplicate keys or key order.
    @Test(arguments: [
        #"{"routes":[{"route":["0xede35562d3555e61120a151b3c8e8e91d83a378a"],"address_metadata":{}}]}"#,
        #" { "routes" : [ { "route" : [ "0xab" , "0xcd" ] , "address_metadata" : { } } ] , "secret" : null } "#,
        #"{"b":1,"a":[true,false,null,-1.5e3,"\u00e9\n\"x\""],"a":{"z":{},"y":[],"é":"\u0000"},"":""}"#,
        #"{"k":"v","k":"w","j":"\/"}"#,
        #"[{"b":{"d":1,"c":2},"a":[]},"s",{"x":"\ud83d\ude00"}]"#,
        #""just a string""#,
        "[]",
    ])
    func tapeWritersWriteWhatTheTreeWritersWrite(text: String) throws {
        let bytes = Array(text.utf8)
        let tree = try JSONParser.parse(bytes)
        try bytes.withUnsafeBufferPointer { input in
            try JSONTape.parse(input) { tape in
                var compact = JSONWriter(), canonical = JSONWriter()
                compact.compact(tape, 0)
                canonical.canonical(tape, 0)
                #expect(compact.bytes == tree.compactJSON())
                #expect(canonical.bytes == tree.canonicalJSON())
                // The input is its own compact form exactly when it has no whitespace or escapes.
                #expect(tape.isCompact(0) == (bytes == tree.compactJSON()))
                if tape.isCompact(0) {
                    let written = [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                        count = tape.writeCanonical(compact: 0, to: out.baseAddress!)
                    }
                    #expect(written == tree.canonicalJSON())
                }
            }.get()
        }
    }

    /// Metadata received in any spacing hashes the same and goes back on the wire compact.
    @Test func metadataWithWhitespaceHashesLikeTheCompactForm() throws {
        let unsigned = try #require(Templates.example("LockedTransfer")).wire
        let compactText = String(decoding: unsigned.wireJSON, as: UTF8.self)
        let spaced = compactText.replacingOccurrences(of: ":", with: " : ").replacingOccurrences(of: ",", with: " ,\n ")
        guard case .lockedTransfer(let a) = try MessageCodec.decode(Array(compactText.utf8), policy: .strict, allowUnsigned: true).message,
            case .lockedTransfer(let b) = try MessageCodec.decode(Array(spaced.utf8), policy: .strict, allowUnsigned: true).message
        else { Issue.record("not LockedTransfers"); return }
        #expect(a.metadata.hash == b.metadata.hash)
        #expect(a.metadata.wireJSON == b.metadata.wireJSON)
        #expect(b.wireJSON == unsigned.wireJSON)
    }

    @Test func longKeysParseToTheirOwnText() throws {
        // Shared strings for known keys; other keys of the same length are their own text.
        let text = #"{"message_identifier":1,"message_identifiex":2,"address_metadata\u0020":3}"#
        guard case .object(let object) = try JSONParser.parse(text) else { Issue.record("not an object"); return }
        #expect(object.members.map(\.key) == ["message_identifier", "message_identifiex", "address_metadata "])
    }
}
