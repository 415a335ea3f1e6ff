import NettingCodec
import NettingCrypto

/// Balance-proof messages from the partner: LockedTransfer (we are the target), Unlock and
/// LockExpired (raiden/transfer/channel.py is_balance_proof_usable_onchain,
/// valid_lockedtransfer_check, is_valid_unlock, is_valid_lock_expired), with the dispatch in
/// front of them (raiden/message_handler.py, raiden/transfer/node.py subdispatch_to_paymenttask).
enum Receive {
    /// The codes one message uses for is_balance_proof_usable_onchain's checks.
    struct ProofCodes {
        var channelNotOpen: RejectionCode
        var channelIdMismatch: RejectionCode?
        var tokenNetworkMismatch: RejectionCode?
        var chainIdMismatch: RejectionCode
        var amountOverflow: RejectionCode
        var nonceMismatch: RejectionCode
        var signatureInvalid: RejectionCode
        var signerNotPartner: RejectionCode
    }

    /// is_balance_proof_usable_onchain in its order; the signature is checked last. Reasons
    /// are built only when a guard fails.
    ///
    /// `s` is `inout` but only read: passed by value from the handlers' `inout` state, every
    /// received balance proof made a copy of the whole state (1 KB, and a retain and a release
    /// of each of its 16 arrays); `borrowing` and `@inline(__always)` did not avoid it.
    static func checkProof(_ s: inout ChannelState, _ p: ReceivedProof, name: String, codes: ProofCodes) throws(Rejection) {
        func reject(_ code: RejectionCode, _ reason: String) -> Rejection { Rejection(code, "Invalid \(name) message. " + reason) }
        guard s.status == .opened else { throw reject(codes.channelNotOpen, "The channel is already closed.") }
        let id = s.canonicalIdentifier
        if let code = codes.channelIdMismatch, p.channelId != id.channelIdentifier {
            throw reject(code, "channel_identifier does not match. expected: \(id.channelIdentifier) got: \(p.channelId).")
        }
        if let code = codes.tokenNetworkMismatch, p.tokenNetwork != id.tokenNetworkAddress {
            throw reject(code, "token_network_address does not match. expected: \(id.tokenNetworkAddress) got: \(p.tokenNetwork).")
        }
        guard p.chainId == id.chainIdentifier else {
            throw reject(codes.chainIdMismatch, "chain_id does not match channel's chain_id. expected: \(id.chainIdentifier) got: \(p.chainId).")
        }
        guard Amounts.fitsOnchain(p.transferred, p.locked) else {
            throw reject(codes.amountOverflow, "Balance proof total transferred amount would overflow onchain.")
        }
        guard Check.isNext(p.nonce, after: s.partnerState.nonce) else {
            throw reject(codes.nonceMismatch, "Nonce did not change sequentially, expected: \(s.partnerState.nonce &+ 1) got: \(p.nonce).")
        }
        if s.config.verifySignatures {
            guard let signer = p.recoverSigner() else { throw reject(codes.signatureInvalid, "Signature invalid, could not be recovered.") }
            guard signer == s.partnerState.address else {
                throw reject(codes.signerNotPartner, "Signature was valid but the expected address does not match.")
            }
        }
    }

    // MARK: LockedTransfer

