import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

/// A step of a prepared situation that did not go as the situation needs: an honest input
/// rejected, an invariant broken, an undeclared output, or an expected output missing.
public struct SituationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Two parties, Alice and Bob, each running its own machine over one channel, with fixed keys:
/// the honest situations that curated vectors and the machine's tests start from. Send* outputs
/// of one become Receive* inputs of the other once signed with the sender's key. Every input a
/// situation takes must be accepted with only its declared outputs and every invariant kept;
/// otherwise the situation throws.
public enum Situations {
    public struct Pair: Equatable, Sendable {
        public var alice: ChannelState
        public var bob: ChannelState
        public init(alice: ChannelState, bob: ChannelState) { (self.alice, self.bob) = (alice, bob) }
    }

    // MARK: The parties and the channel

    public static let aliceKey = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xA11CE)))  // a valid key: cannot fail
    public static let bobKey = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0xB0B)))
    public static let malloryKey = try! PrivateKey(secret: Hash32(words: (0, 0, 0, 0x3A11)))
    public static var alice: Address { aliceKey.address }
    public static var bob: Address { bobKey.address }
    public static let tokenNetwork = Address(hi: 0x6e65_7477_6f72_6b6e, mid: 0x6574_776f_726b_6e65, lo: 0x7477_6f72)
    public static let token = Address(hi: 0x746f_6b65_6e74_6f6b, mid: 0x656e_746f_6b65_6e74, lo: 0x6f6b_656e)
    public static let id = CanonicalIdentifier(chainIdentifier: 337, tokenNetworkAddress: tokenNetwork, channelIdentifier: 7)
    public static let otherChannel = CanonicalIdentifier(chainIdentifier: 337, tokenNetworkAddress: tokenNetwork, channelIdentifier: 8)
    /// Raiden's factory defaults (raiden/tests/utils/factories.py UNIT_REVEAL_TIMEOUT = 5,
    /// UNIT_SETTLE_TIMEOUT = 50); 10 blocks are a convenient start.
    public static let reveal: UInt64 = 5, settle: UInt64 = 50, start: UInt64 = 10
    /// A signature no public key recovers from (r = s = 0).
    public static let mangled = Signature(r: .zero, s: .zero, v: 27)

    public static func secret(_ n: UInt64) -> Hash32 { Hash32(words: (0x5ec, 0, 0, n)) }
    public static func secrethash(_ n: UInt64) -> Hash32 { SecretHash.of(secret(n)) }

    // MARK: Steps

    /// The step of an input that must be accepted, with only its declared outputs and every
    /// invariant kept.
    public static func take(_ s: ChannelState, _ input: Input) throws(SituationError) -> Step {
        let step = ChannelMachine.step(s, input)
        if let r = step.rejection { throw SituationError("\(input.name.rawValue) was \(r.code.outcome.rawValue): \(r)") }
        let problems = DeclaredOutputs.violations(input, step) + Invariants.check(step.state).map { "\($0)" }
            + Invariants.checkStep(s, step.state).map { "\($0)" }
        if let first = problems.first { throw SituationError("\(input.name.rawValue): \(first)") }
        return step
    }

    public static func taking(_ s: ChannelState, _ input: Input) throws(SituationError) -> ChannelState { try take(s, input).state }

    /// Both sides see the channel opened at block `start` with these deposits.
    public static func opened(alice a: UInt256 = 1000, bob b: UInt256 = 1000, verify: Bool = true) throws(SituationError) -> Pair {
        func one(_ us: Address, _ them: Address, seed: UInt64) throws(SituationError) -> ChannelState {
            var s = ChannelState(ourAddress: us, seed: seed, config: MachineConfig(verifySignatures: verify))
            s = try taking(s, .block(.init(blockNumber: start)))
            s = try taking(s, .contractReceiveChannelNew(.init(
                blockNumber: start, canonicalIdentifier: id, tokenAddress: token, partnerAddress: them,
                revealTimeout: reveal, settleTimeout: settle)))
            if !a.isZero { s = try taking(s, .contractReceiveChannelDeposit(.init(blockNumber: start, canonicalIdentifier: id, participant: alice, contractBalance: a))) }
            if !b.isZero { s = try taking(s, .contractReceiveChannelDeposit(.init(blockNumber: start, canonicalIdentifier: id, participant: bob, contractBalance: b))) }
            return s
        }
        return Pair(alice: try one(alice, bob, seed: 1), bob: try one(bob, alice, seed: 2))
    }

    /// The input the recipient sees for one of `key`'s Send* outputs (signed), or nil.
    public static func received(_ output: Output, signedBy key: PrivateKey) -> Input? {
        guard output.outgoingMessage != nil else { return nil }
        switch output.signingMessage(with: key) {
        case .sendLockedTransfer(let o): return .receiveLockedTransfer(.init(sender: key.address, message: o.message))
        case .sendUnlock(let o): return .receiveUnlock(.init(sender: key.address, message: o.message))
        case .sendLockExpired(let o): return .receiveLockExpired(.init(sender: key.address, message: o.message))
        case .sendSecretRequest(let o): return .receiveSecretRequest(.init(sender: key.address, message: o.message))
        case .sendSecretReveal(let o): return .receiveSecretReveal(.init(sender: key.address, message: o.message))
        case .sendProcessed(let o): return .receiveProcessed(.init(sender: key.address, message: o.message))
        case .sendWithdrawRequest(let o): return .receiveWithdrawRequest(.init(sender: key.address, message: o.message))
        case .sendWithdrawConfirmation(let o): return .receiveWithdrawConfirmation(.init(sender: key.address, message: o.message))
        case .sendWithdrawExpired(let o): return .receiveWithdrawExpired(.init(sender: key.address, message: o.message))
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

    public static func pay(_ amount: UInt256, secret n: UInt64, lockTimeout: UInt64? = nil, target: Address = bob) -> Input {
        .actionInitInitiator(.init(paymentIdentifier: n, amount: amount, target: target, secret: secret(n), lockTimeout: lockTimeout))
    }

    public static func block(_ n: UInt64) -> Input { .block(.init(blockNumber: n)) }

    public static func fromAlice(_ m: LockedTransfer, key: PrivateKey = aliceKey) -> Input { .receiveLockedTransfer(.init(sender: alice, message: m.signed(with: key))) }
    public static func fromAlice(_ m: Unlock, key: PrivateKey = aliceKey) -> Input { .receiveUnlock(.init(sender: alice, message: m.signed(with: key))) }
    public static func fromAlice(_ m: LockExpired, key: PrivateKey = aliceKey) -> Input { .receiveLockExpired(.init(sender: alice, message: m.signed(with: key))) }
    public static func fromBob(_ m: WithdrawRequest, sender: Address = bob, key: PrivateKey = bobKey) -> Input {
        .receiveWithdrawRequest(.init(sender: sender, message: m.signed(with: key)))
    }

    /// Alice's next LockedTransfer to Bob as Bob sees the channel, adding `lock`: every field
    /// honest unless the caller changes it.
    public static func transfer(to bob: ChannelState, lock: Lock, messageIdentifier: UInt64 = 77) -> LockedTransfer {
        let p = bob.partnerState
        let locks = p.pendingLocks + [lock]
        return LockedTransfer(
            messageIdentifier: messageIdentifier, chainId: id.chainIdentifier, nonce: p.nonce + 1,
            transferredAmount: p.transferredAmount, lockedAmount: p.amountLocked.saturatingAdding(lock.amount),
            locksroot: Amounts.locksroot(locks), channelIdentifier: id.channelIdentifier,
            tokenNetworkAddress: tokenNetwork, paymentIdentifier: 1, token: token, recipient: Situations.bob, lock: lock,
            target: Situations.bob, initiator: alice, metadata: Metadata(routes: [[alice, Situations.bob]]))
    }

    // MARK: Prepared situations

    /// The first output of `step`, which must be of the case `extract` picks.
    static func first<T>(_ step: Step, _ what: String, _ extract: (Output) -> T?) throws(SituationError) -> T {
        guard let o = step.outputs.first, let v = extract(o) else { throw SituationError("no \(what) among \(step.outputs.map(\.name.rawValue))") }
        return v
    }

    /// Alice started paying Bob `amount` (secret n): Alice's state, and the unsigned transfer.
    public static func aliceSends(_ p: Pair, _ amount: UInt256 = 10, secret n: UInt64 = 1, lockTimeout: UInt64? = nil) throws(SituationError) -> (Pair, LockedTransfer) {
        var p = p
        let step = try take(p.alice, pay(amount, secret: n, lockTimeout: lockTimeout))
        p.alice = step.state
        return (p, try first(step, "SendLockedTransfer") { if case .sendLockedTransfer(let o) = $0 { o.message } else { nil } })
    }

    /// Bob holds Alice's lock (secret n): the transfer was received.
    public static func bobHoldsLock(_ given: Pair? = nil, _ amount: UInt256 = 10, secret n: UInt64 = 1) throws(SituationError) -> (Pair, LockedTransfer) {
        var start: Pair
        if let given { start = given } else { start = try opened() }
        var (p, m) = try aliceSends(start, amount, secret: n)
        p.bob = try taking(p.bob, .receiveLockedTransfer(.init(sender: alice, message: m.signed(with: aliceKey))))
        return (p, m)
    }

    /// Alice's honest Unlock for the lock Bob holds (Alice got the secret back from Bob).
    public static func aliceUnlocks(_ p: Pair, secret n: UInt64 = 1) throws(SituationError) -> (Pair, Unlock) {
        var p = p
        let step = try take(p.alice, .receiveSecretReveal(.init(sender: bob, message: RevealSecret(messageIdentifier: 1, secret: secret(n)).signed(with: bobKey))))
        p.alice = step.state
        return (p, try first(step, "SendUnlock") { if case .sendUnlock(let o) = $0 { o.message } else { nil } })
    }

    /// Alice's honest LockExpired, at expiration + 10 on both sides.
    public static func aliceExpires(_ p: Pair, secret n: UInt64 = 1, expiration: UInt256) throws(SituationError) -> (Pair, LockExpired) {
        var p = p
        guard let e = expiration.uint64, e < UInt64.max - 10 else { throw SituationError("expiration \(expiration) is beyond the blocks a situation uses") }
        let at = e + 10
        let step = try take(p.alice, block(at))
        p.alice = step.state
        p.bob = try taking(p.bob, block(at))
        return (p, try first(step, "SendLockExpired") { if case .sendLockExpired(let o) = $0 { o.message } else { nil } })
    }

    /// Bob asked to withdraw `total`: Bob's state, and the unsigned request.
    public static func bobRequestsWithdraw(_ given: Pair? = nil, total: UInt256 = 100) throws(SituationError) -> (Pair, WithdrawRequest) {
        var p: Pair
        if let given { p = given } else { p = try opened() }
        let step = try take(p.bob, .actionChannelWithdraw(.init(canonicalIdentifier: id, totalWithdraw: total)))
        p.bob = step.state
        return (p, try first(step, "SendWithdrawRequest") { if case .sendWithdrawRequest(let o) = $0 { o.message } else { nil } })
    }
}
