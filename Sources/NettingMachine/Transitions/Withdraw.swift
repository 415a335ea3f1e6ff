import NettingCodec
import NettingCrypto

/// Withdraws: the user's request, the partner's request, confirmation and expiry, and the
/// expiry of our own requests on Block (raiden/transfer/channel.py: _handle_action_withdraw, _handle_receive_withdraw_request,
/// _handle_receive_withdraw_confirmation, _handle_receive_withdraw_expired, events_for_expired_withdraws).
enum Withdraw {
    static func action(_ s: inout ChannelState, _ i: Input.ActionChannelWithdraw, _ out: inout [Output]) throws(Rejection) {
        try OnChain.unknownChannel(s, i.canonicalIdentifier, .actionWithdrawUnknownChannel)
        guard s.status == .opened else { throw Rejection(.actionWithdrawChannelNotOpen, "Invalid withdraw, the channel is not opened") }
        let current = s.ourState.totalWithdraw
        guard i.totalWithdraw >= current else { throw Rejection(.actionWithdrawDecreased, "Total withdraw \(i.totalWithdraw) decreased") }
        guard i.totalWithdraw > current else { throw Rejection(.actionWithdrawNotIncreased, "Total withdraw \(i.totalWithdraw) did not increase") }
        let delta = i.totalWithdraw.saturatingSubtracting(current)
        let balance = Amounts.balance(s.ourState, s.partnerState)
        guard balance >= SignedAmount(delta) else {
            throw Rejection(.actionWithdrawInsufficientBalance, "Insufficient balance: \(balance.description). Requested \(delta) for withdraw")
        }
        guard Check.sum(i.totalWithdraw, s.partnerState.totalWithdraw) != nil else {
            throw Rejection(.actionWithdrawOverflow, "The new total_withdraw \(i.totalWithdraw) will cause an overflow")
        }
        // send_withdraw_request: expiration = get_safe_initial_expiration(B, R) = B + 2R − 1.
        let expiration = UInt256(s.blockNumber).saturatingAdding(UInt256(s.revealTimeout).saturatingAdding(UInt256(s.revealTimeout))).saturatingSubtracting(.one)
        s.ourState.nonce &+= 1
        s.ourState.withdrawsPending.append(PendingWithdraw(totalWithdraw: i.totalWithdraw, expiration: expiration, nonce: s.ourState.nonce))
        let id = s.canonicalIdentifier
        out.append(.sendWithdrawRequest(.init(recipient: s.partnerState.address, message: WithdrawRequest(
            messageIdentifier: s.nextMessageIdentifier(), chainId: id.chainIdentifier, tokenNetworkAddress: id.tokenNetworkAddress,
            channelIdentifier: id.channelIdentifier, participant: s.ourState.address, totalWithdraw: i.totalWithdraw,
            nonce: s.ourState.nonce, expiration: expiration, coopSettle: false))))
    }

