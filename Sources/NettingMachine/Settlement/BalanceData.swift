import NettingCodec
import NettingCrypto

extension Settlement {
    /// keccak(transferred u256 ‖ locked u256 ‖ locksroot), as the contract hashes settle input.
    /// Unlike the client's `BalanceHash.of` there is no zero special case.
    public static func balanceHash(transferred: UInt256, locked: UInt256, locksroot: Hash32) -> Hash32 {
        BalanceHash.packed(transferred: transferred, locked: locked, locksroot: locksroot)
    }

    /// Whether settle accepts these values for a participant whose stored balance hash is
    /// `storedBalanceHash` (TokenNetwork `verifyBalanceHashData`). A stored zero hash (no
    /// balance proof submitted) accepts transferred = 0 and locked = 0 with any locksroot.
    public static func verifyBalanceData(
        storedBalanceHash: Hash32, transferred: UInt256, locked: UInt256, locksroot: Hash32
    ) -> Bool {
        if storedBalanceHash == .zero && transferred.isZero && locked.isZero { return true }
        return storedBalanceHash == balanceHash(transferred: transferred, locked: locked, locksroot: locksroot)
    }
}