    static func lockedTransfer(_ s: inout ChannelState, _ i: Input.ReceiveLockedTransfer, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        let sh = m.lock.secrethash
        // MessageHandler.handle_message_lockedtransfer, in its order: the registry, the routes, the target.
        guard !i.secretRegistered else {
            throw Rejection(.lockedTransferSecretRegistered, "the secret of \(sh.hex) is already registered in the secret registry")
        }
        guard !m.metadata.routes.isEmpty else { throw Rejection(.lockedTransferNoRoutes, "the metadata has no routes") }
        guard m.target == s.ourState.address else { throw Rejection(.lockedTransferNotForUs, "the target \(m.target.hex) is not us (mediation is out of scope)") }
        guard !s.initiatorTasks.contains(where: { $0.lock.secrethash == sh }) else {
            throw Rejection(.lockedTransferSecrethashUsedByInitiator, "we are paying with secrethash \(sh.hex)")
        }
        guard s.exists, s.isOurs(CanonicalIdentifier(chainIdentifier: m.chainId, tokenNetworkAddress: m.tokenNetworkAddress, channelIdentifier: m.channelIdentifier)) else {
            throw Rejection(.lockedTransferUnknownChannel, "no channel \(m.channelIdentifier) in token network \(m.tokenNetworkAddress.hex)")
        }
        guard !s.targetTasks.contains(where: { $0.lock.secrethash == sh }) else {
            throw Rejection(.lockedTransferDuplicateTransfer, "a transfer with secrethash \(sh.hex) was already received")
        }
        let proof = ReceivedProof(m)
        try checkProof(
            &s, proof, name: "LockedTransfer",
            codes: ProofCodes(
                channelNotOpen: .lockedTransferChannelNotOpen, chainIdMismatch: .lockedTransferChainIdMismatch,
                amountOverflow: .lockedTransferAmountOverflow, nonceMismatch: .lockedTransferNonceMismatch,
                signatureInvalid: .lockedTransferSignatureInvalid, signerNotPartner: .lockedTransferSignerNotPartner))
        let prefix = "Invalid LockedTransfer message. "
        // The guards read the partner's end in place: a copy of its lock array would make the
        // append below copy the array (copy-on-write).
        guard !s.partnerState.pendingLocks.contains(m.lock) else { throw Rejection(.lockedTransferDuplicateLock, prefix + "Same lock handled twice.") }
        guard s.partnerState.pendingLocks.count < ChannelConstants.maximumPendingTransfers else {
            throw Rejection(
                .lockedTransferPendingLimit,
                prefix + "Adding the transfer would exceed the allowed limit of \(ChannelConstants.maximumPendingTransfers) pending transfers per channel.")
        }
        let locksroot = Amounts.locksroot(s.partnerState.pendingLocks, adding: m.lock)
        guard m.locksroot == locksroot else {
            throw Rejection(.lockedTransferLocksrootMismatch, prefix + "Balance proof's locksroot didn't match, expected: \(locksroot.hex) got: \(m.locksroot.hex).")
        }
        let (currentT, currentL) = Amounts.current(s.partnerState)
        guard m.transferredAmount == currentT else {
            throw Rejection(.lockedTransferTransferredAmountChanged, prefix + "Balance proof's transferred_amount changed, expected: \(currentT) got: \(m.transferredAmount).")
        }
        let expectedLocked = Check.sum(currentL, m.lock.amount)
        guard m.lockedAmount == expectedLocked else {
            throw Rejection(.lockedTransferLockedAmountMismatch, prefix + "Balance proof's locked_amount is invalid, expected: \(expectedLocked.map(\.decimal) ?? "> 2^256-1") got: \(m.lockedAmount).")
        }
        let distributable = Amounts.distributable(s.partnerState, s.ourState)
        guard SignedAmount(m.lock.amount) <= distributable else {
            throw Rejection(.lockedTransferInsufficientDistributable, prefix + "Lock amount larger than the available distributable, lock amount: \(m.lock.amount) maximum distributable: \(distributable.description)")
        }

        s.partnerState.balanceProof = proof.state
        s.partnerState.nonce = m.nonce
        s.partnerState.pendingLocks.append(m.lock)
        s.partnerState.secrethashesToLockedlocks.append(m.lock)
        s.targetTasks.append(TargetTask(paymentIdentifier: m.paymentIdentifier, initiator: m.initiator, sender: i.sender, lock: m.lock, secret: nil, state: .secretRequest))
        out.reserveCapacity(out.count + 2)  // one allocation for the outputs, not one per append
        out.append(.sendProcessed(.init(recipient: i.sender, message: Processed(messageIdentifier: m.messageIdentifier))))
        // is_safe_to_wait: E − B > R (deviation constructor_errors: no assertion on E > R).
        if m.lock.expiration > UInt256(s.blockNumber).saturatingAdding(UInt256(s.revealTimeout)) {
            out.append(.sendSecretRequest(.init(recipient: m.initiator, message: SecretRequest(
                messageIdentifier: s.nextMessageIdentifier(), paymentIdentifier: m.paymentIdentifier, secrethash: sh,
                amount: m.lock.amount, expiration: m.lock.expiration))))
        }
    }

