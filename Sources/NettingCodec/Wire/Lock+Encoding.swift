import NettingCrypto

extension Lock {
    /// The 96-byte encoding hashed into locksroots and read by the contract's unlock:
    /// expiration u256 ‖ amount u256 ‖ secrethash (not the additional-hash order).
    public var encoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(96)
        expiration.append(to: &out)
        amount.append(to: &out)
        secrethash.append(to: &out)
        return out
    }

    /// keccak of the locks' encodings concatenated in insertion order (not a Merkle tree);
    /// keccak("") for none.
    public static func locksroot(_ locks: some Sequence<Lock>) -> Hash32 {
        var hasher = Keccak256()
        for lock in locks { hasher.update(lock.encoded) }
        return hasher.finalize()
    }
}
