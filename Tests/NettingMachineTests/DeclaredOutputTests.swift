import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors
import Testing

// Every output spec/channel.yaml declares for a transition is one the machine produces. Each
// checked step (Declared.check) already fails on an output its transition does not declare;
// this suite drives enough inputs, in one test, to produce every declared (transition, output)
// pair, from `outputs` and from `on_reject`. It does not rely on what other tests happened to
// run: Swift Testing runs them in parallel and in any order.

@Suite struct DeclaredOutputTests {
    /// Declared pairs that no input can produce, each with the reason. Empty: every declared
    /// output is reachable (read from Sources/NettingMachine/Transitions).
    static let knownUnproduced: Set<Declared.Pair> = []

    @Test func everyDeclaredOutputIsProducedByTheTests() throws {
        let tally = Declared.Tally()
        try Declared.$tally.withValue(tally) {
            // Every rejection (as GuardTests drives them), and the honest steps that set each one up.
            for c in GuardCases.all {
                let (state, input) = try c.make()
                _ = Declared.step(state, input)
            }
            Self.fixtureFlows()
            for seed: UInt64 in [1, 2, 3] { PropertyTests.randomWalk(seed: seed) }
            Self.stories()
        }
        let produced = tally.produced
        for pair in Declared.all.subtracting(produced).subtracting(Self.knownUnproduced).sorted() {
            Issue.record("declared but produced by no step of this test: \(pair)")
        }
        for pair in produced.subtracting(Declared.all).sorted() {
            Issue.record("produced but not declared: \(pair)")
        }
        for pair in Self.knownUnproduced.intersection(produced).sorted() {
            Issue.record("listed in knownUnproduced but produced: \(pair)")
        }
        #expect(produced == Declared.all.subtracting(Self.knownUnproduced))
    }

    /// The Fixture's honest flows: payments both ways, a co-signed withdraw, a lock that expires.
    static func fixtureFlows() {
        var p = Walk.payAndSettleOffchain(Fx.opened(), from: .alice, 10, secret: 1)
        p = Walk.payAndSettleOffchain(p, from: .bob, 4, secret: 2)
        let (w, request) = Fx.bobRequestsWithdraw(p, total: 100)
        let confirmed = Fx.accepting(w.alice, .fromBob(request))
        guard let confirmation = confirmed.outputs.first.flatMap({ Fx.received($0, signedBy: Fx.aliceKey) }) else {
            Issue.record("no WithdrawConfirmation: \(confirmed.outputs)"); return
        }
        Fx.accept(w.bob, confirmation)

        // Block at E + 10 → SendLockExpired and the initiator's failure events; at the target,
        // Block → EventUnlockClaimFailed, and the LockExpired → SendProcessed, EventUnlockClaimFailed.
        let (held, transfer) = Fx.bobHoldsLock()
        let (e, expired) = Fx.aliceExpires(held, expiration: transfer.lock.expiration)
        Fx.accept(e.bob, .fromAlice(expired))
    }

    /// The pairs that neither the guard cases nor the Fixture flows reach, and that the walks
    /// reach only by chance or never (they never close, settle or see a secret on chain).
    static func stories() {
        aChannelClosesSettlesAndIsUnlockedOnChain()
        aSecretRegisteredOnChainLetsTheInitiatorUnlock()
        aTargetThatKnowsTheSecretRegistersItBeforeTheLockExpires()
        aWithdrawExpiresOnBothSides()
    }

    /// ActionChannelClose → ContractSendChannelClose; ContractReceiveChannelClosed (by the
    /// partner, whose balance proof we hold) → ContractSendChannelUpdateTransfer; Block after
    /// close + S → ContractSendChannelSettle; ContractReceiveChannelSettled with a locksroot →
    /// ContractSendChannelBatchUnlock.
    static func aChannelClosesSettlesAndIsUnlockedOnChain() {
        var (p, transfer) = Fx.bobHoldsLock()
        p.alice = Fx.accept(p.alice, .actionChannelClose(.init(canonicalIdentifier: Fx.id)))
        let closed = Input.contractReceiveChannelClosed(.init(blockNumber: 11, canonicalIdentifier: Fx.id, transactionFrom: Fx.alice))
        p.alice = Fx.accept(p.alice, closed)
        p.bob = Fx.accept(p.bob, closed)
        p.bob = Fx.accept(p.bob, Fx.block(11 + Fx.settle + 1))
        let root = Amounts.locksroot([transfer.lock]), none = BalanceProofConstants.locksrootOfNoLocks
        p.bob = Fx.accept(p.bob, .contractReceiveChannelSettled(.init(
            blockNumber: 63, canonicalIdentifier: Fx.id, ourOnchainLocksroot: none, ourTransferredAmount: .zero,
            partnerOnchainLocksroot: root, partnerTransferredAmount: .zero)))
        Fx.accept(p.bob, .contractReceiveChannelBatchUnlock(.init(
            blockNumber: 64, canonicalIdentifier: Fx.id, receiver: Fx.bob, sender: Fx.alice, locksroot: root, unlockedAmount: 0, returnedTokens: 10)))
    }

