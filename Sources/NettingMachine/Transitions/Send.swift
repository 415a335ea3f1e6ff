import NettingCodec
import NettingCrypto

/// The sending primitives of raiden/transfer/channel.py (send_lockedtransfer, send_unlock,
/// send_lock_expired): each moves our end to a new balance proof (nonce + 1) and returns the
/// unsigned message.
extension ChannelState {
    /// send_lockedtransfer: the lock is appended; T unchanged; L = locked + amount.
    mutating func sendLockedTransfer(lock: Lock, paymentIdentifier: UInt64, target: Address) -> LockedTransfer {
        ourState.nonce &+= 1
        ourState.pendingLocks.append(lock)
        ourState.secrethashesToLockedlocks.append(lock)
        let locksroot = Amounts.locksroot(ourState.pendingLocks)
        let transferred = ourState.transferredAmount
        let locked = ourState.amountLocked
        ourState.balanceProof = BalanceProofState(nonce: ourState.nonce, transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot)
        let id = canonicalIdentifier
        return LockedTransfer(
            messageIdentifier: nextMessageIdentifier(), chainId: id.chainIdentifier, nonce: ourState.nonce,
            transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot, channelIdentifier: id.channelIdentifier,
            tokenNetworkAddress: id.tokenNetworkAddress, paymentIdentifier: paymentIdentifier, token: tokenAddress,
            recipient: partnerState.address, lock: lock, target: target, initiator: ourState.address,
            metadata: Metadata(routes: [[ourState.address, partnerState.address]]))
    }

    /// send_unlock: T += amount; L = locked − amount; the lock leaves pending and every map.
    mutating func sendUnlock(lock: Lock, secret: Hash32, paymentIdentifier: UInt64) -> Unlock {
        ourState.nonce &+= 1
        if let k = ourState.pendingLocks.firstIndex(of: lock) { ourState.pendingLocks.remove(at: k) }
        let transferred = ourState.transferredAmount.saturatingAdding(lock.amount)
        let locked = ourState.amountLocked.saturatingSubtracting(lock.amount)
        ourState.deleteLock(lock.secrethash)
        let locksroot = Amounts.locksroot(ourState.pendingLocks)
        ourState.balanceProof = BalanceProofState(nonce: ourState.nonce, transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot)
        let id = canonicalIdentifier
        return Unlock(
            messageIdentifier: nextMessageIdentifier(), chainId: id.chainIdentifier, nonce: ourState.nonce,
            transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot, channelIdentifier: id.channelIdentifier,
            tokenNetworkAddress: id.tokenNetworkAddress, paymentIdentifier: paymentIdentifier, secret: secret)
    }

    /// send_lock_expired: T unchanged; L = locked − amount; the lock leaves pending,
    /// lockedlocks and unlockedlocks (not the onchain map). Nil when it is not pending.
    mutating func sendLockExpired(lock: Lock) -> LockExpired? {
        guard let k = ourState.pendingLocks.firstIndex(of: lock) else { return nil }
        ourState.nonce &+= 1
        ourState.pendingLocks.remove(at: k)
        let transferred = ourState.transferredAmount
        let locked = ourState.amountLocked.saturatingSubtracting(lock.amount)
        ourState.secrethashesToLockedlocks.removeAll { $0.secrethash == lock.secrethash }
        ourState.secrethashesToUnlockedlocks.removeAll { $0.lock.secrethash == lock.secrethash }
        let locksroot = Amounts.locksroot(ourState.pendingLocks)
        ourState.balanceProof = BalanceProofState(nonce: ourState.nonce, transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot)
        let id = canonicalIdentifier
        return LockExpired(
            messageIdentifier: nextMessageIdentifier(), chainId: id.chainIdentifier, nonce: ourState.nonce,
            transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot, channelIdentifier: id.channelIdentifier,
            tokenNetworkAddress: id.tokenNetworkAddress, recipient: partnerState.address, secrethash: lock.secrethash)
    }
}
