import NettingCodec
import NettingCrypto

/// NettingChannelEndState: one participant's end of the channel. Lock collections are small
/// arrays in insertion order (Raiden's dicts keep insertion order too).
public struct EndState: Equatable, Sendable {
    public var address: Address
    /// Total deposit.
    public var contractBalance: UInt256 = .zero
    public var onchainTotalWithdraw: UInt256 = .zero
    /// By total_withdraw, in insertion order (totals strictly increase for our end).
    public var withdrawsPending: [PendingWithdraw] = []
    public var withdrawsExpired: [PendingWithdraw] = []
    public var secrethashesToLockedlocks: [Lock] = []
    public var secrethashesToUnlockedlocks: [UnlockedLock] = []
    public var secrethashesToOnchainUnlockedlocks: [UnlockedLock] = []
    public var balanceProof: BalanceProofState?
    /// PendingLocksState: the locks the locksroot covers, in insertion order.
    public var pendingLocks: [Lock] = []
    public var onchainLocksroot: Hash32 = BalanceProofConstants.locksrootOfNoLocks
    /// The last nonce this end used; balance proofs and withdraw messages share it.
    public var nonce: UInt64 = 0

    public init(address: Address) { self.address = address }

    // MARK: Derived amounts (channel.py)

    /// T: the latest balance proof's transferred amount, 0 without one.
    @inlinable public var transferredAmount: UInt256 { balanceProof?.transferredAmount ?? .zero }

    /// max of the pending withdraw totals (0 without any).
    public var offchainTotalWithdraw: UInt256 {
        withdrawsPending.reduce(UInt256.zero) { Swift.max($0, $1.totalWithdraw) }
    }

    /// max(offchain, onchain total withdraw).
    public var totalWithdraw: UInt256 { Swift.max(offchainTotalWithdraw, onchainTotalWithdraw) }

    /// get_amount_locked: Σ amounts over the three lock maps.
    ///
    /// This and `lock(secrethash:)` are inlined: called on an end held `inout`, each call was
    /// handed a copy of the end (384 B, its arrays retained).
    @inline(__always)
    public var amountLocked: UInt256 {
        var sum = UInt256.zero
        for l in secrethashesToLockedlocks { sum = sum.saturatingAdding(l.amount) }
        for l in secrethashesToUnlockedlocks { sum = sum.saturatingAdding(l.lock.amount) }
        for l in secrethashesToOnchainUnlockedlocks { sum = sum.saturatingAdding(l.lock.amount) }
        return sum
    }

    /// Σ amounts of the locks whose secret was registered on chain in time.
    public var unclaimedOnchain: UInt256 {
        secrethashesToOnchainUnlockedlocks.reduce(UInt256.zero) { $0.saturatingAdding($1.lock.amount) }
    }

    /// get_lock: the lock with this secrethash in lockedlocks, then unlockedlocks, then onchain.
    @inline(__always)
    public func lock(secrethash: Hash32) -> Lock? {
        if let l = secrethashesToLockedlocks.first(where: { $0.secrethash == secrethash }) { return l }
        if let u = secrethashesToUnlockedlocks.first(where: { $0.lock.secrethash == secrethash }) { return u.lock }
        return secrethashesToOnchainUnlockedlocks.first(where: { $0.lock.secrethash == secrethash })?.lock
    }

    public func isUnlockedOnchain(_ secrethash: Hash32) -> Bool {
        secrethashesToOnchainUnlockedlocks.contains { $0.lock.secrethash == secrethash }
    }

    public func isUnlockedOffchain(_ secrethash: Hash32) -> Bool {
        secrethashesToUnlockedlocks.contains { $0.lock.secrethash == secrethash }
    }

    public func isLocked(_ secrethash: Hash32) -> Bool {
        secrethashesToLockedlocks.contains { $0.secrethash == secrethash }
    }

    /// Removes a lock from all three maps.
    mutating func deleteLock(_ secrethash: Hash32) {
        secrethashesToLockedlocks.removeAll { $0.secrethash == secrethash }
        secrethashesToUnlockedlocks.removeAll { $0.lock.secrethash == secrethash }
        secrethashesToOnchainUnlockedlocks.removeAll { $0.lock.secrethash == secrethash }
    }

    /// register_offchain_secret_endstate: lockedlocks → unlockedlocks.
    mutating func registerOffchainSecret(_ secret: Hash32, secrethash: Hash32) {
        guard let i = secrethashesToLockedlocks.firstIndex(where: { $0.secrethash == secrethash }) else { return }
        let lock = secrethashesToLockedlocks.remove(at: i)
        secrethashesToUnlockedlocks.append(UnlockedLock(lock: lock, secret: secret))
    }

    /// register_onchain_secret_endstate: a lock in lockedlocks or unlockedlocks moves to the
    /// onchain map, unless it expired before the reveal block (E < reveal block).
    mutating func registerOnchainSecret(_ secret: Hash32, secrethash: Hash32, revealBlock: UInt64) {
        let lock: Lock
        if let l = secrethashesToLockedlocks.first(where: { $0.secrethash == secrethash }) {
            lock = l
        } else if let u = secrethashesToUnlockedlocks.first(where: { $0.lock.secrethash == secrethash }) {
            lock = u.lock
        } else {
            return
        }
        guard lock.expiration >= UInt256(revealBlock) else { return }
        deleteLock(secrethash)
        secrethashesToOnchainUnlockedlocks.append(UnlockedLock(lock: lock, secret: secret))
    }
}
