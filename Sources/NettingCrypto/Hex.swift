/// Hex text ⇄ bytes. Output is always lowercase with a `0x` prefix (Raiden's wire form).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `0x` followed by the lowercase hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = [0x30, 0x78]
        out.reserveCapacity(2 + bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex text. `requirePrefix` makes a missing `0x` an error; otherwise it is optional.
    /// Both cases of a-f are accepted; an empty string after the prefix is zero bytes.
    public static func decode(_ text: some StringProtocol, requirePrefix: Bool = true) throws(ValueError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var offset = 0
        if utf8.count >= 2, utf8[0] == 0x30, utf8[1] == 0x78 || utf8[1] == 0x58 {
            offset = 2
        } else if requirePrefix {
            if utf8.isEmpty { throw .empty }
            throw .missingHexPrefix
        }
        let count = utf8.count - offset
        guard count % 2 == 0 else { throw .oddHexLength(digits: count) }
        var out = [UInt8]()
        out.reserveCapacity(count / 2)
        var i = offset
        while i < utf8.count {
            guard let hi = nibble(utf8[i]) else { throw invalid(utf8, at: i) }
            guard let lo = nibble(utf8[i + 1]) else { throw invalid(utf8, at: i + 1) }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Decodes hex text that must hold exactly `count` bytes.
    public static func decode(_ text: some StringProtocol, count: Int, requirePrefix: Bool = true) throws(ValueError) -> [UInt8] {
        let bytes = try decode(text, requirePrefix: requirePrefix)
        guard bytes.count == count else { throw .wrongByteLength(expected: count, actual: bytes.count) }
        return bytes
    }

    /// The value of one ASCII hex digit (either case), or nil.
    @inlinable @inline(__always)
    public static func nibbleValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c &- 0x30
        case 0x61...0x66: c &- 0x61 &+ 10
        case 0x41...0x46: c &- 0x41 &+ 10
        default: nil
        }
    }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c &- 0x30
        case 0x61...0x66: c &- 0x61 &+ 10
        case 0x41...0x46: c &- 0x41 &+ 10
        default: nil
        }
    }

    private static func invalid(_ utf8: [UInt8], at offset: Int) -> ValueError {
        let char = String(decoding: utf8[offset...], as: UTF8.self).first ?? "?"
        return .invalidHexCharacter(char, offset: offset)
    }
}