    // MARK: Unlock

    static func unlock(_ s: inout ChannelState, _ i: Input.ReceiveUnlock, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        let sh = SecretHash.of(m.secret)
        guard let k = s.targetTasks.firstIndex(where: { $0.lock.secrethash == sh }) else {
            throw Rejection(.unlockUnknownSecrethash, "no payment with secrethash \(sh.hex)")
        }
        guard !s.removed else { throw Rejection(.unlockChannelRemoved, "the channel of payment \(sh.hex) was removed") }
        guard let lock = s.partnerState.lock(secrethash: sh) else {
            throw Rejection(.unlockUnknownLock, "Invalid Unlock message. There is no corresponding lock for \(sh.hex)")
        }
        let proof = ReceivedProof(m)
        try checkProof(
            &s, proof, name: "Unlock",
            codes: ProofCodes(
                channelNotOpen: .unlockChannelNotOpen, channelIdMismatch: .unlockChannelIdMismatch, tokenNetworkMismatch: .unlockTokenNetworkMismatch,
                chainIdMismatch: .unlockChainIdMismatch, amountOverflow: .unlockAmountOverflow, nonceMismatch: .unlockNonceMismatch,
                signatureInvalid: .unlockSignatureInvalid, signerNotPartner: .unlockSignerNotPartner))
        let prefix = "Invalid Unlock message. "
        let j = s.partnerState.pendingLocks.firstIndex(of: lock)
        let locksroot = Amounts.locksroot(s.partnerState.pendingLocks, removingAt: j)
        guard m.locksroot == locksroot else {
            throw Rejection(.unlockLocksrootMismatch, prefix + "Balance proof's locksroot didn't match, expected: \(locksroot.hex) got: \(m.locksroot.hex).")
        }
        let (currentT, currentL) = Amounts.current(s.partnerState)
        let expectedT = Check.sum(currentT, lock.amount)
        guard m.transferredAmount == expectedT else {
            throw Rejection(.unlockTransferredAmountMismatch, prefix + "Balance proof's wrong transferred_amount, expected: \(expectedT.map(\.decimal) ?? "> 2^256-1") got: \(m.transferredAmount).")
        }
        let expectedL = currentL.subtractingReportingOverflow(lock.amount)
        guard !expectedL.overflow, m.lockedAmount == expectedL.partialValue else {
            throw Rejection(.unlockLockedAmountMismatch, prefix + "Balance proof's wrong locked_amount, expected: \(expectedL.partialValue) got: \(m.lockedAmount).")
        }
        let task = s.targetTasks.remove(at: k)
        s.partnerState.balanceProof = proof.state
        s.partnerState.nonce = m.nonce
        if let j { s.partnerState.pendingLocks.remove(at: j) }
        s.partnerState.deleteLock(sh)
        out.reserveCapacity(out.count + 3)
        out.append(.sendProcessed(.init(recipient: i.sender, message: Processed(messageIdentifier: m.messageIdentifier))))
        out.append(.eventPaymentReceivedSuccess(.init(
            tokenNetworkAddress: s.canonicalIdentifier.tokenNetworkAddress, identifier: task.paymentIdentifier, amount: lock.amount, initiator: task.initiator)))
        out.append(.eventUnlockClaimSuccess(.init(identifier: task.paymentIdentifier, secrethash: sh)))
    }

    // MARK: LockExpired