    static func request(_ s: inout ChannelState, _ i: Input.ReceiveWithdrawRequest, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        try OnChain.unknownChannel(s, CanonicalIdentifier(chainIdentifier: m.chainId, tokenNetworkAddress: m.tokenNetworkAddress, channelIdentifier: m.channelIdentifier), .withdrawRequestUnknownChannel)
        guard m.chainId == s.canonicalIdentifier.chainIdentifier else {
            throw Rejection(.withdrawRequestChainIdMismatch, "Invalid canonical identifier provided in withdraw request")
        }
        let partner = s.partnerState.address
        guard m.participant == partner else { throw Rejection(.withdrawRequestParticipantNotPartner, "Invalid participant, it must be the partner address") }
        guard i.sender == partner else { throw Rejection(.withdrawRequestSenderNotPartner, "Invalid sender, withdraw request must be sent by the partner.") }
        let current = s.partnerState.totalWithdraw
        guard m.totalWithdraw >= current else { throw Rejection(.withdrawRequestDecreased, "Total withdraw \(m.totalWithdraw) decreased") }
        let delta = m.totalWithdraw.saturatingSubtracting(current)
        let balance = Amounts.balance(s.partnerState, s.ourState)
        guard balance >= SignedAmount(delta) else {
            throw Rejection(.withdrawRequestInsufficientBalance, "Insufficient balance: \(balance.description). Requested \(delta) for withdraw")
        }
        guard Check.isNext(m.nonce, after: s.partnerState.nonce) else {
            throw Rejection(.withdrawRequestNonceMismatch, "Nonce did not change sequentially, expected: \(s.partnerState.nonce &+ 1) got: \(m.nonce).")
        }
        guard Check.sum(m.totalWithdraw, s.ourState.totalWithdraw) != nil else {
            throw Rejection(.withdrawRequestOverflow, "The new total_withdraw \(m.totalWithdraw) will cause an overflow")
        }
        if s.config.verifySignatures {
            guard let signer = try? m.recoverSender() else { throw Rejection(.withdrawRequestSignatureInvalid, "Signature invalid, could not be recovered.") }
            guard signer == i.sender else { throw Rejection(.withdrawRequestSignerNotSender, "Signature was valid but the expected address does not match.") }
        }

        // Recorded before the coop-settle check, as _handle_receive_withdraw_request does: a
        // rejected coop-settle request still moves the partner's nonce (outcome reject_committed).
        let pending = PendingWithdraw(totalWithdraw: m.totalWithdraw, expiration: m.expiration, nonce: m.nonce)
        if let k = s.partnerState.withdrawsPending.firstIndex(where: { $0.totalWithdraw == m.totalWithdraw }) {
            s.partnerState.withdrawsPending[k] = pending
        } else {
            s.partnerState.withdrawsPending.append(pending)
        }
        s.partnerState.nonce = m.nonce
        guard !m.coopSettle else { throw Rejection(.withdrawRequestCoopSettleNotSupported, "NettingKit does not support cooperative settle yet") }
        s.ourState.nonce &+= 1
        out.append(.sendWithdrawConfirmation(.init(recipient: partner, message: WithdrawConfirmation(
            messageIdentifier: m.messageIdentifier, chainId: m.chainId, tokenNetworkAddress: m.tokenNetworkAddress,
            channelIdentifier: m.channelIdentifier, participant: partner, totalWithdraw: m.totalWithdraw,
            nonce: s.ourState.nonce, expiration: m.expiration))))
    }

    static func confirmation(_ s: inout ChannelState, _ i: Input.ReceiveWithdrawConfirmation, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        try OnChain.unknownChannel(s, CanonicalIdentifier(chainIdentifier: m.chainId, tokenNetworkAddress: m.tokenNetworkAddress, channelIdentifier: m.channelIdentifier), .withdrawConfirmationUnknownChannel)
        let stored = s.ourState.withdrawsPending.first { $0.totalWithdraw == m.totalWithdraw }
            ?? s.ourState.withdrawsExpired.first { $0.totalWithdraw == m.totalWithdraw }
        guard let stored else {
            throw Rejection(.withdrawConfirmationUnknownWithdraw, "Received withdraw confirmation \(m.totalWithdraw) was not found in withdraw states")
        }
        guard m.chainId == s.canonicalIdentifier.chainIdentifier else {
            throw Rejection(.withdrawConfirmationChainIdMismatch, "Invalid canonical identifier provided in withdraw request")
        }
        let ours = s.ourState.totalWithdraw
        guard m.totalWithdraw == ours else {
            throw Rejection(.withdrawConfirmationTotalWithdrawMismatch, "Total withdraw confirmation \(m.totalWithdraw) does not match our total withdraw \(ours)")
        }
        guard Check.isNext(m.nonce, after: s.partnerState.nonce) else {
            throw Rejection(.withdrawConfirmationNonceMismatch, "Nonce did not change sequentially, expected: \(s.partnerState.nonce &+ 1) got: \(m.nonce).")
        }
        guard m.expiration == stored.expiration else {
            throw Rejection(.withdrawConfirmationExpirationMismatch, "Invalid expiration \(m.expiration), withdraw confirmation must use the same confirmation as the request, otherwise the signatures will not match on-chain.")
        }
        guard m.participant == s.ourState.address else {
            throw Rejection(.withdrawConfirmationParticipantNotUs, "Invalid participant \(m.participant), it must be the same as the sender address \(s.ourState.address)")
        }
        guard i.sender == s.partnerState.address else {
            throw Rejection(.withdrawConfirmationSenderNotPartner, "Invalid sender, withdraw confirmation must be sent by the partner.")
        }
        guard Check.sum(m.totalWithdraw, s.partnerState.totalWithdraw) != nil else {
            throw Rejection(.withdrawConfirmationOverflow, "The new total_withdraw \(m.totalWithdraw) will cause an overflow")
        }
        if s.config.verifySignatures {
            guard let signer = try? m.recoverSender() else { throw Rejection(.withdrawConfirmationSignatureInvalid, "Signature invalid, could not be recovered.") }
            guard signer == i.sender else { throw Rejection(.withdrawConfirmationSignerNotSender, "Signature was valid but the expected address does not match.") }
        }
        s.partnerState.nonce = m.nonce
        out.append(.sendProcessed(.init(recipient: s.partnerState.address, message: Processed(messageIdentifier: m.messageIdentifier))))
        // sc.expiration ≥ B − R, written without going below zero.
        if m.expiration.saturatingAdding(UInt256(s.revealTimeout)) >= UInt256(s.blockNumber) {
            out.append(.contractSendChannelWithdraw(.init(
                canonicalIdentifier: s.canonicalIdentifier, totalWithdraw: m.totalWithdraw, expiration: m.expiration, partnerSignature: m.signature)))
        }
    }

