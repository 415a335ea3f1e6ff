import NettingCodec
import NettingCrypto
import NettingMachine
import NettingVectors

/// What the adversary has learnt from the honest party: every message it was sent, kept as
/// the values the honest signature binds.
public struct Knowledge: Equatable, Sendable {
    /// The honest party's balance proofs (LockedTransfer, Unlock, LockExpired), by nonce.
    public var honestProofs: [SignedProof] = []
    /// The adversary's balance proofs the honest party accepted, as the adversary signed them.
    public var adversaryProofs: [SignedProof] = []
    /// Secrets of the honest party's payments it revealed (RevealSecret, Unlock).
    public var secrets: [Hash32] = []
    /// The honest party's latest WithdrawRequest, which the adversary may confirm or not.
    public var withdrawRequest: WithdrawRequest?
    /// The honest party's confirmation of the adversary's withdraw: the adversary may withdraw on chain.
    public var withdrawConfirmation: WithdrawConfirmation?
    /// The adversary's own balance-proof messages the honest party accepted, in order (it may
    /// send them again).
    public var adversaryMessages: [Message] = []
    /// The honest party's signed messages the adversary could replay to it (secp256k1 mode).
    public var replayable: [Message] = []
}

/// One state of the whole system: the honest party's machine state, the chain and what the
/// adversary knows. The adversary needs no machine: what it can send is derived from the
/// honest party's view of it and from what it knows.
public struct World: Sendable {
    public var honest: ChannelState
    public var chain: ChainModel
    public var knows = Knowledge()
    public var block: UInt64
    /// Payments the honest party started; locks and withdraws the adversary made.
    public var honestPayments = 0
    public var adversaryLocks = 0
    public var honestWithdraws = 0
    public var adversaryWithdraws = 0
    /// What the last move did (rejections by the honest machine, by code); not part of the state.
    public var rejections: [RejectionCode] = []
    /// Chain calls of the last move that reverted; not part of the state.
    public var reverted = 0
    /// Inputs the honest machine took in the last move; not part of the state.
    public var machineSteps = 0

    /// The channel opened at `Cast.openedAt`, both deposits seen by the honest party.
    public init(_ config: CheckConfig) {
        var s = ChannelState(ourAddress: Cast.honest, seed: 1, config: MachineConfig(verifySignatures: config.signatures == .secp256k1))
        s = ChannelMachine.step(s, .block(.init(blockNumber: Cast.openedAt))).state
        s = ChannelMachine.step(s, .contractReceiveChannelNew(.init(
            blockNumber: Cast.openedAt, canonicalIdentifier: Cast.id, tokenAddress: Cast.token, partnerAddress: Cast.adversary,
            revealTimeout: config.revealTimeout, settleTimeout: config.settleTimeout))).state
        for (who, amount) in [(Cast.honest, config.honestDeposit), (Cast.adversary, config.adversaryDeposit)] where !amount.isZero {
            s = ChannelMachine.step(s, .contractReceiveChannelDeposit(.init(
                blockNumber: Cast.openedAt, canonicalIdentifier: Cast.id, participant: who, contractBalance: amount))).state
        }
        honest = s
        chain = ChainModel(deposits: [config.honestDeposit, config.adversaryDeposit])
        block = Cast.openedAt
    }

    static let addresses = [Cast.honest, Cast.adversary]

    // MARK: The honest party

    /// Feeds `input` to the honest machine (or the planted bug's), then everything its
    /// outputs cause: messages reach the adversary's knowledge, its transactions are mined at
    /// once and their logs fed back.
    mutating func feed(_ input: Input, _ config: CheckConfig) {
        var queue = [input]
        var budget = 64
        while !queue.isEmpty, budget > 0 {
            budget -= 1
            let next = queue.removeFirst()
            let step = honestStep(next, config)
            machineSteps += 1
            honest = step.state
            if let r = step.rejection { rejections.append(r.code) }
            for output in step.outputs { queue += route(output, config) }
        }
    }

    func honestStep(_ input: Input, _ config: CheckConfig) -> Step {
        switch config.bug {
        case .acceptsStaleNonce: return Mutant.acceptsStaleNonce.step(honest, input)
        case .ignoresLocksroot:
            guard case .receiveLockedTransfer(var i) = input else { return ChannelMachine.step(honest, input) }
            i.message.locksroot = Lock.locksroot(honest.partnerState.pendingLocks + [i.message.lock])
            return ChannelMachine.step(honest, .receiveLockedTransfer(i))
        case .settlesWithParticipantsSwapped, nil: return ChannelMachine.step(honest, input)
        }
    }

