import NettingCrypto

/// Example messages with readable values, for `netting message template` and the docs.
package enum Templates {
    static let tokenNetwork = try! Address(hex: "0x6e6574776f726b6e6574776f726b6e6574776f72")
    static let token = try! Address(hex: "0x746f6b656e746f6b656e746f6b656e746f6b656e")
    static let alice = try! Address(hex: "0xede35562d3555e61120a151b3c8e8e91d83a378a")
    static let bob = try! Address(hex: "0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a")
    static let secret = try! Hash32(hex: "0x7365637265747365637265747365637265747365637265747365637265747365")

    /// An unsigned example of `typeName`, or nil when no message has that type.
    package static func example(_ typeName: String) -> Message? {
        let lock = Lock(amount: 50, expiration: 109, secrethash: SecretHash.of(secret))
        let chain: UInt256 = 337, channel: UInt256 = 1
        let canonical = CanonicalIdentifier(chainIdentifier: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: channel)
        switch typeName {
        case "Processed": return Processed(messageIdentifier: 1).message
        case "Delivered": return Delivered(deliveredMessageIdentifier: 1).message
        case "SecretRequest":
            return SecretRequest(messageIdentifier: 2, paymentIdentifier: 1, secrethash: lock.secrethash, amount: 50, expiration: 109).message
        case "RevealSecret": return RevealSecret(messageIdentifier: 3, secret: secret).message
        case "LockedTransfer", "RefundTransfer":
            let t = LockedTransfer(
                messageIdentifier: 1, chainId: chain, nonce: 1, transferredAmount: 0, lockedAmount: 50,
                locksroot: Lock.locksroot([lock]), channelIdentifier: channel, tokenNetworkAddress: tokenNetwork,
                paymentIdentifier: 1, token: token, recipient: bob, lock: lock, target: bob, initiator: alice,
                metadata: Metadata(routes: [[alice, bob]]))
            if typeName == "LockedTransfer" { return t.message }
            return RefundTransfer(
                messageIdentifier: t.messageIdentifier, chainId: t.chainId, nonce: t.nonce, transferredAmount: t.transferredAmount,
                lockedAmount: t.lockedAmount, locksroot: t.locksroot, channelIdentifier: t.channelIdentifier,
                tokenNetworkAddress: t.tokenNetworkAddress, paymentIdentifier: t.paymentIdentifier, token: t.token,
                recipient: t.recipient, lock: t.lock, target: t.target, initiator: t.initiator, metadata: t.metadata
            ).message
        case "Unlock":
            return Unlock(
                messageIdentifier: 4, chainId: chain, nonce: 2, transferredAmount: 50, lockedAmount: 0,
                locksroot: Lock.locksroot([]), channelIdentifier: channel, tokenNetworkAddress: tokenNetwork,
                paymentIdentifier: 1, secret: secret).message
        case "LockExpired":
            return LockExpired(
                messageIdentifier: 5, chainId: chain, nonce: 2, transferredAmount: 0, lockedAmount: 0,
                locksroot: Lock.locksroot([]), channelIdentifier: channel, tokenNetworkAddress: tokenNetwork,
                recipient: bob, secrethash: lock.secrethash).message
        case "WithdrawRequest":
            return WithdrawRequest(
                messageIdentifier: 6, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: channel,
                participant: alice, totalWithdraw: 10, nonce: 3, expiration: 199, coopSettle: false).message
        case "WithdrawConfirmation":
            return WithdrawConfirmation(
                messageIdentifier: 6, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: channel,
                participant: alice, totalWithdraw: 10, nonce: 1, expiration: 199).message
        case "WithdrawExpired":
            return WithdrawExpired(
                messageIdentifier: 7, chainId: chain, tokenNetworkAddress: tokenNetwork, channelIdentifier: channel,
                participant: alice, totalWithdraw: 10, expiration: 199, nonce: 4).message
        case "PFSCapacityUpdate":
            return PFSCapacityUpdate(
                canonicalIdentifier: canonical, updatingParticipant: alice, otherParticipant: bob, updatingNonce: 2,
                otherNonce: 1, updatingCapacity: 90, otherCapacity: 60, revealTimeout: 50).message
        case "PFSFeeUpdate":
            return PFSFeeUpdate(
                canonicalIdentifier: canonical, updatingParticipant: alice,
                feeSchedule: FeeSchedule(capFees: true, flat: 0, proportional: 0, imbalancePenalty: nil),
                timestamp: Timestamp(year: 2000, month: 1, day: 1)).message
        case "RequestMonitoring":
            return RequestMonitoring(
                balanceProof: SignedBlindedBalanceProof(
                    channelIdentifier: channel, tokenNetworkAddress: tokenNetwork, nonce: 1, additionalHash: .zero,
                    chainId: chain, balanceHash: .zero, signature: .empty, nonClosingSignature: .empty),
                rewardAmount: 1, monitoringServiceContractAddress: token, nonClosingParticipant: alice).message
        default:
            return nil
        }
    }
}
