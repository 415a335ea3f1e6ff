/// 32 bytes: a Keccak-256 or SHA-256 digest, a locksroot, a secret or a secrethash.
/// Held as four big-endian words, so it needs no heap and compares byte-wise.
public struct Hash32: Hashable, Sendable, Comparable {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    public init(words: (UInt64, UInt64, UInt64, UInt64)) {
        (w0, w1, w2, w3) = words
    }

    public static let zero = Hash32(words: (0, 0, 0, 0))

    /// Exactly 32 bytes.
    public init(_ bytes: some Collection<UInt8>) throws(ValueError) {
        guard bytes.count == 32 else { throw .wrongByteLength(expected: 32, actual: bytes.count) }
        self.init(
            words: (
                bytes.bigEndianWord(at: 0, width: 8), bytes.bigEndianWord(at: 8, width: 8),
                bytes.bigEndianWord(at: 16, width: 8), bytes.bigEndianWord(at: 24, width: 8)
            ))
    }

    /// `0x` + 64 hex digits.
    public init(hex: some StringProtocol) throws(ValueError) {
        try self.init(Hex.decode(hex, count: 32))
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        append(to: &out)
        return out
    }

    public var hex: String { Hex.encode(bytes) }

    /// Appends the 32 bytes to `buffer`.
    @inline(__always)
    public func append(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(w0)
        buffer.appendBigEndian(w1)
        buffer.appendBigEndian(w2)
        buffer.appendBigEndian(w3)
    }

    public static func < (a: Hash32, b: Hash32) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }
}

extension Hash32: CustomStringConvertible {
    public var description: String { hex }
}

extension Array where Element == UInt8 {
    @inline(__always)
    public mutating func appendBigEndian(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    @inline(__always)
    public mutating func appendBigEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}

/// Reads big-endian words out of byte collections.
extension Collection<UInt8> {
    @inline(__always)
    func bigEndianWord(at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        var i = index(startIndex, offsetBy: offset)
        for _ in 0..<width {
            value = value << 8 | UInt64(self[i])
            formIndex(after: &i)
        }
        return value
    }
}

extension Hash32 {
    /// Calls `body` with the 32 bytes laid out contiguously (a homogeneous tuple, as C sees it).
    @inline(__always)
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let raw = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)
        return try Swift.withUnsafeBytes(of: raw, body)
    }

    /// Reads 32 bytes from raw memory.
    @inline(__always)
    public init(unsafeBytes p: UnsafeRawPointer) {
        self.init(
            words: (
                UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            ))
    }
}