    /// ContractReceiveSecretReveal before the lock's expiration → SendUnlock,
    /// EventPaymentSentSuccess, EventUnlockSuccess.
    static func aSecretRegisteredOnChainLetsTheInitiatorUnlock() {
        let (p, _) = Fx.aliceSends(Fx.opened())
        Fx.accept(p.alice, .contractReceiveSecretReveal(.init(blockNumber: 11, secrethash: Fx.secrethash(1), secret: Fx.secret(1))))
    }

    /// The target learnt the secret off chain but got no Unlock: at E − R a Block →
    /// ContractSendSecretReveal (E = 19, R = 5: block 14).
    static func aTargetThatKnowsTheSecretRegistersItBeforeTheLockExpires() {
        let (p, _) = Fx.bobHoldsLock()
        let reveal = RevealSecret(messageIdentifier: 9, secret: Fx.secret(1)).signed(with: Fx.aliceKey)
        let bob = Fx.accept(p.bob, .receiveSecretReveal(.init(sender: Fx.alice, message: reveal)))
        Fx.accept(bob, Fx.block(14))
    }

    /// Block at E + 10 → SendWithdrawExpired; the partner's ReceiveWithdrawExpired → SendProcessed.
    static func aWithdrawExpiresOnBothSides() {
        var (p, request) = Fx.bobRequestsWithdraw()
        p.alice = Fx.accept(p.alice, .fromBob(request))
        let at = request.expiration.uint64! + 10
        let atBob = Fx.accepting(p.bob, Fx.block(at))
        guard let expired = atBob.outputs.first.flatMap({ Fx.received($0, signedBy: Fx.bobKey) }) else {
            Issue.record("no WithdrawExpired: \(atBob.outputs)"); return
        }
        p.alice = Fx.accept(p.alice, Fx.block(at))
        Fx.accept(p.alice, expired)
    }

    // MARK: The check itself

    @Test func anUndeclaredOutputOfAnAcceptedStepIsNamedWithItsTransitionAndTheDeclaredList() {
        let input = Fx.block(11)
        let step = Step(state: Fx.opened().alice, outputs: [.contractSendChannelBatchUnlock(.init(canonicalIdentifier: Fx.id, sender: Fx.bob))], rejection: nil)
        #expect(Declared.violations(input, step) == [
            "Block (accepted) emitted ContractSendChannelBatchUnlock; declared outputs: [SendWithdrawExpired, ContractSendChannelSettle, "
                + "SendLockExpired, EventPaymentSentFailed, EventRouteFailed, EventUnlockFailed, EventUnlockClaimFailed, ContractSendSecretReveal]",
        ])
    }

    @Test func aRejectedStepMayEmitOnlyItsOnRejectOutputs() {
        let (p, m) = Fx.aliceSends(Fx.opened())
        let input = Input.fromAlice(m)
        let rejection = Rejection(.lockedTransferNonceMismatch, "test")
        let processed = Output.sendProcessed(.init(recipient: Fx.alice, message: Processed(messageIdentifier: 1)))
        let step = Step(state: p.bob, outputs: [processed], rejection: rejection)
        #expect(Declared.violations(input, step) == [
            "ReceiveLockedTransfer (reject with LockedTransfer.nonce_mismatch) emitted SendProcessed; "
                + "declared on_reject: [EventInvalidReceivedLockedTransfer, EventUnlockClaimFailed]",
        ])
        let honest = Declared.step(p.bob, input)
        #expect(honest.rejection == nil && Declared.violations(input, honest) == [])
    }

    @Test func anIgnoredStepMayEmitNothing() {
        let input = Fx.block(Fx.start - 1)
        let rejection = Rejection(.blockBlockNumberDecreased, "test")
        let failed = Output.eventRouteFailed(.init(secrethash: .zero, tokenNetworkAddress: Fx.tokenNetwork))
        #expect(Declared.violations(input, Step(state: Fx.opened().alice, outputs: [failed], rejection: rejection)) == [
            "Block (ignore with Block.block_number_decreased) emitted EventRouteFailed; an ignored input emits nothing",
        ])
        #expect(Declared.violations(input, Step(state: Fx.opened().alice, outputs: [], rejection: rejection)) == [])
    }
}
