import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

extension World {
    /// Every move enabled in this state, in a fixed order: the honest party's actions, every
    /// message the adversary can construct from the bounded domains (honest ones and lies),
    /// its chain calls, and the chain's blocks and settlement. Empty once settled.
    public func moves(_ c: CheckConfig) -> [Move] {
        guard !chain.isSettled else { return [] }
        var out: [Move] = []
        out.reserveCapacity(40)
        if honest.status == .opened, chain.isOpen {
            if honestPayments < c.honestPayments { for a in c.amounts { out.append(.pay(amount: a)) } }
            if honestWithdraws < c.withdraws { out.append(.withdraw(total: honest.ourState.totalWithdraw.saturatingAdding(.one))) }
            out.append(.close)
        }
        adversaryMessages(c, &out)
        if chain.isOpen {
            out.append(.closeWith(nil))
            for p in knows.honestProofs { out.append(.closeWith(p)) }
        }
        if case .closed(_, let closer) = chain.phase, closer == 0 {
            for p in knows.honestProofs where p.nonce > (chain.proof[0]?.nonce ?? 0) { out.append(.updateWith(p)) }
        }
        for s in adversarySecrets where chain.revealBlock(SecretHash.of(s)) == nil { out.append(.registerSecret(s)) }
        if let conf = knows.withdrawConfirmation, chain.isOpen, conf.totalWithdraw > chain.withdrawn[1] { out.append(.withdrawOnChain(conf)) }
        if let next = nextThreshold() { out.append(.mine(blocks: next - block)) }
        if case .closed(let settleBlock, _) = chain.phase, block > settleBlock { out.append(.settle) }
        return out
    }

    /// The secrets the adversary knows: the honest party's it was told, and its own locks'.
    var adversarySecrets: [Hash32] {
        knows.secrets + (0..<adversaryLocks).map { Cast.adversarySecret($0 + 1) }
    }

    /// The next block at which some guard or payout can change. Every time guard of the
    /// machine and the contract splits the blocks at one point t (before t / from t on): a
    /// lock's or withdraw's expiration E (registered in time, expired for its sender), E − R
    /// (safe to wait for the secret), E + C (the receiver takes LockExpired), E + 2C (the sender
    /// expires it), and the block after the settle window. Blocks in between change nothing but
    /// the block number, so the chain mines straight to the next of these (time abstraction,
    /// spec `check_assumptions`).
    func nextThreshold() -> UInt64? {
        var next = UInt64.max
        func around(_ e: UInt256) {
            guard let e = e.uint64, e < UInt64.max / 2 else { return }
            let r = honest.revealTimeout, c = ChannelConstants.defaultNumberOfBlockConfirmations
            let w = ChannelConstants.defaultWaitBeforeLockRemoval
            for t in [e &- r, e, e + c, e + w] where t > block && t < next { next = t }
        }
        for l in honest.ourState.pendingLocks { around(l.expiration) }
        for l in honest.partnerState.pendingLocks { around(l.expiration) }
        for t in honest.initiatorTasks { around(t.lock.expiration) }
        for t in honest.targetTasks { around(t.lock.expiration) }
        for w in honest.ourState.withdrawsPending { around(w.expiration) }
        for w in honest.partnerState.withdrawsPending { around(w.expiration) }
        if case .closed(let settleBlock, _) = chain.phase, settleBlock + 1 > block, settleBlock + 1 < next { next = settleBlock + 1 }
        return next == .max ? nil : next
    }

    static let metadata = Metadata(routes: [[Cast.adversary, Cast.honest]])

