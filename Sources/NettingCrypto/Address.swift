/// A 20-byte Ethereum address. The wire form is lowercase `0x` hex (Raiden's `to_hex_address`);
/// the display form is EIP-55 mixed case.
public struct Address: Hashable, Sendable, Comparable {
    /// Bytes 0–7, 8–15 and 16–19, big-endian.
    public var hi: UInt64, mid: UInt64, lo: UInt32

    public init(hi: UInt64, mid: UInt64, lo: UInt32) {
        (self.hi, self.mid, self.lo) = (hi, mid, lo)
    }

    public static let zero = Address(hi: 0, mid: 0, lo: 0)

    /// Exactly 20 bytes.
    public init(_ bytes: some Collection<UInt8>) throws(ValueError) {
        guard bytes.count == 20 else { throw .wrongByteLength(expected: 20, actual: bytes.count) }
        self.init(
            hi: bytes.bigEndianWord(at: 0, width: 8), mid: bytes.bigEndianWord(at: 8, width: 8),
            lo: UInt32(bytes.bigEndianWord(at: 16, width: 4)))
    }

    /// Parses `0x` + 40 hex digits. All-lowercase and all-uppercase are accepted as they are;
    /// a mixed-case string must carry a correct EIP-55 checksum.
    public init(hex text: some StringProtocol) throws(ValueError) {
        let bytes = try Hex.decode(text, count: 20)
        try self.init(bytes)
        let digits = text.utf8.dropFirst(2)
        let hasLower = digits.contains { $0 >= 0x61 && $0 <= 0x66 }
        let hasUpper = digits.contains { $0 >= 0x41 && $0 <= 0x46 }
        if hasLower && hasUpper {
            let expected = checksummed
            guard expected.utf8.dropFirst(2).elementsEqual(digits) else { throw .badChecksum(expected: expected) }
        }
    }

    /// The last 20 bytes of the Keccak-256 of a 64-byte uncompressed public key (no 0x04 prefix).
    public init(publicKey64 key: UnsafeRawBufferPointer) {
        precondition(key.count == 64, "an uncompressed public key without its prefix is 64 bytes")
        let h = Keccak256.hash(key)
        self.init(hi: h.w1 << 32 | h.w2 >> 32, mid: h.w2 << 32 | h.w3 >> 32, lo: UInt32(truncatingIfNeeded: h.w3))
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        append(to: &out)
        return out
    }

    @inline(__always)
    public func append(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(hi)
        buffer.appendBigEndian(mid)
        buffer.appendBigEndian(lo)
    }

    /// Lowercase `0x` hex: the wire form.
    public var hex: String { Hex.encode(bytes) }

    /// EIP-55 mixed case: a letter is upper-cased when the matching nibble of
    /// keccak(lowercase hex digits as ASCII) is 8 or more.
    public var checksummed: String {
        let lower = Array(hex.utf8.dropFirst(2))
        let hash = Keccak256.hash(lower).bytes
        var out: [UInt8] = [0x30, 0x78]
        for (i, c) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            out.append(c >= 0x61 && nibble >= 8 ? c - 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (a: Address, b: Address) -> Bool {
        (a.hi, a.mid, a.lo) < (b.hi, b.mid, b.lo)
    }
}

extension Address: CustomStringConvertible {
    public var description: String { checksummed }
}
