import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors
import Testing

// The question every channel user asks: what if the partner lies? Each lie is rejected with
// its code and moves no balance. The situations are the guard cases (GuardCases.swift).

struct Lie: Sendable, CustomTestStringConvertible {
    let story: String
    let code: RejectionCode
    var testDescription: String { "\(story) → \(code.rawValue)" }
}

@Suite struct LyingPartnerTests {
    static let lies: [Lie] = [
        Lie(story: "skips a nonce", code: .lockedTransferNonceMismatch),
        Lie(story: "reuses a nonce", code: .unlockNonceMismatch),
        Lie(story: "signs for more than its deposit allows", code: .lockedTransferInsufficientDistributable),
        Lie(story: "changes the locksroot", code: .lockedTransferLocksrootMismatch),
        Lie(story: "changes the locked amount", code: .lockedTransferLockedAmountMismatch),
        Lie(story: "claims more transferred in an Unlock", code: .unlockTransferredAmountMismatch),
        Lie(story: "forges a signature", code: .lockedTransferSignerNotPartner),
        Lie(story: "mangles a signature", code: .lockedTransferSignatureInvalid),
        Lie(story: "uses another chain id", code: .lockedTransferChainIdMismatch),
        Lie(story: "uses another token network", code: .unlockTokenNetworkMismatch),
        Lie(story: "uses another channel id", code: .unlockChannelIdMismatch),
        Lie(story: "unlocks with a wrong secret", code: .unlockUnknownSecrethash),
        Lie(story: "expires a lock early", code: .lockExpiredNotExpired),
        Lie(story: "claims a withdraw beyond its balance", code: .withdrawRequestInsufficientBalance),
        Lie(story: "forges a withdraw confirmation", code: .withdrawConfirmationSignerNotSender),
    ]

    @Test(arguments: lies)
    func aLyingPartnerIsRejectedAndNoBalanceMoves(_ lie: Lie) throws {
        let c = GuardCases.all.first { $0.code == lie.code }!
        let (state, input) = try c.make()
        let step = Declared.step(state, input)
        #expect(step.rejection?.code == lie.code)
        #expect(step.state == state)
        #expect(Amounts.balance(step.state.ourState, step.state.partnerState) == Amounts.balance(state.ourState, state.partnerState))
        #expect(Amounts.balance(step.state.partnerState, step.state.ourState) == Amounts.balance(state.partnerState, state.ourState))
    }

    @Test func aReplayedOldBalanceProofIsRejected() {
        // Alice pays 10 and unlocks; then her first LockedTransfer (nonce 1) arrives again.
        let (p0, first) = Fx.aliceSends(Fx.opened())
        var p = p0
        p.bob = Fx.accept(p.bob, .fromAlice(first))
        let (p1, unlock) = Fx.aliceUnlocks(p)
        p = p1
        p.bob = Fx.accept(p.bob, .fromAlice(unlock))
        let replay = Declared.step(p.bob, .fromAlice(first))
        #expect(replay.rejection?.code == .lockedTransferNonceMismatch)  // expected 3, got 1
        #expect(replay.state == p.bob)
        #expect(Amounts.balance(p.bob.ourState, p.bob.partnerState) == SignedAmount(1010))
        let unlockAgain = Declared.step(p.bob, .fromAlice(unlock))
        #expect(unlockAgain.rejection?.code == .unlockUnknownSecrethash)  // the payment is finished
    }

    @Test func withoutSignatureCheckingAForgeryPasses() throws {
        // Documents config.verify_signatures = false: only for runners that verified already.
        let c = GuardCases.all.first { $0.code == .lockedTransferSignerNotPartner }!
        var (state, input) = try c.make()
        state.config.verifySignatures = false
        #expect(Declared.step(state, input).rejection == nil)
    }
}
