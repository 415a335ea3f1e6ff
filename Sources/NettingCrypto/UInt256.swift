/// An unsigned 256-bit integer for token amounts and other uint256 fields. Fixed width (four
/// 64-bit words, most significant first, no heap). Arithmetic is checked: it reports overflow
/// and underflow as `AmountError` exactly where Solidity 0.8's checked arithmetic would revert,
/// and never wraps or traps.
public struct UInt256: Hashable, Sendable, Comparable {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public init(words: (UInt64, UInt64, UInt64, UInt64)) {
        (w0, w1, w2, w3) = words
    }

    public init(_ value: UInt64) { self.init(words: (0, 0, 0, value)) }

    public static let zero = UInt256(0)
    public static let one = UInt256(1)
    public static let max = UInt256(words: (.max, .max, .max, .max))

    /// The value if it fits in 64 bits.
    public var uint64: UInt64? { w0 == 0 && w1 == 0 && w2 == 0 ? w3 : nil }
    public var isZero: Bool { w0 | w1 | w2 | w3 == 0 }

    public static func < (a: UInt256, b: UInt256) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    // MARK: Checked arithmetic

    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r3, c3) = w3.addingReportingOverflow(other.w3)
        var (r2, c2) = w2.addingReportingOverflow(other.w2)
        var (r1, c1) = w1.addingReportingOverflow(other.w1)
        var (r0, c0) = w0.addingReportingOverflow(other.w0)
        if c3 { let t = r2.addingReportingOverflow(1); r2 = t.partialValue; c2 = c2 || t.overflow }
        if c2 { let t = r1.addingReportingOverflow(1); r1 = t.partialValue; c1 = c1 || t.overflow }
        if c1 { let t = r0.addingReportingOverflow(1); r0 = t.partialValue; c0 = c0 || t.overflow }
        return (UInt256(words: (r0, r1, r2, r3)), c0)
    }

    public func subtractingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r3, b3) = w3.subtractingReportingOverflow(other.w3)
        var (r2, b2) = w2.subtractingReportingOverflow(other.w2)
        var (r1, b1) = w1.subtractingReportingOverflow(other.w1)
        var (r0, b0) = w0.subtractingReportingOverflow(other.w0)
        if b3 { let t = r2.subtractingReportingOverflow(1); r2 = t.partialValue; b2 = b2 || t.overflow }
        if b2 { let t = r1.subtractingReportingOverflow(1); r1 = t.partialValue; b1 = b1 || t.overflow }
        if b1 { let t = r0.subtractingReportingOverflow(1); r0 = t.partialValue; b0 = b0 || t.overflow }
        return (UInt256(words: (r0, r1, r2, r3)), b0)
    }

    /// `self + other`, or `.overflow` past 2^256−1.
    public func adding(_ other: UInt256) throws(AmountError) -> UInt256 {
        let (r, o) = addingReportingOverflow(other)
        if o { throw .overflow }
        return r
    }

    /// `self − other`, or `.underflow` below zero.
    public func subtracting(_ other: UInt256) throws(AmountError) -> UInt256 {
        let (r, o) = subtractingReportingOverflow(other)
        if o { throw .underflow }
        return r
    }

    /// `self + other`, clamped to 2^256−1 (TokenNetwork's `failsafe_addition`).
    public func saturatingAdding(_ other: UInt256) -> UInt256 {
        let (r, o) = addingReportingOverflow(other)
        return o ? .max : r
    }

    /// `self − other`, clamped to 0.
    public func saturatingSubtracting(_ other: UInt256) -> UInt256 {
        let (r, o) = subtractingReportingOverflow(other)
        return o ? .zero : r
    }

    /// `self * 10 + digit`, reporting overflow (decimal parsing).
    @inline(__always)
    public func timesTenPlus(_ digit: UInt64) -> (UInt256, Bool) {
        @inline(__always)
        func step(_ word: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
            let (high, low) = word.multipliedFullWidth(by: 10)
            let (sum, c) = low.addingReportingOverflow(carry)
            return (sum, high &+ (c ? 1 : 0))
        }
        let (r3, c3) = step(w3, digit)
        let (r2, c2) = step(w2, c3)
        let (r1, c1) = step(w1, c2)
        let (r0, c0) = step(w0, c1)
        return (UInt256(words: (r0, r1, r2, r3)), c0 != 0)
    }

    /// Divides by a 64-bit divisor, returning quotient and remainder (decimal printing).
    func quotientAndRemainder(dividingBy divisor: UInt64) -> (UInt256, UInt64) {
        let (q0, r0) = divisor.dividingFullWidth((0, w0))
        let (q1, r1) = divisor.dividingFullWidth((r0, w1))
        let (q2, r2) = divisor.dividingFullWidth((r1, w2))
        let (q3, r3) = divisor.dividingFullWidth((r2, w3))
        return (UInt256(words: (q0, q1, q2, q3)), r3)
    }
}

