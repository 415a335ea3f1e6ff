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

    /// The big-endian value of the 16 lowercase hex digits at `p`, or nil if one of them is not
    /// 0-9 or a-f: the canonical wire form, read 8 digits at a time (decoders' fast path).
    @inlinable @inline(__always)
    public static func lowercaseWord64(at p: UnsafeRawPointer) -> UInt64? {
        guard let hi = lowercaseWord32(at: p), let lo = lowercaseWord32(at: p + 8) else { return nil }
        return UInt64(hi) << 32 | UInt64(lo)
    }

    /// The big-endian value of the 8 lowercase hex digits at `p`, or nil if one of them is not
    /// 0-9 or a-f. All eight are checked and converted at once in one 64-bit word (SWAR): for
    /// bytes below 0x80, `b + 0x50` has its top bit set exactly when b ≥ '0', `0xB9 - b` exactly
    /// when b ≤ '9', and likewise 0x1F / 0xE6 for 'a'...'f'; no carry crosses a byte then.
    @inlinable @inline(__always)
    public static func lowercaseWord32(at p: UnsafeRawPointer) -> UInt32? {
        let w = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let digit = (w &+ 0x50 &* ones) & (0xB9 &* ones &- w)
        let letter = (w &+ 0x1F &* ones) & (0xE6 &* ones &- w) & highs
        guard w & highs == 0, (digit | letter) & highs == highs else { return nil }
        // Each byte's nibble ('a' = 0x61: 1 + 9), then pairs of nibbles into bytes, then the
        // four bytes together: [n0 n1 n2 n3 ...] → [n0n1 n2n3 n4n5 n6n7].
        let nibbles = (w & 0x0F0F_0F0F_0F0F_0F0F) &+ (letter >> 7) &* 9
        var t = (nibbles << 4 | nibbles >> 8) & 0x00FF_00FF_00FF_00FF
        t = (t | t >> 8) & 0x0000_FFFF_0000_FFFF
        t = (t | t >> 16) & 0xFFFF_FFFF
        return UInt32(truncatingIfNeeded: t).byteSwapped
    }

    /// The value of one lowercase hex digit (0-9, a-f), or nil.
    @inlinable @inline(__always)
    public static func lowercaseNibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c &- 0x30
        case 0x61...0x66: c &- 0x61 &+ 10
        default: nil
        }
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
