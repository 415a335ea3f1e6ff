import NettingCrypto

/// Integer spellings: the canonical one Raiden emits, and what Python's `int()` accepts (which is
/// what Raiden's marshmallow Integer field calls on a string).
enum IntegerText {
    struct Parsed {
        var magnitude: UInt256
        var negative: Bool
        var overflow: Bool
        var leniencies: [LeniencyCode]
    }

    /// Plain ASCII digits with no leading zero (except "0" itself), below 2^256.
    static func canonical(_ text: String) -> UInt256? {
        var text = text
        return text.withUTF8 { canonical($0) }
    }

    /// `canonical(_:)` of a string's UTF-8 bytes.
    @inline(__always)
    static func canonical(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt256? {
        guard let first = utf8.first, first >= 0x30, first <= 0x39, first != 0x30 || utf8.count == 1 else { return nil }
        if utf8.count <= 19 {
            // Below 10^19: fits in 64 bits, so no overflow check per digit.
            var small: UInt64 = 0
            for c in utf8 {
                let digit = c &- 0x30
                guard digit < 10 else { return nil }
                small = small &* 10 &+ UInt64(digit)
            }
            return UInt256(small)
        }
        var value = UInt256.zero
        for c in utf8 {
            guard c >= 0x30, c <= 0x39 else { return nil }
            let (next, overflow) = value.timesTenPlus(UInt64(c - 0x30))
            if overflow { return nil }
            value = next
        }
        return value
    }

    /// Python's `int(str)`: surrounding (Unicode) whitespace, one optional sign, decimal digits of
    /// any script, single underscores between digits. nil when Python would raise ValueError.
    static func python(_ text: String) -> Parsed? {
        var leniencies: [LeniencyCode] = []
        let scalars = Array(text.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        if start > 0 || end < scalars.count { leniencies.append(.integerWhitespace) }
        guard start < end else { return nil }
        var negative = false
        if scalars[start] == "+" || scalars[start] == "-" {
            negative = scalars[start] == "-"
            leniencies.append(.integerPlusSign)
            start += 1
        }
        var value = UInt256.zero, overflow = false, digits = 0, previousUnderscore = true
        var unicode = false, underscores = false
        for scalar in scalars[start..<end] {
            if scalar == "_" {
                guard !previousUnderscore else { return nil }
                previousUnderscore = true
                underscores = true
                continue
            }
            guard scalar.properties.numericType == .decimal, let d = scalar.properties.numericValue else { return nil }
            if !scalar.isASCII { unicode = true }
            let (next, o) = value.timesTenPlus(UInt64(d))
            overflow = overflow || o
            value = next
            digits += 1
            previousUnderscore = false
        }
        guard digits > 0, !previousUnderscore else { return nil }
        if underscores { leniencies.append(.integerUnderscores) }
        if unicode { leniencies.append(.integerUnicodeDigits) }
        let firstDigit = scalars[start..<end].first { $0 != "_" }
        if digits > 1, let f = firstDigit, f.properties.numericValue == 0 { leniencies.append(.integerLeadingZeros) }
        return Parsed(magnitude: value, negative: negative, overflow: overflow, leniencies: leniencies)
    }

    /// A JSON number without fraction or exponent: `-?digits`.
    static func jsonInteger(_ text: String) -> Parsed? {
        var utf8 = text.utf8[...]
        var negative = false
        if utf8.first == 0x2d { negative = true; utf8 = utf8.dropFirst() }
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var value = UInt256.zero, overflow = false
        for c in utf8 {
            let (next, o) = value.timesTenPlus(UInt64(c - 0x30))
            overflow = overflow || o
            value = next
        }
        return Parsed(magnitude: value, negative: negative, overflow: overflow, leniencies: [])
    }
}
