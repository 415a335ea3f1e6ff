import NettingCodec
import Testing

/// A decimal string whose value no spelling makes valid (past 2^256 − 1, or negative) is
/// field.out_of_range under both policies; only a valid value in another spelling is
/// field.not_canonical under strict (the codec suite's invalid cases hold both).
@Suite struct RangeCodeTests {
    static let text = Templates.example("SecretRequest")!.wire.wireJSONString

    @Test(arguments: [
        ("115792089237316195423570985008687907853269984665640564039457584007913129639936", DecodeErrorCode.fieldOutOfRange, DecodeErrorCode.fieldOutOfRange),
        ("-1", .fieldOutOfRange, .fieldOutOfRange),
        ("-0", .fieldNotCanonical, nil),
        ("050", .fieldNotCanonical, nil),
    ] as [(String, DecodeErrorCode, DecodeErrorCode?)])
    func amountSpellings(amount: String, strict: DecodeErrorCode, raiden: DecodeErrorCode?) {
        let text = DecodeErrorTests.replacing("amount", with: "\"\(amount)\"", in: Self.text)
        #expect(DecodeErrorTests.error(text, .strict)?.code == strict)
        #expect(DecodeErrorTests.error(text, .strict)?.path == "amount")
        #expect(DecodeErrorTests.error(text, .raiden)?.code == raiden)
    }
}