    /// An output of the honest machine: returns the inputs it causes (chain logs).
    mutating func route(_ output: Output, _ config: CheckConfig) -> [Input] {
        /// The honest party's proof as sent, with its locks: those of its previous proof plus
        /// or minus this message's lock (one step may send several proofs, so the state's
        /// pending locks are not those of each).
        func learn(_ nonce: UInt64, _ t: UInt256, _ l: UInt256, _ root: Hash32, _ m: Message, adding: Lock? = nil, removing: Hash32? = nil) {
            var locks = knows.honestProofs.last?.locks ?? []
            if let adding { locks.append(adding) }
            if let removing { locks.removeAll { $0.secrethash == removing } }
            if Lock.locksroot(locks) != root { locks = honest.ourState.pendingLocks }
            let proof = SignedProof(nonce: nonce, transferred: t, locked: l, locksroot: root, locks: locks)
            if !knows.honestProofs.contains(proof) { knows.honestProofs.append(proof) }
            if config.signatures == .secp256k1 { knows.replayable.append(m) }
        }
        switch output {
        case .sendLockedTransfer(let o):
            let m = o.message
            learn(m.nonce, m.transferredAmount, m.lockedAmount, m.locksroot, m.message, adding: m.lock)
        case .sendUnlock(let o):
            let m = o.message
            learn(m.nonce, m.transferredAmount, m.lockedAmount, m.locksroot, m.message, removing: SecretHash.of(m.secret))
            if !knows.secrets.contains(m.secret) { knows.secrets.append(m.secret) }
        case .sendLockExpired(let o):
            let m = o.message
            learn(m.nonce, m.transferredAmount, m.lockedAmount, m.locksroot, m.message, removing: m.secrethash)
        case .sendSecretReveal(let o):
            if !knows.secrets.contains(o.message.secret) { knows.secrets.append(o.message.secret) }
        case .sendWithdrawRequest(let o): knows.withdrawRequest = o.message
        case .sendWithdrawConfirmation(let o): knows.withdrawConfirmation = o.message
        case .sendSecretRequest, .sendProcessed, .sendWithdrawExpired: break
        case .contractSendChannelClose(let c):
            let proof = c.balanceProof.flatMap { p in knows.adversaryProofs.first { $0.nonce == p.nonce } }
            guard chain.close(closer: 0, partnerProof: proof, block: block, settleTimeout: honest.settleTimeout) else { reverted += 1; return [] }
            return [.contractReceiveChannelClosed(.init(blockNumber: block, canonicalIdentifier: Cast.id, transactionFrom: Cast.honest))]
        case .contractSendChannelUpdateTransfer(let u):
            guard let proof = knows.adversaryProofs.first(where: { $0.nonce == u.balanceProof.nonce }),
                chain.update(nonCloser: 0, closerProof: proof)
            else { reverted += 1; return [] }
            return [.contractReceiveUpdateTransfer(.init(blockNumber: block, canonicalIdentifier: Cast.id, nonce: proof.nonce))]
        case .contractSendChannelWithdraw(let w):
            guard chain.withdraw(0, total: w.totalWithdraw, expiration: w.expiration, block: block) else { reverted += 1; return [] }
            return [.contractReceiveChannelWithdraw(.init(blockNumber: block, canonicalIdentifier: Cast.id, participant: Cast.honest, totalWithdraw: w.totalWithdraw))]
        case .contractSendSecretReveal(let r):
            return registerSecret(r.secret)
        case .contractSendChannelSettle, .contractSendChannelBatchUnlock:
            break  // settle is a move of the chain (anyone may call it); both unlocks run with it
        case .eventPaymentSentSuccess, .eventPaymentSentFailed, .eventPaymentReceivedSuccess, .eventUnlockSuccess, .eventUnlockFailed,
            .eventUnlockClaimSuccess, .eventUnlockClaimFailed, .eventRouteFailed, .eventInvalidReceivedLockedTransfer,
            .eventInvalidReceivedUnlock, .eventInvalidReceivedLockExpired, .eventInvalidReceivedWithdrawRequest,
            .eventInvalidReceivedWithdraw, .eventInvalidReceivedWithdrawExpired, .eventInvalidActionWithdraw,
            .eventInvalidActionCoopSettle, .eventInvalidActionSetRevealTimeout, .eventInvalidSecretRequest:
            break
        }
        return []
    }

    /// SecretRegistry.registerSecret at the current block; the log for the honest party.
    mutating func registerSecret(_ secret: Hash32) -> [Input] {
        let hash = SecretHash.of(secret)
        guard chain.register(hash, block: block) else { return [] }
        return [.contractReceiveSecretReveal(.init(blockNumber: block, secrethash: hash, secret: secret))]
    }

    /// settleChannel and both unlocks; the logs for the honest party.
    mutating func settle(_ config: CheckConfig) -> [Input] {
        guard let log = chain.settle(block: block, addresses: Self.addresses, swapped: config.bug == .settlesWithParticipantsSwapped) else {
            reverted += 1
            return []
        }
        var inputs: [Input] = [.contractReceiveChannelSettled(.init(
            blockNumber: block, canonicalIdentifier: Cast.id, ourOnchainLocksroot: log.locksroot[0], ourTransferredAmount: log.amount[0],
            partnerOnchainLocksroot: log.locksroot[1], partnerTransferredAmount: log.amount[1]))]
        for sender in 0..<2 {
            guard let u = log.unlocks[sender] else { continue }
            inputs.append(.contractReceiveChannelBatchUnlock(.init(
                blockNumber: block, canonicalIdentifier: Cast.id, receiver: Self.addresses[1 - sender], sender: Self.addresses[sender],
                locksroot: log.locksroot[sender], unlockedAmount: u.unlocked, returnedTokens: u.returned)))
        }
        return inputs
    }
}
