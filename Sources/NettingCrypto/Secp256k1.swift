import CSecp256k1

/// secp256k1 through Debian's libsecp256k1: one context, created once and shared.
public enum Secp256k1 {
    /// The group order n, big-endian.
    public static let order = Hash32(
        words: (0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE, 0xBAAE_DCE6_AF48_A03B, 0xBFD2_5E8C_D036_4141))

    /// n / 2: libsecp256k1 signs with s ≤ this (low-s).
    public static let halfOrder = Hash32(
        words: (0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0x5D57_6E73_57A4_501D, 0xDFE9_2F46_681B_20A0))

    /// The shared context. libsecp256k1 contexts are safe to use from many threads once
    /// created and randomized.
    nonisolated(unsafe) static let context: OpaquePointer = {
        let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        // Blinding against side channels only; signatures stay RFC 6979-deterministic.
        var seed = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in seed.indices { seed[i] = rng.next() }
        _ = secp256k1_context_randomize(ctx, seed)
        return ctx
    }()

    /// Recovers the signer's address from a 32-byte digest and a 65-byte signature.
    /// Accepts v ∈ {0, 1, 27, 28} exactly like Raiden (27/28 map to 0/1).
    public static func recover(digest: Hash32, signature: Signature) throws(SignatureError) -> Address {
        let recid: Int32
        switch signature.v {
        case 0, 27: recid = 0
        case 1, 28: recid = 1
        default: throw .invalidRecoveryId(signature.v)
        }
        guard !signature.r.isZero, signature.r < order else { throw .rOutOfRange }
        guard !signature.s.isZero, signature.s < order else { throw .sOutOfRange }
        let memo = RecoveryMemo.current
        if let last = memo?.last, last.digest == digest, last.signature == signature { return last.signer }

        var compact = (signature.r.w0.bigEndian, signature.r.w1.bigEndian, signature.r.w2.bigEndian, signature.r.w3.bigEndian,
                       signature.s.w0.bigEndian, signature.s.w1.bigEndian, signature.s.w2.bigEndian, signature.s.w3.bigEndian)
        var parsed = secp256k1_ecdsa_recoverable_signature()
        var pubkey = secp256k1_pubkey()
        let ok: Bool = withUnsafeBytes(of: &compact) { sig in
            digest.withUnsafeBytes { msg in
                secp256k1_ecdsa_recoverable_signature_parse_compact(
                    context, &parsed, sig.baseAddress!.assumingMemoryBound(to: UInt8.self), recid) == 1
                    && secp256k1_ecdsa_recover(
                        context, &pubkey, &parsed, msg.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
            }
        }
        guard ok else { throw .unrecoverable }
        let signer = address(of: &pubkey)
        memo?.last = (digest, signature, signer)
        return signer
    }

    /// Recovers the signer of `data` signed the way Raiden signs messages (EIP-191).
    public static func recoverEIP191(_ data: some Collection<UInt8>, signature: Signature) throws(SignatureError) -> Address {
        try recover(digest: EIP191.digest(data), signature: signature)
    }

    /// keccak(uncompressed public key without its 0x04 prefix)[12...].
    @inline(__always)
    static func address(of pubkey: inout secp256k1_pubkey) -> Address {
        var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt8(0))
        return withUnsafeMutableBytes(of: &out) { buffer in
            var length = 65
            _ = secp256k1_ec_pubkey_serialize(
                context, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), &length, &pubkey,
                UInt32(SECP256K1_EC_UNCOMPRESSED))
            return Address(publicKey64: UnsafeRawBufferPointer(rebasing: buffer[1..<65]))
        }
    }
}

/// A secp256k1 private key, validated once; its address is derived at creation.
public struct PrivateKey: Sendable {
    private let secret: Hash32
    public let address: Address

    /// Exactly 32 bytes with a value in [1, n−1].
    public init(_ bytes: some Collection<UInt8>) throws(SignatureError) {
        guard let secret = try? Hash32(bytes) else { throw .invalidPrivateKey }
        try self.init(secret: secret)
    }

    public init(secret: Hash32) throws(SignatureError) {
        guard !secret.isZero, secret < Secp256k1.order else { throw .invalidPrivateKey }
        self.secret = secret
        var pubkey = secp256k1_pubkey()
        let ok = secret.withUnsafeBytes { key in
            secp256k1_ec_pubkey_create(Secp256k1.context, &pubkey, key.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
        }
        guard ok else { throw .invalidPrivateKey }
        address = Secp256k1.address(of: &pubkey)
    }

    /// Signs a 32-byte digest: RFC 6979 nonce, low-s, v = 27 + recovery id (as Raiden emits).
    public func sign(digest: Hash32) -> Signature {
        var parsed = secp256k1_ecdsa_recoverable_signature()
        var compact = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var recid: Int32 = 0
        secret.withUnsafeBytes { key in
            digest.withUnsafeBytes { msg in
                // Succeeds for every valid key (the default nonce function never gives up).
                _ = secp256k1_ecdsa_sign_recoverable(
                    Secp256k1.context, &parsed, msg.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    key.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil)
            }
        }
        withUnsafeMutableBytes(of: &compact) { out in
            _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(
                Secp256k1.context, out.baseAddress!.assumingMemoryBound(to: UInt8.self), &recid, &parsed)
        }
        return withUnsafeBytes(of: &compact) { raw in
            Signature(
                r: Hash32(unsafeBytes: raw.baseAddress!), s: Hash32(unsafeBytes: raw.baseAddress! + 32),
                v: 27 + UInt8(recid))
        }
    }

    /// Signs `data` the way Raiden's `LocalSigner.sign` does: the EIP-191 digest, v = 27/28.
    public func signEIP191(_ data: some Collection<UInt8>) -> Signature {
        sign(digest: EIP191.digest(data))
    }
}

extension Hash32 {
    public var isZero: Bool { w0 | w1 | w2 | w3 == 0 }
}
