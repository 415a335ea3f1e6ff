import NettingCodec
import NettingCrypto
@testable import NettingMachine

/// Messages a partner could send, built from the receiver's view so that every field is
/// honest unless a test changes it.
enum Craft {
    /// Alice's next LockedTransfer to Bob as Bob sees the channel, adding `lock`.
    static func transfer(to bob: ChannelState, lock: Lock, messageIdentifier: UInt64 = 77) -> LockedTransfer {
        let p = bob.partnerState
        let locks = p.pendingLocks + [lock]
        return LockedTransfer(
            messageIdentifier: messageIdentifier, chainId: Fx.id.chainIdentifier, nonce: p.nonce + 1,
            transferredAmount: p.transferredAmount, lockedAmount: p.amountLocked.saturatingAdding(lock.amount),
            locksroot: Amounts.locksroot(locks), channelIdentifier: Fx.id.channelIdentifier,
            tokenNetworkAddress: Fx.tokenNetwork, paymentIdentifier: 1, token: Fx.token, recipient: Fx.bob, lock: lock,
            target: Fx.bob, initiator: Fx.alice, metadata: Metadata(routes: [[Fx.alice, Fx.bob]]))
    }

    /// A signature no public key recovers from (r = s = 0).
    static let mangled = Signature(r: .zero, s: .zero, v: 27)
}