/// Why checked amount arithmetic failed.
public enum AmountError: Error, Equatable, Sendable {
    case overflow
    case underflow

    public var code: String {
        switch self {
        case .overflow: "amount.overflow"
        case .underflow: "amount.underflow"
        }
    }

    public var reason: String {
        switch self {
        case .overflow: "the sum exceeds 2^256-1"
        case .underflow: "the difference is below zero"
        }
    }
}

// MARK: Bytes

extension UInt256 {
    /// Exactly 32 big-endian bytes.
    public init(bigEndian bytes: some Collection<UInt8>) throws(ValueError) {
        let h = try Hash32(bytes)
        self.init(words: (h.w0, h.w1, h.w2, h.w3))
    }

    @inline(__always)
    public func append(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(w0)
        buffer.appendBigEndian(w1)
        buffer.appendBigEndian(w2)
        buffer.appendBigEndian(w3)
    }

    public var bigEndianBytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        append(to: &out)
        return out
    }

    public var hash32: Hash32 { Hash32(words: (w0, w1, w2, w3)) }
}

// MARK: Decimal text

extension UInt256 {
    /// Parses canonical decimal: one or more ASCII digits, nothing else (no sign, whitespace,
    /// `0x`, exponent or fraction). Leading zeros are accepted. Values ≥ 2^256 are rejected.
    public init(decimal text: some StringProtocol) throws(ValueError) {
        var value = UInt256.zero
        var offset = 0
        for scalar in text.unicodeScalars {
            guard scalar.isASCII, let d = UInt64(exactly: scalar.value), d >= 0x30, d <= 0x39 else {
                throw .invalidDecimalCharacter(Character(scalar), offset: offset)
            }
            let (next, overflow) = value.timesTenPlus(d - 0x30)
            if overflow { throw .outOfRange(bits: 256) }
            value = next
            offset += 1
        }
        if offset == 0 { throw .empty }
        self = value
    }

    public var decimal: String {
        if let small = uint64 { return String(small) }
        var chunks: [UInt64] = []
        var rest = self
        let base: UInt64 = 10_000_000_000_000_000_000  // 10^19
        while !rest.isZero {
            let (q, r) = rest.quotientAndRemainder(dividingBy: base)
            chunks.append(r)
            rest = q
        }
        var out = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            out += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return out
    }
}

extension UInt256 {
    /// The exact value of a non-negative integral `Double` below 2^256, or nil.
    public init?(exactly value: Double) {
        guard value.isFinite, value >= 0, value.rounded(.towardZero) == value else { return nil }
        if value == 0 { self = .zero; return }
        let exponent = Int(value.exponent)
        guard exponent < 256 else { return nil }
        let mantissa = value.significandBitPattern | (1 << 52)  // 53 bits, value = mantissa × 2^(exponent−52)
        var result = UInt256(mantissa)
        if exponent >= 52 {
            result = result.shiftedLeft(exponent - 52)
        } else {
            result = UInt256(mantissa >> UInt64(52 - exponent))
        }
        self = result
    }

    /// `self << bits` for 0 ≤ bits < 256, dropping bits shifted out.
    public func shiftedLeft(_ bits: Int) -> UInt256 {
        var w = [w0, w1, w2, w3]  // most significant first
        let words = bits / 64, rest = UInt64(bits % 64)
        for i in 0..<4 {
            let src = i + words
            let hi: UInt64 = src < 4 ? w[src] : 0
            let lo: UInt64 = src + 1 < 4 ? w[src + 1] : 0
            w[i] = rest == 0 ? hi : (hi << rest) | (lo >> (64 - rest))
        }
        return UInt256(words: (w[0], w[1], w[2], w[3]))
    }
}

extension UInt256: CustomStringConvertible {
    public var description: String { decimal }
}

extension UInt256: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }
}

/// Canonical decimal parsing for fields that are 64 bits wide (nonces, identifiers).
extension UInt64 {
    public init(canonicalDecimal text: some StringProtocol) throws(ValueError) {
        let wide = try UInt256(decimal: text)
        guard let value = wide.uint64 else { throw .outOfRange(bits: 64) }
        self = value
    }
}
