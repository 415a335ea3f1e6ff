import NettingCodec
import NettingCrypto

/// The direct payment tasks: the initiator (we pay the partner) and the target's secret
/// handling and expiry (raiden/transfer/mediated_transfer/initiator.py, initiator_manager.py,
/// target.py). The tasks of a removed channel are never called again
/// (initiator_manager.subdispatch_to_initiatortransfer, node.subdispatch_to_paymenttask).
enum Payment {
    static func initInitiator(_ s: inout ChannelState, _ i: Input.ActionInitInitiator, _ out: inout [Output]) throws(Rejection) {
        let secrethash = SecretHash.of(i.secret)
        guard !s.initiatorTasks.contains(where: { $0.lock.secrethash == secrethash }),
            !s.targetTasks.contains(where: { $0.lock.secrethash == secrethash })
        else { throw Rejection(.actionInitInitiatorSecrethashInUse, "a payment with secrethash \(secrethash.hex) exists") }
        guard s.exists, i.target == s.partnerState.address else {
            throw Rejection(.actionInitInitiatorNoRoute, "no direct channel to \(i.target.hex)")
        }
        guard s.status == .opened else { throw Rejection(.actionInitInitiatorChannelNotOpen, "NOT_OPENED") }
        guard s.settleTimeout / 2 >= s.revealTimeout else { throw Rejection(.actionInitInitiatorInvalidSettleTimeout, "INVALID_SETTLE_TIMEOUT") }
        guard s.ourState.pendingLocks.count < ChannelConstants.maximumPendingTransfers else { throw Rejection(.actionInitInitiatorPendingLimit, "CHANNEL_REACHED_PENDING_LIMIT") }
        guard SignedAmount(i.amount) <= Amounts.distributable(s.ourState, s.partnerState) else {
            throw Rejection(.actionInitInitiatorInsufficientDistributable, "CHANNEL_DOESNT_HAVE_ENOUGH_DISTRIBUTABLE")
        }
        if let lt = i.lockTimeout, !(s.revealTimeout < lt && lt <= s.settleTimeout) {
            throw Rejection(.actionInitInitiatorLockTimeoutMismatch, "LOCKTIMEOUT_MISMATCH")
        }
        // get_safe_initial_expiration: B + lock_timeout − 1, or B + 2R − 1.
        let timeout = UInt256(i.lockTimeout ?? 0).isZero ? UInt256(s.revealTimeout).saturatingAdding(UInt256(s.revealTimeout)) : UInt256(i.lockTimeout!)
        let expiration = UInt256(s.blockNumber).saturatingAdding(timeout).saturatingSubtracting(.one)
        let lock = Lock(amount: i.amount, expiration: expiration, secrethash: secrethash)
        let message = s.sendLockedTransfer(lock: lock, paymentIdentifier: i.paymentIdentifier, target: i.target)
        s.initiatorTasks.append(InitiatorTask(
            paymentIdentifier: i.paymentIdentifier, amount: i.amount, target: i.target, secret: i.secret, lock: lock,
            receivedSecretRequest: false, transferState: .pending))
        out.append(.sendLockedTransfer(.init(recipient: s.partnerState.address, message: message)))
    }

    static func secretRequest(_ s: inout ChannelState, _ i: Input.ReceiveSecretRequest, _ out: inout [Output]) throws(Rejection) {
        let m = i.message
        guard let k = s.initiatorTasks.firstIndex(where: { $0.lock.secrethash == m.secrethash }) else {
            throw Rejection(.secretRequestNoTask, "no payment with secrethash \(m.secrethash.hex)")
        }
        guard !s.removed else { throw Rejection(.secretRequestChannelRemoved, "the channel of payment \(m.secrethash.hex) was removed") }
        let task = s.initiatorTasks[k]
        guard i.sender == task.target else { throw Rejection(.secretRequestSenderNotTarget, "the request is not from the target") }
        guard m.paymentIdentifier == task.paymentIdentifier else {
            throw Rejection(.secretRequestPaymentIdentifierMismatch, "payment identifier \(m.paymentIdentifier) is not \(task.paymentIdentifier)")
        }
        guard !task.receivedSecretRequest else { throw Rejection(.secretRequestAlreadyReceived, "a secret request was already received") }
        guard m.amount >= task.amount else {
            throw Rejection(.secretRequestAmountTooSmall, "requested amount \(m.amount) is below the payment's \(task.amount)")
        }
        guard m.expiration == task.lock.expiration else {
            throw Rejection(.secretRequestExpirationMismatch, "expiration \(m.expiration) is not the lock's \(task.lock.expiration)")
        }
        s.initiatorTasks[k].receivedSecretRequest = true
        s.initiatorTasks[k].transferState = .secretRevealed
        out.append(.sendSecretReveal(.init(recipient: task.target, message: RevealSecret(messageIdentifier: s.nextMessageIdentifier(), secret: task.secret))))
    }

