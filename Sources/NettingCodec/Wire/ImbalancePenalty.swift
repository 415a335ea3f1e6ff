import NettingCrypto

/// One point of a fee schedule's imbalance penalty curve: [x, y], both decimal strings on the wire.
public struct ImbalancePoint: Hashable, Sendable {
    public var x: UInt256
    public var y: UInt256
    public init(x: UInt256, y: UInt256) { (self.x, self.y) = (x, y) }
}

/// RLP (Ethereum's recursive length prefix) for the one structure Raiden signs with it:
/// PFSFeeUpdate's imbalance penalty, a list of [x, y] integer pairs. `nil` and the empty list
/// both sign as RLP of the integer 0 (`0x80`), because Raiden encodes `penalty or 0`.
public enum RLP {
    public static func imbalancePenalty(_ points: [ImbalancePoint]?) -> [UInt8] {
        guard let points, !points.isEmpty else { return [0x80] }
        var body: [UInt8] = []
        for p in points {
            let pair = integer(p.x) + integer(p.y)
            body += header(pair.count, offset: 0xc0) + pair
        }
        return header(body.count, offset: 0xc0) + body
    }

    /// An unsigned integer: big-endian with no leading zero bytes; 0 is the empty string (0x80);
    /// a single byte below 0x80 is itself.
    static func integer(_ value: UInt256) -> [UInt8] {
        let bytes = Array(value.bigEndianBytes.drop { $0 == 0 })
        if bytes.count == 1 && bytes[0] < 0x80 { return bytes }
        return header(bytes.count, offset: 0x80) + bytes
    }

    static func header(_ length: Int, offset: UInt8) -> [UInt8] {
        if length <= 55 { return [offset + UInt8(length)] }
        let lengthBytes = Array(UInt256(UInt64(length)).bigEndianBytes.drop { $0 == 0 })
        return [offset + 55 + UInt8(lengthBytes.count)] + lengthBytes
    }
}
