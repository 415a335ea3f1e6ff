import NettingCrypto

/// Writing typed fields in Raiden's wire form: integers as decimal strings, bytes and addresses
/// as lowercase 0x hex.
///
/// Fixed-width values are formatted straight from their words into a stack buffer and appended
/// with the key as one token, so a field costs one append and no heap.
extension JSONWriter {
    package mutating func field(_ key: StaticString, _ value: String) { self.key(key); string(value) }
    package mutating func field(_ key: StaticString, _ value: UInt64) { member(key, 22) { decimal(value, $0) } }
    package mutating func field(_ key: StaticString, _ value: UInt256) {
        guard let small = value.uint64 else { self.key(key); return decimalString(value.decimal) }
        field(key, small)
    }

    /// An integer value as Raiden writes it: a JSON string of decimal digits.
    package mutating func decimalString(_ value: UInt256) {
        guard let small = value.uint64 else { return decimalString(value.decimal) }
        token(upTo: 22) { decimal(small, $0) }
    }
    package mutating func field(_ key: StaticString, _ value: Address) { member(key, 44) { quotedHex(value, $0) } }
    package mutating func field(_ key: StaticString, _ value: Hash32) { member(key, 68) { hexQuoted($0, 64) { hash(value, $0) } } }
    package mutating func field(_ key: StaticString, _ value: Signature) {
        member(key, 134) { out in
            hexQuoted(out, 130) { digits in
                hash(value.r, digits)
                hash(value.s, digits + 64)
                hex(UInt64(value.v), 2, digits + 128)
            }
        }
    }
    package mutating func field(_ key: StaticString, _ value: Bool) { self.key(key); bool(value) }
    package mutating func field(_ key: StaticString, _ value: Timestamp) {
        // `isoformat` written in place when every component has its fixed width.
        let t = value
        guard (0...9999).contains(t.year), [t.month, t.day, t.hour, t.minute, t.second].allSatisfy({ (0...99).contains($0) }),
            (0...999_999).contains(t.microsecond)
        else { self.key(key); return string(value.isoformat) }
        member(key, 28) { out in
            out[0] = UInt8(ascii: "\"")
            digits(t.year, 4, out + 1)
            out[5] = UInt8(ascii: "-")
            digits(t.month, 2, out + 6)
            out[8] = UInt8(ascii: "-")
            digits(t.day, 2, out + 9)
            out[11] = UInt8(ascii: "T")
            digits(t.hour, 2, out + 12)
            out[14] = UInt8(ascii: ":")
            digits(t.minute, 2, out + 15)
            out[17] = UInt8(ascii: ":")
            digits(t.second, 2, out + 18)
            guard t.microsecond != 0 else { out[20] = UInt8(ascii: "\""); return 21 }
            out[20] = UInt8(ascii: ".")
            digits(t.microsecond, 6, out + 21)
            out[27] = UInt8(ascii: "\"")
            return 28
        }
    }
    package mutating func field(_ key: StaticString, _ value: Metadata) { self.key(key); raw(value.wireJSON) }

    package mutating func field(_ key: StaticString, _ value: [ImbalancePoint]?) {
        self.key(key)
        guard let value else { return null() }
        beginArray()
        for point in value {
            beginArray()
            decimalString(point.x)
            decimalString(point.y)
            endArray()
        }
        endArray()
    }

    /// Writes `"key":` and the value `format` writes (at most `capacity` bytes; it returns the
    /// count) in place, as one token. A key that needs escaping goes through `key(_:)` instead.
    private mutating func member(_ key: StaticString, _ capacity: Int, _ format: (UnsafeMutablePointer<UInt8>) -> Int) {
        key.withUTF8Buffer { k in
            guard !Self.needsEscaping(k) else {
                self.key(k)
                return token(upTo: capacity, format)
            }
            token(upTo: k.count + 3 + capacity) { out in
                out[0] = UInt8(ascii: "\"")
                if k.count > 0 { (out + 1).update(from: k.baseAddress!, count: k.count) }
                out[k.count + 1] = UInt8(ascii: "\"")
                out[k.count + 2] = UInt8(ascii: ":")
                return k.count + 3 + format(out + k.count + 3)
            }
        }
    }
}