    static func secretReveal(_ s: inout ChannelState, _ i: Input.ReceiveSecretReveal, _ out: inout [Output]) throws(Rejection) {
        let secret = i.message.secret
        let secrethash = SecretHash.of(secret)
        let initiator = s.initiatorTasks.firstIndex { $0.lock.secrethash == secrethash }
        let target = initiator == nil ? s.targetTasks.firstIndex { $0.lock.secrethash == secrethash } : nil
        guard initiator != nil || target != nil else { throw Rejection(.secretRevealNoTask, "no payment with secrethash \(secrethash.hex)") }
        guard !s.removed else { throw Rejection(.secretRevealChannelRemoved, "the channel of payment \(secrethash.hex) was removed") }
        if let k = initiator {
            let task = s.initiatorTasks[k]
            guard i.sender == s.partnerState.address else { throw Rejection(.secretRevealSenderNotPartner, "the reveal is not from the channel partner") }
            guard s.status == .opened else { throw Rejection(.secretRevealChannelNotOpen, "the channel is \(s.status.rawValue)") }
            guard !isLockExpired(s.ourState, task.lock, block: s.blockNumber, threshold: task.lock.expiration) else {
                throw Rejection(.secretRevealLockExpired, "lock expired at \(task.lock.expiration); current block \(s.blockNumber)")
            }
            unlock(&s, taskIndex: k, &out)
            return
        }
        guard let k = target else { throw Rejection(.secretRevealNoTask, "no payment with secrethash \(secrethash.hex)") }
        let task = s.targetTasks[k]
        guard !isLockExpired(s.ourState, task.lock, block: s.blockNumber, threshold: Check.senderExpirationThreshold(task.lock.expiration)) else {
            throw Rejection(.secretRevealTransferExpired, "the transfer expired at \(task.lock.expiration) + \(ChannelConstants.defaultWaitBeforeLockRemoval)")
        }
        s.partnerState.registerOffchainSecret(secret, secrethash: secrethash)
        s.ourState.registerOffchainSecret(secret, secrethash: secrethash)
        s.targetTasks[k].state = .revealSecret
        s.targetTasks[k].secret = secret
        out.append(.sendSecretReveal(.init(recipient: task.sender, message: RevealSecret(messageIdentifier: s.nextMessageIdentifier(), secret: secret))))
    }

    static func onchainSecretReveal(_ s: inout ChannelState, _ i: Input.ContractReceiveSecretReveal, _ out: inout [Output]) throws(Rejection) {
        let initiator = s.initiatorTasks.firstIndex { $0.lock.secrethash == i.secrethash }
        let target = initiator == nil ? s.targetTasks.firstIndex { $0.lock.secrethash == i.secrethash } : nil
        guard initiator != nil || target != nil else { throw Rejection(.onchainSecretRevealNoTask, "no payment with secrethash \(i.secrethash.hex)") }
        guard !s.removed else { throw Rejection(.onchainSecretRevealChannelRemoved, "the channel of payment \(i.secrethash.hex) was removed") }
        if let k = initiator {
            let lock = s.initiatorTasks[k].lock
            // A reveal at block E still counts for the client (quirk onchain_secret_at_expiration).
            guard UInt256(i.blockNumber) <= lock.expiration else { return }
            s.ourState.registerOnchainSecret(i.secret, secrethash: i.secrethash, revealBlock: i.blockNumber)
            s.partnerState.registerOnchainSecret(i.secret, secrethash: i.secrethash, revealBlock: i.blockNumber)
            if s.status == .opened, !isLockExpired(s.ourState, lock, block: s.blockNumber, threshold: lock.expiration),
                s.ourState.pendingLocks.contains(lock)
            {
                unlock(&s, taskIndex: k, &out)
            }
            return
        }
        guard let k = target else { throw Rejection(.onchainSecretRevealNoTask, "no payment with secrethash \(i.secrethash.hex)") }
        s.ourState.registerOnchainSecret(i.secret, secrethash: i.secrethash, revealBlock: i.blockNumber)
        s.partnerState.registerOnchainSecret(i.secret, secrethash: i.secrethash, revealBlock: i.blockNumber)
        s.targetTasks[k].state = .onchainUnlock
        s.targetTasks[k].secret = i.secret
    }