    static func lockExpired(_ s: inout ChannelState, _ i: Input.ReceiveLockExpired, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        let sh = m.secrethash
        // node.subdispatch_to_paymenttask: a target task, or one of our own payments
        // (initiator_manager.handle_lock_expired), whose lock the partner never holds.
        let k = s.targetTasks.firstIndex { $0.lock.secrethash == sh }
        guard k != nil || s.initiatorTasks.contains(where: { $0.lock.secrethash == sh }) else {
            throw Rejection(.lockExpiredUnknownSecrethash, "no payment with secrethash \(sh.hex)")
        }
        guard !s.removed else { throw Rejection(.lockExpiredChannelRemoved, "the channel of payment \(sh.hex) was removed") }
        let prefix = "Invalid LockExpired message. "
        guard !s.partnerState.isUnlockedOnchain(sh) else { throw Rejection(.lockExpiredUnlockedOnchain, prefix + "Lock was unlocked on-chain.") }
        let lock = s.partnerState.secrethashesToLockedlocks.first { $0.secrethash == sh }
            ?? s.partnerState.secrethashesToUnlockedlocks.first { $0.lock.secrethash == sh }?.lock
        guard let lock, let k else { throw Rejection(.lockExpiredUnknownLock, prefix + "Lock with secrethash \(sh.hex) is not known.") }
        let proof = ReceivedProof(m)
        try checkProof(
            &s, proof, name: "LockExpired",
            codes: ProofCodes(
                channelNotOpen: .lockExpiredChannelNotOpen, channelIdMismatch: .lockExpiredChannelIdMismatch,
                tokenNetworkMismatch: .lockExpiredTokenNetworkMismatch, chainIdMismatch: .lockExpiredChainIdMismatch,
                amountOverflow: .lockExpiredAmountOverflow, nonceMismatch: .lockExpiredNonceMismatch,
                signatureInvalid: .lockExpiredSignatureInvalid, signerNotPartner: .lockExpiredSignerNotPartner))
        let threshold = Check.receiverExpirationThreshold(lock.expiration)
        guard Payment.isLockExpired(s.ourState, lock, block: s.blockNumber, threshold: threshold) else {
            throw Rejection(.lockExpiredNotExpired, prefix + "Lock has not expired: current block number (\(s.blockNumber)) is not larger than lock.expiration + confirmation blocks (\(threshold)).")
        }
        let j = s.partnerState.pendingLocks.firstIndex(of: lock)
        let locksroot = Amounts.locksroot(s.partnerState.pendingLocks, removingAt: j)
        guard m.locksroot == locksroot else {
            throw Rejection(.lockExpiredLocksrootMismatch, prefix + "Balance proof's locksroot didn't match, expected: \(locksroot.hex) got: \(m.locksroot.hex).")
        }
        let (currentT, currentL) = Amounts.current(s.partnerState)
        guard m.transferredAmount == currentT else {
            throw Rejection(.lockExpiredTransferredAmountChanged, prefix + "Balance proof's transferred_amount changed, expected: \(currentT) got: \(m.transferredAmount).")
        }
        let expectedL = currentL.subtractingReportingOverflow(lock.amount)
        guard !expectedL.overflow, m.lockedAmount == expectedL.partialValue else {
            throw Rejection(.lockExpiredLockedAmountMismatch, prefix + "Balance proof's locked_amount is invalid, expected: \(expectedL.partialValue) got: \(m.lockedAmount).")
        }
        let task = s.targetTasks.remove(at: k)
        s.partnerState.balanceProof = proof.state
        s.partnerState.nonce = m.nonce
        if let j { s.partnerState.pendingLocks.remove(at: j) }
        s.partnerState.secrethashesToLockedlocks.removeAll { $0.secrethash == sh }
        s.partnerState.secrethashesToUnlockedlocks.removeAll { $0.lock.secrethash == sh }
        out.reserveCapacity(out.count + 2)
        out.append(.sendProcessed(.init(recipient: i.sender, message: Processed(messageIdentifier: m.messageIdentifier))))
        out.append(.eventUnlockClaimFailed(.init(identifier: task.paymentIdentifier, secrethash: sh, reason: "Lock expired")))
    }
}
