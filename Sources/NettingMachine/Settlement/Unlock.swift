import NettingCodec
import NettingCrypto

extension Settlement {
    /// keccak of the locks' 96-byte encodings concatenated in order; no locks → keccak("").
    /// (The codec's `Lock.locksroot`, which the contract's `unlock` recomputes.)
    public static func locksroot(_ locks: [Lock]) -> Hash32 { Lock.locksroot(locks) }

    /// Whether the contract pays `lock` given the block its secret was registered in (nil or 0:
    /// not registered): only when 0 < revealBlock < expiration. A secret registered in the
    /// expiration block itself does not pay, although the 3.0.1 client counts it as unlocked.
    public static func pays(_ lock: Lock, revealBlock: UInt64?) -> Bool {
        guard let block = revealBlock, block != 0 else { return false }
        return UInt256(block) < lock.expiration
    }

    /// TokenNetwork `unlock` for one direction after settle: `locksroot` and `lockedAmount` are
    /// what settle stored for (sender, receiver) — its locksroot and retained amount, or zero
    /// hash and 0 when it retained nothing. `revealBlock` is the secret registry at the time of
    /// the call. Errors come in the contract's order: the sum of the paying locks (checked),
    /// then the locksroot, then the stored amount.
    public static func unlock(
        lockedAmount: UInt256, locksroot: Hash32, locks: [Lock], revealBlock: (Hash32) -> UInt64?
    ) throws(SettlementError) -> UnlockAmounts {
        var paying = UInt256.zero
        for lock in locks where pays(lock, revealBlock: revealBlock(lock.secrethash)) {
            let sum = paying.addingReportingOverflow(lock.amount)
            guard !sum.overflow else { throw .unlockedAmountOverflow }
            paying = sum.partialValue
        }
        guard locksroot == Settlement.locksroot(locks) else { throw .locksrootMismatch }
        guard !lockedAmount.isZero else { throw .zeroLockedAmount }
        let unlocked = min(paying, lockedAmount)
        return UnlockAmounts(unlocked: unlocked, returned: lockedAmount.saturatingSubtracting(unlocked))
    }
}

/// What one `unlock` pays: `unlocked` to the receiver, `returned` to the sender.
public struct UnlockAmounts: Equatable, Sendable {
    public var unlocked: UInt256
    public var returned: UInt256

    public init(unlocked: UInt256, returned: UInt256) {
        self.unlocked = unlocked
        self.returned = returned
    }
}