    /// The initiator unlocks: SendUnlock, EventPaymentSentSuccess, EventUnlockSuccess; the task ends.
    static func unlock(_ s: inout ChannelState, taskIndex k: Int, _ out: inout [Output]) {
        let task = s.initiatorTasks.remove(at: k)
        let message = s.sendUnlock(lock: task.lock, secret: task.secret, paymentIdentifier: task.paymentIdentifier)
        out.append(.sendUnlock(.init(recipient: s.partnerState.address, message: message)))
        out.append(.eventPaymentSentSuccess(.init(
            tokenNetworkAddress: s.canonicalIdentifier.tokenNetworkAddress, identifier: task.paymentIdentifier,
            amount: task.amount, target: task.target, secret: task.secret)))
        out.append(.eventUnlockSuccess(.init(identifier: task.paymentIdentifier, secrethash: task.lock.secrethash)))
    }

    /// is_lock_expired(end, lock, B, threshold): not expired when the lock is in `end`'s onchain
    /// map or B < threshold.
    static func isLockExpired(_ end: EndState, _ lock: Lock, block: UInt64, threshold: UInt256) -> Bool {
        if end.isUnlockedOnchain(lock.secrethash) { return false }
        return UInt256(block) >= threshold
    }

    // MARK: Block

    /// initiator.handle_block for each of our payments, in order.
    static func expireInitiatorTasks(_ s: inout ChannelState, _ out: inout [Output]) {
        var k = 0
        while k < s.initiatorTasks.count {
            let task = s.initiatorTasks[k]
            let sh = task.lock.secrethash
            guard s.ourState.isLocked(sh) else {
                if s.partnerState.isLocked(sh) { k += 1 } else { s.initiatorTasks.remove(at: k) }
                continue
            }
            let expired = isLockExpired(s.ourState, task.lock, block: s.blockNumber, threshold: Check.senderExpirationThreshold(task.lock.expiration))
            guard expired, task.transferState != .expired else { k += 1; continue }
            if s.status == .opened, let message = s.sendLockExpired(lock: task.lock) {
                out.append(.sendLockExpired(.init(recipient: s.partnerState.address, message: message)))
            }
            s.initiatorTasks[k].transferState = .expired
            let reason = task.receivedSecretRequest ? "lock expired, despite receiving secret request" : "lock expired"
            let tn = s.canonicalIdentifier.tokenNetworkAddress
            out.append(.eventPaymentSentFailed(.init(tokenNetworkAddress: tn, identifier: task.paymentIdentifier, target: task.target, reason: reason, code: nil)))
            out.append(.eventRouteFailed(.init(secrethash: sh, tokenNetworkAddress: tn)))
            out.append(.eventUnlockFailed(.init(identifier: task.paymentIdentifier, secrethash: sh, reason: reason)))
            if s.ourState.lock(secrethash: sh) == nil && s.partnerState.lock(secrethash: sh) == nil {
                s.initiatorTasks.remove(at: k)
            } else {
                k += 1
            }
        }
    }

    /// target.handle_block for each payment to us, in order (quirk target_expiry_on_our_end).
    static func expireTargetTasks(_ s: inout ChannelState, _ out: inout [Output]) {
        for k in s.targetTasks.indices {
            let task = s.targetTasks[k]
            let sh = task.lock.secrethash
            let expired = isLockExpired(s.ourState, task.lock, block: s.blockNumber, threshold: Check.receiverExpirationThreshold(task.lock.expiration))
            let offchain = s.partnerState.secrethashesToUnlockedlocks.first { $0.lock.secrethash == sh }
            let secretKnown = offchain != nil || s.partnerState.isUnlockedOnchain(sh)
            if expired && task.state != .expired {
                s.targetTasks[k].state = .expired
                out.append(.eventUnlockClaimFailed(.init(identifier: task.paymentIdentifier, secrethash: sh, reason: "lock expired")))
            } else if secretKnown, let offchain, task.lock.expiration <= UInt256(s.blockNumber).saturatingAdding(UInt256(s.revealTimeout)),
                task.state != .onchainSecretReveal
            {
                s.targetTasks[k].state = .onchainSecretReveal
                switch s.status {
                case .opened, .waitingForClose, .closed:
                    out.append(.contractSendSecretReveal(.init(expiration: task.lock.expiration, secret: offchain.secret)))
                case .nonexistent, .waitingForSettle, .settled, .unusable, .removed:
                    break
                }
            }
        }
    }
}