/// `"0x` + `digits` hex digits that `body` writes + `"`; returns the byte count.
@inline(__always)
private func hexQuoted(_ out: UnsafeMutablePointer<UInt8>, _ digits: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) -> Int {
    out[0] = UInt8(ascii: "\"")
    out[1] = UInt8(ascii: "0")
    out[2] = UInt8(ascii: "x")
    body(out + 3)
    out[digits + 3] = UInt8(ascii: "\"")
    return digits + 4
}

/// An address as its quoted wire form (44 bytes); returns the byte count.
@inline(__always)
func quotedHex(_ address: Address, _ out: UnsafeMutablePointer<UInt8>) -> Int {
    hexQuoted(out, 40) { digits in
        hex(address.hi, 16, digits)
        hex(address.mid, 16, digits + 16)
        hex(UInt64(address.lo), 8, digits + 32)
    }
}

/// The low `count` nibbles of `word`, most significant first, as lowercase hex.
@inline(__always)
private func hex(_ word: UInt64, _ count: Int, _ out: UnsafeMutablePointer<UInt8>) {
    if count == 16 {
        hex8(UInt32(truncatingIfNeeded: word >> 32), out)
        return hex8(UInt32(truncatingIfNeeded: word), out + 8)
    }
    if count == 8 { return hex8(UInt32(truncatingIfNeeded: word), out) }
    for i in 0..<count {
        let nibble = UInt8(truncatingIfNeeded: word >> UInt64(4 * (count - 1 - i))) & 0x0F
        out[i] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}

/// The 8 nibbles of `x` as lowercase hex, all at once: each nibble is spread into a byte of its
/// own, then gets `'0'` added, and `'a' - '0' - 10` more when it is 10 or above.
@inline(__always)
private func hex8(_ x: UInt32, _ out: UnsafeMutablePointer<UInt8>) {
    var n = UInt64(x)
    n = (n | n << 16) & 0x0000_FFFF_0000_FFFF
    n = (n | n << 8) & 0x00FF_00FF_00FF_00FF
    n = (n | n << 4) & 0x0F0F_0F0F_0F0F_0F0F  // byte k holds nibble k, least significant first
    let letters = ((n &+ 0x0606_0606_0606_0606) >> 4 & 0x0101_0101_0101_0101) &* 0x27
    let digits = n &+ 0x3030_3030_3030_3030 &+ letters
    // The most significant nibble goes first.
    UnsafeMutableRawPointer(out).storeBytes(of: digits.bigEndian, as: UInt64.self)
}

@inline(__always)
private func hash(_ value: Hash32, _ out: UnsafeMutablePointer<UInt8>) {
    hex(value.w0, 16, out)
    hex(value.w1, 16, out + 16)
    hex(value.w2, 16, out + 32)
    hex(value.w3, 16, out + 48)
}

/// `value` as a quoted decimal string (at most 22 bytes); returns the byte count.
@inline(__always)
private func decimal(_ value: UInt64, _ out: UnsafeMutablePointer<UInt8>) -> Int {
    var digits = 1, rest = value / 10
    while rest > 0 { digits += 1; rest /= 10 }
    out[0] = UInt8(ascii: "\"")
    var v = value
    for i in stride(from: digits, through: 1, by: -1) {
        out[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
        v /= 10
    }
    out[digits + 1] = UInt8(ascii: "\"")
    return digits + 2
}

/// `value` (non-negative, below 10^`count`) as exactly `count` decimal digits, zero-padded.
@inline(__always)
private func digits(_ value: Int, _ count: Int, _ out: UnsafeMutablePointer<UInt8>) {
    var v = value
    for i in stride(from: count - 1, through: 0, by: -1) {
        out[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: v % 10)
        v /= 10
    }
}