    /// What the adversary can send: built from the honest party's view of the adversary's end
    /// (what an honest partner would sign next), then each lie from the bounded domains.
    func adversaryMessages(_ c: CheckConfig, _ out: inout [Move]) {
        let p = honest.partnerState
        let nonce = p.nonce &+ 1
        let t = p.balanceProof?.transferredAmount ?? .zero
        let l = p.balanceProof?.lockedAmount ?? .zero
        let pending = p.pendingLocks
        // Secret requests for the honest party's payments, and reveals of what it knows.
        for task in honest.initiatorTasks {
            let request = SecretRequest(
                messageIdentifier: 1, paymentIdentifier: task.paymentIdentifier, secrethash: task.lock.secrethash,
                amount: task.amount, expiration: task.lock.expiration)
            out.append(.send(.secretRequest(request), lie: nil))
            var small = request
            small.amount = task.amount.saturatingSubtracting(.one)
            out.append(.send(.secretRequest(small), lie: .smallAmount))
        }
        for s in adversarySecrets { out.append(.send(.revealSecret(RevealSecret(messageIdentifier: 1, secret: s)), lie: nil)) }
        out.append(.send(.revealSecret(RevealSecret(messageIdentifier: 1, secret: Cast.adversarySecret(99))), lie: .wrongSecret))
        // A new lock to the honest party.
        if adversaryLocks < c.adversaryLocks {
            let secrethash = SecretHash.of(Cast.adversarySecret(adversaryLocks + 1))
            let expiration = UInt256(block).saturatingAdding(UInt256(2 * honest.revealTimeout - 1))
            for amount in c.amounts {
                let lock = Lock(amount: amount, expiration: expiration, secrethash: secrethash)
                let honestOne = LockedTransfer(
                    messageIdentifier: 1, chainId: Cast.chainId, nonce: nonce, transferredAmount: t,
                    lockedAmount: l.saturatingAdding(amount), locksroot: Lock.locksroot(pending + [lock]), channelIdentifier: Cast.channelId,
                    tokenNetworkAddress: Cast.tokenNetwork, paymentIdentifier: 1000 + UInt64(adversaryLocks + 1), token: Cast.token,
                    recipient: Cast.honest, lock: lock, target: Cast.honest, initiator: Cast.adversary, metadata: Self.metadata)
                out.append(.send(.lockedTransfer(honestOne), lie: nil))
                for lie in [Lie.staleNonce, .reuseNonce, .skipNonce, .wrongLocksroot, .wrongLockedAmount, .wrongTransferred, .wrongChain, .overspend] {
                    var m = honestOne
                    switch lie {
                    case .staleNonce: m.nonce = p.nonce &- 1
                    case .reuseNonce: m.nonce = p.nonce
                    case .skipNonce: m.nonce = nonce &+ 1
                    case .wrongLocksroot: m.locksroot = Lock.locksroot(pending)
                    case .wrongLockedAmount: m.lockedAmount = m.lockedAmount.saturatingAdding(.one)
                    case .wrongTransferred: m.transferredAmount = t.saturatingAdding(.one)
                    case .wrongChain: m.chainId = Cast.chainId.saturatingAdding(.one)
                    case .overspend:
                        let huge = honest.ourState.contractBalance.saturatingAdding(p.contractBalance).saturatingAdding(.one)
                        m.lock.amount = huge
                        m.lockedAmount = l.saturatingAdding(huge)
                        m.locksroot = Lock.locksroot(pending + [m.lock])
                    case .wrongSecret, .smallAmount, .overWithdraw, .replay, .forged, .staleProof: break
                    }
                    out.append(.send(.lockedTransfer(m), lie: lie))
                }
                if c.signatures == .secp256k1 { out.append(.send(.lockedTransfer(honestOne), lie: .forged)) }
            }
        }
        // Unlock and LockExpired of each of its locks the honest party holds.
        for lock in pending {
            let rest = pending.filter { $0 != lock }
            let secret = (0..<adversaryLocks).map { Cast.adversarySecret($0 + 1) }.first { SecretHash.of($0) == lock.secrethash }
            if let secret {
                let unlock = Unlock(
                    messageIdentifier: 1, chainId: Cast.chainId, nonce: nonce, transferredAmount: t.saturatingAdding(lock.amount),
                    lockedAmount: l.saturatingSubtracting(lock.amount), locksroot: Lock.locksroot(rest), channelIdentifier: Cast.channelId,
                    tokenNetworkAddress: Cast.tokenNetwork, paymentIdentifier: 1, secret: secret)
                out.append(.send(.unlock(unlock), lie: nil))
                var unpaid = unlock
                unpaid.transferredAmount = t
                out.append(.send(.unlock(unpaid), lie: .wrongTransferred))
            }
            out.append(.send(.lockExpired(LockExpired(
                messageIdentifier: 1, chainId: Cast.chainId, nonce: nonce, transferredAmount: t, lockedAmount: l.saturatingSubtracting(lock.amount),
                locksroot: Lock.locksroot(rest), channelIdentifier: Cast.channelId, tokenNetworkAddress: Cast.tokenNetwork,
                recipient: Cast.honest, secrethash: lock.secrethash)), lie: nil))
        }
        // Withdraws: its own request, and a confirmation of the honest party's.
        if adversaryWithdraws < c.withdraws {
            let request = WithdrawRequest(
                messageIdentifier: 1, chainId: Cast.chainId, tokenNetworkAddress: Cast.tokenNetwork, channelIdentifier: Cast.channelId,
                participant: Cast.adversary, totalWithdraw: p.totalWithdraw.saturatingAdding(.one), nonce: nonce,
                expiration: UInt256(block + 2 * honest.revealTimeout), coopSettle: false)
            out.append(.send(.withdrawRequest(request), lie: nil))
            var over = request
            over.totalWithdraw = honest.ourState.contractBalance.saturatingAdding(p.contractBalance).saturatingAdding(.one)
            out.append(.send(.withdrawRequest(over), lie: .overWithdraw))
        }
        if let r = knows.withdrawRequest, honest.ourState.withdrawsPending.contains(where: { $0.totalWithdraw == r.totalWithdraw }) {
            out.append(.send(.withdrawConfirmation(WithdrawConfirmation(
                messageIdentifier: r.messageIdentifier, chainId: Cast.chainId, tokenNetworkAddress: Cast.tokenNetwork,
                channelIdentifier: Cast.channelId, participant: Cast.honest, totalWithdraw: r.totalWithdraw, nonce: nonce,
                expiration: r.expiration)), lie: nil))
        }
        for m in knows.adversaryMessages.dropLast() { out.append(.send(m, lie: .staleProof)) }
        if c.signatures == .secp256k1 {
            for m in knows.replayable { out.append(.send(m, lie: .replay)) }
        }
    }
}
