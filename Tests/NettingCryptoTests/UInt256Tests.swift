import NettingCrypto
import Testing

@Suite struct UInt256Tests {
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"  // 2^256 − 1
    static let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"

    @Test func decimalRoundTripsAtTheBoundaries() throws {
        for text in ["0", "1", "18446744073709551615", "18446744073709551616", "10000000000000000000",
                     "340282366920938463463374607431768211456", Self.maxDecimal] {
            #expect(try UInt256(decimal: text).decimal == text)
        }
        #expect(try UInt256(decimal: Self.maxDecimal) == .max)
        #expect(try UInt256(decimal: "18446744073709551616") == UInt256(words: (0, 0, 1, 0)))
        #expect(try UInt256(decimal: "007") == 7, "leading zeros are digits")
    }

    @Test(arguments: [
        ("", ValueError.empty),
        (twoTo256, .outOfRange(bits: 256)),
        ("-1", .invalidDecimalCharacter("-", offset: 0)),
        ("+1", .invalidDecimalCharacter("+", offset: 0)),
        (" 1", .invalidDecimalCharacter(" ", offset: 0)),
        ("1 ", .invalidDecimalCharacter(" ", offset: 1)),
        ("0x10", .invalidDecimalCharacter("x", offset: 1)),
        ("1e3", .invalidDecimalCharacter("e", offset: 1)),
        ("1.0", .invalidDecimalCharacter(".", offset: 1)),
        ("١", .invalidDecimalCharacter("١", offset: 0)),
    ])
    func parseErrors(text: String, error: ValueError) {
        #expect(throws: error) { try UInt256(decimal: text) }
    }

    @Test func uint64Fields() throws {
        #expect(try UInt64(canonicalDecimal: "18446744073709551615") == .max)
        #expect(throws: ValueError.outOfRange(bits: 64)) { try UInt64(canonicalDecimal: "18446744073709551616") }
        #expect(throws: ValueError.invalidDecimalCharacter("-", offset: 0)) { try UInt64(canonicalDecimal: "-0") }
    }

    @Test func checkedArithmeticReportsInsteadOfWrapping() throws {
        #expect(throws: AmountError.overflow) { try UInt256.max.adding(.one) }
        #expect(throws: AmountError.underflow) { try UInt256.zero.subtracting(.one) }
        #expect(try UInt256.max.subtracting(.max) == .zero)
        #expect(try UInt256(words: (0, 0, 0, .max)).adding(.one) == UInt256(words: (0, 0, 1, 0)), "carry crosses words")
        #expect(try UInt256(words: (0, 1, 0, 0)).subtracting(.one) == UInt256(words: (0, 0, .max, .max)), "borrow crosses words")
        #expect(UInt256.max.saturatingAdding(2) == .max)
        #expect(UInt256(3).saturatingSubtracting(5) == .zero)
    }

    @Test func ordering() {
        #expect(UInt256(words: (0, 0, 1, 0)) > UInt256(.max))
        #expect(UInt256.zero < .one)
        #expect(UInt256.max > UInt256(words: (.max, .max, .max, .max - 1)))
    }

    @Test func bigEndianPacking() throws {
        let value = try UInt256(decimal: "258")
        #expect(value.bigEndianBytes == [UInt8](repeating: 0, count: 30) + [1, 2])
        #expect(try UInt256(bigEndian: value.bigEndianBytes) == value)
        #expect(throws: ValueError.wrongByteLength(expected: 32, actual: 31)) { try UInt256(bigEndian: [UInt8](repeating: 0, count: 31)) }
    }
}
