import NettingCodec
import NettingCrypto
import Testing

/// One test per decoding error code: each builds a message that breaks exactly one rule.
/// Where Raiden's own behaviour is the expectation, it comes from running Raiden 3.0.1's
/// MessageSerializer (the research notes behind spec/messages.yaml `decoding`).
@Suite struct DecodeErrorTests {
    static let processed = #"{"message_identifier":"1","signature":"0x7cde765d5815eb67fd4e2b798f212580d487f051f05433058674490d225e43ca16a8d32d2e7d5a5dff3f136961c0c47790d97cbbdcecefbf8dd909cbb94fd3611c","type":"Processed"}"#

    static func template(_ type: String) -> String { Templates.example(type)!.wire.wireJSONString }

    /// `text` with the first `"key":value` replaced.
    static func replacing(_ key: String, with value: String, in text: String) -> String {
        let json = try! JSONParser.parse(Array(text.utf8))
        guard case .object(var o) = json else { fatalError() }
        o.members = o.members.map { $0.key == key ? JSONMember(key: key, value: try! JSONParser.parse(Array(value.utf8))) : $0 }
        return String(decoding: JSONValue.object(o).compactJSON(), as: UTF8.self)
    }

    static func error(_ text: String, _ policy: DecodePolicy = .strict) -> DecodeError? {
        do {
            _ = try MessageCodec.decode(Array(text.utf8), policy: policy)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("{", DecodeErrorCode.jsonSyntax, ""),
        (String(repeating: "[", count: 100_000), .jsonTooDeep, ""),
        ("[1]", .messageNotAnObject, ""),
        (#"{"message_identifier":"1"}"#, .messageMissingType, "type"),
        (#"{"type":"processed"}"#, .messageUnknownType, "type"),
        (#"{"type":["Processed"]}"#, .messageUnknownType, "type"),
        (#"{"type":"Processed","signature":"0x"}"#, .fieldMissing, "message_identifier"),
        (replacing("message_identifier", with: "null", in: processed), .fieldNull, "message_identifier"),
        (replacing("message_identifier", with: "{}", in: processed), .fieldWrongJsonType, "message_identifier"),
        (replacing("message_identifier", with: "1", in: processed), .fieldWrongJsonType, "message_identifier"),
        (#"{"message_identifier":"1","message_identifier":"1","signature":"0x00","type":"Processed"}"#, .fieldDuplicateKey, "message_identifier"),
        (replacing("message_identifier", with: #""01""#, in: processed), .fieldNotCanonical, "message_identifier"),
        (replacing("message_identifier", with: #""0x10""#, in: processed), .fieldBadInteger, "message_identifier"),
        (replacing("message_identifier", with: #""18446744073709551616""#, in: processed), .fieldOutOfRange, "message_identifier"),
        (replacing("signature", with: #""0xzz""#, in: processed), .fieldBadHex, "signature"),
        (replacing("signature", with: #""0x00""#, in: processed), .fieldWrongLength, "signature"),
    ])
    func rejected(text: String, code: DecodeErrorCode, path: String) {
        let e = Self.error(text)
        #expect(e?.code == code, "\(text.prefix(80))")
        #expect(e?.path == path)
    }

    @Test func unknownFieldIsAnErrorOnlyWhenStrict() throws {
        let text = Self.processed.replacingOccurrences(of: #""type""#, with: #""extra":1,"type""#)
        #expect(Self.error(text)?.code == .fieldUnknown)
        #expect(Self.error(text)?.path == "extra")
        let decoded = try MessageCodec.decode(Array(text.utf8), policy: .raiden)
        #expect(decoded.leniencies == [Leniency(.objectUnknownKey, path: "extra")])
    }

    @Test func nonceZeroIsOutOfRangeUnderBothPolicies() {
        let text = Self.replacing("nonce", with: #""0""#, in: Self.template("Unlock"))
        #expect(Self.error(text)?.code == .fieldOutOfRange)
        #expect(Self.error(text, .raiden)?.code == .fieldOutOfRange)
        #expect(Self.error(text)?.path == "nonce")
    }

    @Test func nonceMustFitIn64BitsThoughPackedAs256() {
        let text = Self.replacing("nonce", with: #""18446744073709551616""#, in: Self.template("LockedTransfer"))
        #expect(Self.error(text, .raiden)?.code == .fieldOutOfRange)
    }

    @Test func addressChecksumIsCheckedOnlyWhenStrict() throws {
        let good = Self.template("WithdrawRequest")
        let wrong = Self.replacing("participant", with: #""0xEDe35562d3555e61120a151B3c8e8e91d83a378a""#, in: good)
        #expect(Self.error(wrong)?.code == .fieldBadChecksum)
        let checksummed = Self.replacing("participant", with: #""0xedE35562d3555e61120a151B3c8e8e91d83a378a""#, in: good)
        #expect(Self.error(checksummed)?.code == .fieldNotCanonical)
        // Raiden 3.0.1 never checks EIP-55: both decode, with the leniency named.
        #expect(try MessageCodec.decode(Array(wrong.utf8), policy: .raiden).leniencies == [Leniency(.addressNotLowerCase, path: "participant")])
    }

    @Test func boolAndTimestampAndMetadataErrors() {
        let wr = Self.replacing("coop_settle", with: #""maybe""#, in: Self.template("WithdrawRequest"))
        #expect(Self.error(wr, .raiden)?.code == .fieldBadBool)
        #expect(Self.error(wr)?.code == .fieldWrongJsonType)
        let fee = Self.replacing("timestamp", with: #""2000-01-01T00:00:00Z""#, in: Self.template("PFSFeeUpdate"))
        #expect(Self.error(fee, .raiden)?.code == .fieldBadTimestamp)
        let meta = Self.replacing("metadata", with: #"{"routes":[{"route":["0x12"]}]}"#, in: Self.template("LockedTransfer"))
        #expect(Self.error(meta)?.code == .fieldWrongLength)
        #expect(Self.error(meta)?.path == "metadata.routes[0].route[0]")
        let noRoutes = Self.replacing("metadata", with: #"{"secret":"0x00"}"#, in: Self.template("LockedTransfer"))
        #expect(Self.error(noRoutes, .raiden)?.code == .fieldMissing)
    }

    @Test func imbalancePenaltyMustIncrease() {
        var fee = Self.template("PFSFeeUpdate")
        fee = fee.replacingOccurrences(of: #""imbalance_penalty":null"#, with: #""imbalance_penalty":[["5","1"],["5","2"]]"#)
        #expect(Self.error(fee)?.code == .fieldBadImbalancePenalty)
    }

    /// The code `recoverSender` throws, or nil if it did not throw.
    static func recoveryError(_ message: Processed) -> DecodeErrorCode? {
        do {
            _ = try message.recoverSender()
            return nil
        } catch {
            return error.code
        }
    }

    /// Signature errors surface when the sender is recovered.
    @Test func signatureErrors() throws {
        let signed = try MessageCodec.decode(Array(Self.processed.utf8), policy: .strict)
        guard case .processed(var m) = signed.message else { Issue.record("type"); return }
        #expect(Self.recoveryError(m) == nil, "the fixture-key signature recovers")
        m.signature.v = 29
        #expect(Self.recoveryError(m) == .signatureInvalidV)
        var unsigned = Processed(messageIdentifier: 1)
        #expect(Self.recoveryError(unsigned) == .signatureROutOfRange, "65 zero bytes")
        unsigned.signature = Signature(r: Secp256k1.order, s: Hash32(words: (0, 0, 0, 1)), v: 27)
        #expect(Self.recoveryError(unsigned) == .signatureROutOfRange)
        unsigned.signature = Signature(r: Hash32(words: (0, 0, 0, 1)), s: Secp256k1.order, v: 27)
        #expect(Self.recoveryError(unsigned) == .signatureSOutOfRange)
        unsigned.signature = Signature(r: Hash32(words: (0, 0, 0, 5)), s: Hash32(words: (0, 0, 0, 1)), v: 27)
        #expect(Self.recoveryError(unsigned) == .signatureUnrecoverable, "5³ + 7 is not a square mod p, so no curve point has x = 5")
    }
}