    static func expired(_ s: inout ChannelState, _ i: Input.ReceiveWithdrawExpired, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        try OnChain.unknownChannel(s, CanonicalIdentifier(chainIdentifier: m.chainId, tokenNetworkAddress: m.tokenNetworkAddress, channelIdentifier: m.channelIdentifier), .withdrawExpiredUnknownChannel)
        guard let k = s.partnerState.withdrawsPending.firstIndex(where: { $0.totalWithdraw == m.totalWithdraw }) else {
            throw Rejection(.withdrawExpiredUnknownWithdraw, "Withdraw expired of \(m.totalWithdraw) did not correspond to previous withdraw request")
        }
        let stored = s.partnerState.withdrawsPending[k]
        guard UInt256(s.blockNumber) >= Check.receiverExpirationThreshold(stored.expiration) else {
            throw Rejection(.withdrawExpiredNotExpired, "WithdrawExpired for withdraw that has not yet expired \(m.totalWithdraw).")
        }
        guard m.chainId == s.canonicalIdentifier.chainIdentifier else {
            throw Rejection(.withdrawExpiredChainIdMismatch, "Invalid canonical identifier provided in WithdrawExpired")
        }
        guard i.sender == s.partnerState.address else { throw Rejection(.withdrawExpiredSenderNotPartner, "Expired withdraw not from partner.") }
        guard Check.isNext(m.nonce, after: s.partnerState.nonce) else {
            throw Rejection(.withdrawExpiredNonceMismatch, "Nonce did not change sequentially, expected: \(s.partnerState.nonce &+ 1) got: \(m.nonce).")
        }
        s.partnerState.withdrawsPending.remove(at: k)
        s.partnerState.nonce = m.nonce
        out.append(.sendProcessed(.init(recipient: s.partnerState.address, message: Processed(messageIdentifier: m.messageIdentifier))))
    }

    /// events_for_expired_withdraws: our pending withdraws in order, stopping at the first one
    /// not yet expired (B < expiration + 10). Each expiry uses a new nonce.
    static func expireOurWithdraws(_ s: inout ChannelState, _ out: inout [Output]) {
        while let first = s.ourState.withdrawsPending.first,
            UInt256(s.blockNumber) >= Check.senderExpirationThreshold(first.expiration)
        {
            s.ourState.nonce &+= 1
            s.ourState.withdrawsExpired.append(first)
            s.ourState.withdrawsPending.removeFirst()
            let id = s.canonicalIdentifier
            out.append(.sendWithdrawExpired(.init(recipient: s.partnerState.address, message: WithdrawExpired(
                messageIdentifier: s.nextMessageIdentifier(), chainId: id.chainIdentifier, tokenNetworkAddress: id.tokenNetworkAddress,
                channelIdentifier: id.channelIdentifier, participant: s.ourState.address, totalWithdraw: first.totalWithdraw,
                expiration: first.expiration, nonce: s.ourState.nonce))))
        }
    }
}
