/// A 65-byte recoverable ECDSA signature as Raiden puts it on the wire: r (32) ‖ s (32) ‖ v (1).
/// Any 65 bytes can be held; `Secp256k1.recover` decides whether they are valid.
public struct Signature: Hashable, Sendable {
    public var r: Hash32
    public var s: Hash32
    public var v: UInt8

    public init(r: Hash32, s: Hash32, v: UInt8) {
        (self.r, self.s, self.v) = (r, s, v)
    }

    /// 65 zero bytes: Raiden's `EMPTY_SIGNATURE` (closing without a partner balance proof).
    public static let empty = Signature(r: .zero, s: .zero, v: 0)

    /// Exactly 65 bytes.
    public init(_ bytes: some Collection<UInt8>) throws(ValueError) {
        guard bytes.count == 65 else { throw .wrongByteLength(expected: 65, actual: bytes.count) }
        let all = Array(bytes)
        self.init(r: try Hash32(all[0..<32]), s: try Hash32(all[32..<64]), v: all[64])
    }

    /// `0x` + 130 hex digits.
    public init(hex: some StringProtocol) throws(ValueError) {
        try self.init(Hex.decode(hex, count: 65))
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(65)
        append(to: &out)
        return out
    }

    @inline(__always)
    public func append(to buffer: inout [UInt8]) {
        r.append(to: &buffer)
        s.append(to: &buffer)
        buffer.append(v)
    }

    public var hex: String { Hex.encode(bytes) }
}

extension Signature: CustomStringConvertible {
    public var description: String { hex }
}

/// Why a key or a signature was rejected.
public enum SignatureError: Error, Equatable, Sendable {
    /// The private key is 0 or not below the group order n.
    case invalidPrivateKey
    /// v is not one of 0, 1, 27, 28 (what Raiden's `recover` accepts).
    case invalidRecoveryId(UInt8)
    /// r is 0 or not below the group order n.
    case rOutOfRange
    /// s is 0 or not below the group order n.
    case sOutOfRange
    /// No public key recovers from this signature and digest.
    case unrecoverable

    public var code: String {
        switch self {
        case .invalidPrivateKey: "signature.invalid_private_key"
        case .invalidRecoveryId: "signature.invalid_v"
        case .rOutOfRange: "signature.r_out_of_range"
        case .sOutOfRange: "signature.s_out_of_range"
        case .unrecoverable: "signature.unrecoverable"
        }
    }

    public var reason: String {
        switch self {
        case .invalidPrivateKey: "a private key must be 32 bytes with a value in [1, n-1] (n = the secp256k1 group order)"
        case .invalidRecoveryId(let v): "v = \(v); Raiden accepts only 0, 1, 27 or 28"
        case .rOutOfRange: "r must be in [1, n-1] (n = the secp256k1 group order)"
        case .sOutOfRange: "s must be in [1, n-1] (n = the secp256k1 group order)"
        case .unrecoverable: "no public key recovers from this signature"
        }
    }
}
