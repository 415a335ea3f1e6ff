import NettingCrypto

/// Raiden's constants for balance proofs (raiden/constants.py).
public enum BalanceProofConstants {
    /// keccak(""): the locksroot of an end with no pending locks (LOCKSROOT_OF_NO_LOCKS).
    public static let locksrootOfNoLocks = Keccak256.hash([UInt8]())
}

/// The balance hash a balance proof signs (raiden/transfer/utils `hash_balance_data`):
/// 32 zero bytes when transferred = 0, locked = 0 and locksroot = keccak(""), otherwise
/// keccak(transferred u256 ‖ locked u256 ‖ locksroot).
public enum BalanceHash {
    public static func of(transferred: UInt256, locked: UInt256, locksroot: Hash32) -> Hash32 {
        if transferred.isZero && locked.isZero && locksroot == BalanceProofConstants.locksrootOfNoLocks {
            return .zero
        }
        return packed(transferred: transferred, locked: locked, locksroot: locksroot)
    }

    /// keccak(transferred u256 ‖ locked u256 ‖ locksroot) with no special case: what the
    /// contract computes from settle's arguments.
    public static func packed(transferred: UInt256, locked: UInt256, locksroot: Hash32) -> Hash32 {
        var preimage = PackedBytes()
        transferred.append(to: &preimage)
        locked.append(to: &preimage)
        locksroot.append(to: &preimage)
        return preimage.keccak256()
    }
}
