import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

extension World {
    /// Plays one move. A move that is not enabled any more (a shrunk trace) changes nothing but
    /// may be rejected or revert, as it would for real.
    public mutating func apply(_ move: Move, _ c: CheckConfig) {
        rejections = []
        reverted = 0
        machineSteps = 0
        switch move {
        case .pay(let amount):
            honestPayments += 1
            feed(.actionInitInitiator(.init(
                paymentIdentifier: UInt64(honestPayments), amount: amount, target: Cast.adversary,
                secret: Cast.honestSecret(honestPayments), lockTimeout: nil)), c)
        case .withdraw(let total):
            honestWithdraws += 1
            feed(.actionChannelWithdraw(.init(canonicalIdentifier: Cast.id, totalWithdraw: total)), c)
        case .close:
            feed(.actionChannelClose(.init(canonicalIdentifier: Cast.id)), c)
        case .send(let message, let lie):
            receive(message, lie: lie, c)
        case .closeWith(let proof):
            guard chain.close(closer: 1, partnerProof: proof, block: block, settleTimeout: honest.settleTimeout) else { reverted += 1; return }
            feed(.contractReceiveChannelClosed(.init(blockNumber: block, canonicalIdentifier: Cast.id, transactionFrom: Cast.adversary)), c)
        case .updateWith(let proof):
            guard chain.update(nonCloser: 1, closerProof: proof) else { reverted += 1; return }
            feed(.contractReceiveUpdateTransfer(.init(blockNumber: block, canonicalIdentifier: Cast.id, nonce: proof.nonce)), c)
        case .registerSecret(let secret):
            for input in registerSecret(secret) { feed(input, c) }
        case .withdrawOnChain(let conf):
            guard chain.withdraw(1, total: conf.totalWithdraw, expiration: conf.expiration, block: block) else { reverted += 1; return }
            feed(.contractReceiveChannelWithdraw(.init(
                blockNumber: block, canonicalIdentifier: Cast.id, participant: Cast.adversary, totalWithdraw: conf.totalWithdraw)), c)
        case .mine(let blocks):
            block += blocks
            feed(.block(.init(blockNumber: block)), c)
        case .settle:
            for input in settle(c) { feed(input, c) }
        }
    }

    /// The honest party receives `message` from the adversary: signed by the adversary's token
    /// (or, in secp256k1 mode, really signed — by a third key for a forgery, or the honest
    /// party's own signature for a replay).
    mutating func receive(_ message: Message, lie: Lie?, _ c: CheckConfig) {
        var message = message
        if c.signatures == .secp256k1, lie != .replay {
            message = message.wire.signed(with: lie == .forged ? Cast.forgerKey : Cast.adversaryKey).message
        }
        guard var input = Input.receiving(message, from: Cast.adversary) else { return }
        if case .receiveLockedTransfer(var i) = input {
            i.secretRegistered = chain.revealBlock(i.message.lock.secrethash) != nil
            input = .receiveLockedTransfer(i)
        }
        feed(input, c)
        guard rejections.isEmpty else { return }
        // Accepted: the balance proof as the adversary signed it is now one the honest party may submit.
        let signed: SignedProof?
        switch message {
        case .lockedTransfer(let m):
            adversaryLocks += 1
            signed = SignedProof(nonce: m.nonce, transferred: m.transferredAmount, locked: m.lockedAmount, locksroot: m.locksroot, locks: honest.partnerState.pendingLocks)
        case .unlock(let m):
            signed = SignedProof(nonce: m.nonce, transferred: m.transferredAmount, locked: m.lockedAmount, locksroot: m.locksroot, locks: honest.partnerState.pendingLocks)
        case .lockExpired(let m):
            signed = SignedProof(nonce: m.nonce, transferred: m.transferredAmount, locked: m.lockedAmount, locksroot: m.locksroot, locks: honest.partnerState.pendingLocks)
        case .withdrawRequest:
            adversaryWithdraws += 1
            signed = nil
        case .secretRequest, .revealSecret, .withdrawConfirmation, .withdrawExpired, .processed, .delivered, .refundTransfer,
            .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
            signed = nil
        }
        if let signed {
            knows.adversaryProofs.removeAll { $0.nonce == signed.nonce }
            knows.adversaryProofs.append(signed)
            if !knows.adversaryMessages.contains(message) { knows.adversaryMessages.append(message) }
        }
    }
}
