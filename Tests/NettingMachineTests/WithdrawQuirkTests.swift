import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

// Raiden 3.0.1 withdraw behaviour the random walks found, kept as Raiden has it (spec quirks
// overlapping_withdraws, late_withdraw_confirmation, withdraw_ignores_locked). Source:
// channel.py is_valid_withdraw_confirmation check 3 and is_valid_total_withdraw (read, not run).

@Suite struct WithdrawQuirkTests {
    @Test func aConfirmationOfASupersededWithdrawIsRejectedAndLeavesTheNoncesApart() {
        var p = Fx.opened()
        let (p1, first) = Fx.bobRequestsWithdraw(p, total: 100)
        p = p1
        let (p2, second) = Fx.bobRequestsWithdraw(p, total: 150)
        p = p2
        let c1 = Fx.accepting(p.alice, .fromBob(first))
        p.alice = c1.state
        let c2 = Fx.accepting(p.alice, .fromBob(second))
        p.alice = c2.state
        let r1 = Declared.step(p.bob, Fx.received(c1.outputs[0], signedBy: Fx.aliceKey)!)
        #expect(r1.rejection?.code == .withdrawConfirmationTotalWithdrawMismatch)
        // Alice used nonce 1 for it; Bob still expects 1, so her nonce-2 confirmation fails too.
        let r2 = Declared.step(p.bob, Fx.received(c2.outputs[0], signedBy: Fx.aliceKey)!)
        #expect(r2.rejection?.code == .withdrawConfirmationNonceMismatch)
    }

    @Test func aConfirmationAfterTheRequestExpiredIsRejected() {
        var (p, request) = Fx.bobRequestsWithdraw(Fx.opened(), total: 100)
        p.bob = Fx.accept(p.bob, Fx.block(29))  // 19 + 10: Bob's request expires
        let c = Fx.accepting(p.alice, .fromBob(request))
        let late = Declared.step(p.bob, Fx.received(c.outputs[0], signedBy: Fx.aliceKey)!)
        #expect(late.rejection?.code == .withdrawConfirmationTotalWithdrawMismatch)  // 100 ≠ our total 0
    }

    @Test func aWithdrawMayTakeTokensThatBackPendingLocks() {
        // Alice locks 600 of her 1000 to Bob, then withdraws 1000: balance 1000 ≥ 1000.
        let (p, _) = Fx.aliceSends(Fx.opened(), 600, secret: 1)
        let step = Declared.step(p.alice, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: 1000)))
        #expect(step.rejection == nil)
        #expect(step.state.ourState.amountLocked == 600)
        #expect(Amounts.balance(step.state.ourState, step.state.partnerState) == SignedAmount(0))
        #expect(Invariants.check(step.state) == [], "locked ≤ balance + withdrawn still holds")
    }
}
