import NettingCodec
import NettingCrypto
import NettingMachine

extension ScenarioRunner {
    /// `by` lies to its partner. Each lie starts from what an honest `by` would send now (made
    /// on a scratch copy of its state, so the liar's own books do not move), then tampers with
    /// it, signs it (or forges the signature) and delivers it. The partner's verdict is the
    /// step's rejection.
    mutating func cheat(by: String, move: Cheat) {
        let key = keys[by]!
        let to = partner(of: by)
        func deliver(_ message: Message, signer: PrivateKey? = nil, mangle: Bool = false) {
            var wire = message.wire.signed(with: signer ?? key)
            if mangle { wire.signature.r = Hash32(words: (wire.signature.r.w0 ^ 1, wire.signature.r.w1, wire.signature.r.w2, wire.signature.r.w3)) }
            let record = WireRecord(from: by, to: to, typeName: type(of: wire).typeName, wire: wire.wireJSON, block: block)
            log.append(record)
            current.messages.append(record)
            receive(record)
        }
        switch move {
        case .staleBalanceProof:
            // An earlier LockedTransfer: not its newest balance proof, so its nonce is old.
            let proofs = log.filter { $0.from == by && ["LockedTransfer", "Unlock", "LockExpired"].contains($0.typeName) }
            guard let stale = proofs.dropLast().last(where: { $0.typeName == "LockedTransfer" }) else {
                return note("\(by) has sent no earlier LockedTransfer to replay")
            }
            current.messages.append(stale)
            receive(stale)
        case .closeWithOldProof:
            close(by: by, withOldProof: true)
        case .overWithdraw:
            let state = states[by]!
            let total = state.ourState.contractBalance.saturatingAdding(state.partnerState.contractBalance).saturatingAdding(1)
            deliver(.withdrawRequest(WithdrawRequest(
                messageIdentifier: 0xC4EA7, chainId: chain.chainId, tokenNetworkAddress: chain.address,
                channelIdentifier: chain.channelIdentifier, participant: key.address, totalWithdraw: total,
                nonce: state.ourState.nonce + 1, expiration: UInt256(block + 2 * scenario.channel.revealTimeout - 1), coopSettle: false)))
        case .wrongSecret, .earlyExpiry:
            guard let lock = states[by]!.ourState.pendingLocks.first, var t = honestTransfer(by, amount: 1) else {
                return note("\(by) has no pending lock to the partner to lie about")
            }
            let remaining = states[by]!.ourState.pendingLocks.filter { $0 != lock }
            let locked = remaining.reduce(UInt256.zero) { $0.saturatingAdding($1.amount) }
            if move == .wrongSecret {
                deliver(.unlock(Unlock(
                    messageIdentifier: t.messageIdentifier, chainId: t.chainId, nonce: t.nonce,
                    transferredAmount: t.transferredAmount.saturatingAdding(lock.amount), lockedAmount: locked,
                    locksroot: Lock.locksroot(remaining), channelIdentifier: t.channelIdentifier,
                    tokenNetworkAddress: t.tokenNetworkAddress, paymentIdentifier: t.paymentIdentifier,
                    secret: Keccak256.hash(Array("not the secret".utf8)))))
            } else {
                t.lockedAmount = locked
                deliver(.lockExpired(LockExpired(
                    messageIdentifier: t.messageIdentifier, chainId: t.chainId, nonce: t.nonce,
                    transferredAmount: t.transferredAmount, lockedAmount: locked, locksroot: Lock.locksroot(remaining),
                    channelIdentifier: t.channelIdentifier, tokenNetworkAddress: t.tokenNetworkAddress,
                    recipient: address(to), secrethash: lock.secrethash)))
            }
        case .reuseNonce, .skipNonce, .overspend, .forgeSignature, .mangleSignature, .wrongChain, .wrongLocksroot, .wrongLockedAmount:
            guard var t = honestTransfer(by, amount: 1) else { return note("\(by) cannot make even an honest transfer now") }
            switch move {
            case .reuseNonce: t.nonce -= 1
            case .skipNonce: t.nonce += 1
            case .overspend:
                let huge = states[by]!.ourState.contractBalance.saturatingAdding(states[by]!.partnerState.contractBalance).saturatingAdding(1)
                let others = states[by]!.ourState.pendingLocks
                t.lockedAmount = t.lockedAmount.saturatingSubtracting(t.lock.amount).saturatingAdding(huge)
                t.lock.amount = huge
                t.locksroot = Lock.locksroot(others + [t.lock])
            case .wrongChain: t.chainId = t.chainId.saturatingAdding(1)
            case .wrongLocksroot: t.locksroot = Keccak256.hash(Array("another root".utf8))
            case .wrongLockedAmount: t.lockedAmount = t.lockedAmount.saturatingAdding(1)
            case .forgeSignature, .mangleSignature, .staleBalanceProof, .closeWithOldProof, .overWithdraw, .wrongSecret, .earlyExpiry:
                break
            }
            let forger = move == .forgeSignature ? try! PrivateKey(Array(repeating: 0x66, count: 32)) : nil
            deliver(.lockedTransfer(t), signer: forger, mangle: move == .mangleSignature)
        }
    }

    /// `by` signs `message` as given and delivers it to its partner (a `send` step).
    mutating func sendAsIs(by: String, _ message: Message) {
        let wire = message.wire.signed(with: keys[by]!)
        let record = WireRecord(from: by, to: partner(of: by), typeName: type(of: wire).typeName, wire: wire.wireJSON, block: block)
        log.append(record)
        current.messages.append(record)
        rememberBalanceData(wire.message)
        receive(record)
    }

    /// The LockedTransfer an honest `by` would send now for `amount`, from a scratch copy.
    func honestTransfer(_ by: String, amount: UInt256) -> LockedTransfer? {
        let secret = Keccak256.hash(Array("\(scenario.title)/cheat/\(log.count)".utf8))
        let (_, outputs) = ChannelMachine.transition(states[by]!, .actionInitInitiator(.init(
            paymentIdentifier: 0xC4EA7, amount: amount, target: address(partner(of: by)), secret: secret, lockTimeout: nil)))
        for output in outputs {
            if case .sendLockedTransfer(let s) = output { return s.message }
        }
        return nil
    }

    mutating func note(_ text: String) { current.notes.append(text) }
}
