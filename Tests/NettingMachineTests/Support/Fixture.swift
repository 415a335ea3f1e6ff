import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

/// Two parties, Alice and Bob, each running its own machine over one channel, with fixed keys.
/// Send* outputs of one become Receive* inputs of the other once signed with the sender's key.
struct Pair {
    var alice: ChannelState
    var bob: ChannelState
}

enum Fx {
    static let aliceKey = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xA11CE)))
    static let bobKey = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xB0B)))
    static let malloryKey = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0x3A11)))
    static var alice: Address { aliceKey.address }
    static var bob: Address { bobKey.address }
    static let tokenNetwork = Address(hi: 0x6e65_7477_6f72_6b6e, mid: 0x6574_776f_726b_6e65, lo: 0x7477_6f72)
    static let token = Address(hi: 0x746f_6b65_6e74_6f6b, mid: 0x656e_746f_6b65_6e74, lo: 0x6f6b_656e)
    static let id = CanonicalIdentifier(chainIdentifier: 337, tokenNetworkAddress: tokenNetwork, channelIdentifier: 7)
    /// Raiden's factory defaults (raiden/tests/utils/factories.py UNIT_REVEAL_TIMEOUT = 5,
    /// UNIT_SETTLE_TIMEOUT = 50); 10 blocks are a convenient start.
    static let reveal: UInt64 = 5, settle: UInt64 = 50, start: UInt64 = 10

    static func secret(_ n: UInt64) -> Hash32 { Hash32(words: (0x5ec, 0, 0, n)) }
    static func secrethash(_ n: UInt64) -> Hash32 { SecretHash.of(secret(n)) }

    /// Both sides see the channel opened at block `start` with these deposits.
    static func opened(alice a: UInt256 = 1000, bob b: UInt256 = 1000, verify: Bool = true) -> Pair {
        func one(_ us: Address, _ them: Address, seed: UInt64) -> ChannelState {
            var s = ChannelState(ourAddress: us, seed: seed, config: MachineConfig(verifySignatures: verify))
            s = accept(s, .block(.init(blockNumber: start)))
            s = accept(s, .contractReceiveChannelNew(.init(
                blockNumber: start, canonicalIdentifier: id, tokenAddress: token, partnerAddress: them,
                revealTimeout: reveal, settleTimeout: settle)))
            if !a.isZero { s = accept(s, .contractReceiveChannelDeposit(.init(blockNumber: start, canonicalIdentifier: id, participant: alice, contractBalance: a))) }
            if !b.isZero { s = accept(s, .contractReceiveChannelDeposit(.init(blockNumber: start, canonicalIdentifier: id, participant: bob, contractBalance: b))) }
            return s
        }
        return Pair(alice: one(alice, bob, seed: 1), bob: one(bob, alice, seed: 2))
    }

    /// Applies an input that must be accepted, checking every invariant and the declared outputs.
    @discardableResult
    static func accept(_ s: ChannelState, _ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> ChannelState {
        accepting(s, input, sourceLocation: sourceLocation).state
    }

    static func accepting(_ s: ChannelState, _ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> Step {
        let step = Declared.step(s, input, sourceLocation: sourceLocation)
        #expect(step.rejection == nil, "unexpected rejection \(String(describing: step.rejection))")
        #expect(Invariants.check(step.state) == [])
        #expect(Invariants.checkStep(s, step.state) == [])
        return step
    }

    /// The input the recipient sees for one of `key`'s Send* outputs (signed), or nil.
    static func received(_ output: Output, signedBy key: PrivateKey) -> Input? {
        let sender = key.address
        switch output {
        case .sendLockedTransfer(let o): return .receiveLockedTransfer(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendUnlock(let o): return .receiveUnlock(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendLockExpired(let o): return .receiveLockExpired(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendSecretRequest(let o): return .receiveSecretRequest(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendSecretReveal(let o): return .receiveSecretReveal(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendProcessed(let o): return .receiveProcessed(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendWithdrawRequest(let o): return .receiveWithdrawRequest(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendWithdrawConfirmation(let o): return .receiveWithdrawConfirmation(.init(sender: sender, message: o.message.signed(with: key)))
        case .sendWithdrawExpired(let o): return .receiveWithdrawExpired(.init(sender: sender, message: o.message.signed(with: key)))
        case .contractSendChannelClose, .contractSendChannelUpdateTransfer, .contractSendChannelSettle,
            .contractSendChannelBatchUnlock, .contractSendChannelWithdraw, .contractSendSecretReveal, .eventPaymentSentSuccess,
            .eventPaymentSentFailed, .eventPaymentReceivedSuccess, .eventUnlockSuccess, .eventUnlockFailed, .eventUnlockClaimSuccess,
            .eventUnlockClaimFailed, .eventRouteFailed, .eventInvalidReceivedLockedTransfer, .eventInvalidReceivedUnlock,
            .eventInvalidReceivedLockExpired, .eventInvalidReceivedWithdrawRequest, .eventInvalidReceivedWithdraw,
            .eventInvalidReceivedWithdrawExpired, .eventInvalidActionWithdraw, .eventInvalidActionCoopSettle,
            .eventInvalidActionSetRevealTimeout, .eventInvalidSecretRequest:
            return nil
        }
    }

    static func pay(_ amount: UInt256, secret n: UInt64, lockTimeout: UInt64? = nil, target: Address = bob) -> Input {
        .actionInitInitiator(.init(paymentIdentifier: n, amount: amount, target: target, secret: secret(n), lockTimeout: lockTimeout))
    }

    static func block(_ n: UInt64) -> Input { .block(.init(blockNumber: n)) }

    // MARK: Prepared situations

    /// Alice started paying Bob `amount` (secret n): Alice's state, and the unsigned transfer.
    static func aliceSends(_ p: Pair, _ amount: UInt256 = 10, secret n: UInt64 = 1, lockTimeout: UInt64? = nil) -> (Pair, LockedTransfer) {
        var p = p
        let step = accepting(p.alice, pay(amount, secret: n, lockTimeout: lockTimeout))
        p.alice = step.state
        guard case .sendLockedTransfer(let o) = step.outputs.first else { Issue.record("no SendLockedTransfer"); fatalError() }
        return (p, o.message)
    }

    /// Bob holds Alice's lock (secret n): the transfer was received.
    static func bobHoldsLock(_ p: Pair = opened(), _ amount: UInt256 = 10, secret n: UInt64 = 1) -> (Pair, LockedTransfer) {
        var (p, m) = aliceSends(p, amount, secret: n)
        p.bob = accept(p.bob, .receiveLockedTransfer(.init(sender: alice, message: m.signed(with: aliceKey))))
        return (p, m)
    }

    /// Alice's honest Unlock for the lock Bob holds (Alice got the secret back from Bob).
    static func aliceUnlocks(_ p: Pair, secret n: UInt64 = 1) -> (Pair, Unlock) {
        var p = p
        let step = accepting(p.alice, .receiveSecretReveal(.init(sender: bob, message: RevealSecret(messageIdentifier: 1, secret: secret(n)).signed(with: bobKey))))
        p.alice = step.state
        guard case .sendUnlock(let o) = step.outputs.first else { Issue.record("no SendUnlock"); fatalError() }
        return (p, o.message)
    }

    /// Alice's honest LockExpired, at expiration + 10 on both sides.
    static func aliceExpires(_ p: Pair, secret n: UInt64 = 1, expiration: UInt256) -> (Pair, LockExpired) {
        var p = p
        let at = expiration.uint64! + 10
        let step = accepting(p.alice, block(at))
        p.alice = step.state
        p.bob = accept(p.bob, block(at))
        guard case .sendLockExpired(let o) = step.outputs.first else { Issue.record("no SendLockExpired"); fatalError() }
        return (p, o.message)
    }

    /// Bob asked to withdraw `total`: Bob's state, and the unsigned request.
    static func bobRequestsWithdraw(_ p: Pair = opened(), total: UInt256 = 100) -> (Pair, WithdrawRequest) {
        var p = p
        let step = accepting(p.bob, .actionChannelWithdraw(.init(canonicalIdentifier: id, totalWithdraw: total)))
        p.bob = step.state
        guard case .sendWithdrawRequest(let o) = step.outputs.first else { Issue.record("no SendWithdrawRequest"); fatalError() }
        return (p, o.message)
    }
}

extension Input {
    static func fromAlice(_ m: LockedTransfer, key: PrivateKey = Fx.aliceKey) -> Input { .receiveLockedTransfer(.init(sender: Fx.alice, message: m.signed(with: key))) }
    static func fromAlice(_ m: Unlock, key: PrivateKey = Fx.aliceKey) -> Input { .receiveUnlock(.init(sender: Fx.alice, message: m.signed(with: key))) }
    static func fromAlice(_ m: LockExpired, key: PrivateKey = Fx.aliceKey) -> Input { .receiveLockExpired(.init(sender: Fx.alice, message: m.signed(with: key))) }
    static func fromBob(_ m: WithdrawRequest, sender: Address = Fx.bob, key: PrivateKey = Fx.bobKey) -> Input { .receiveWithdrawRequest(.init(sender: sender, message: m.signed(with: key))) }
}
