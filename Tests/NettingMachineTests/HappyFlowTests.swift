import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

// The happy flows, every emitted output asserted. Expected values: Raiden 3.0.1 as observed
// running it and as its handlers read (the functions each test names, in raiden/transfer/channel.py
// and mediated_transfer/), and the arithmetic stated next to each value.

@Suite struct HappyFlowTests {
    /// Delivers `output` (a Send*) to the other party and returns the step.
    func deliver(_ output: Output, from key: PrivateKey, to state: ChannelState) -> Step {
        Fx.accepting(state, Fx.received(output, signedBy: key)!)
    }

    @Test func openingAndDepositingGivesEachSideItsBalance() {
        let p = Fx.opened(alice: 1000, bob: 300)
        #expect(p.alice.status == .opened)
        #expect(Amounts.balance(p.alice.ourState, p.alice.partnerState) == SignedAmount(1000))
        #expect(Amounts.balance(p.alice.partnerState, p.alice.ourState) == SignedAmount(300))
        // A lower total deposit never lowers the balance (max(old, new)).
        let again = Fx.accept(p.alice, .contractReceiveChannelDeposit(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.alice, contractBalance: 900)))
        #expect(again.ourState.contractBalance == 1000)
    }

    /// initiator.send_lockedtransfer, target.handle_inittarget, initiator.handle_secretrequest,
    /// handle_offchain_secretreveal of both, target.handle_unlock: LockedTransfer (nonce 1, T 0,
    /// L 10) → Processed + SecretRequest → RevealSecret both ways → Unlock (nonce 2, T 10, L 0) →
    /// Processed + success events.
    @Test func alicePaysBobDirectly() {
        var p = Fx.opened()
        let start = Fx.accepting(p.alice, Fx.pay(10, secret: 1))
        p.alice = start.state
        guard case .sendLockedTransfer(let lt) = start.outputs.only else { Issue.record("\(start.outputs)"); return }
        // E = B + 2R − 1 = 10 + 10 − 1 = 19 (get_safe_initial_expiration).
        #expect(lt.message.lock == Lock(amount: 10, expiration: 19, secrethash: Fx.secrethash(1)))
        #expect((lt.message.nonce, lt.message.transferredAmount, lt.message.lockedAmount) == (1, 0, 10))
        #expect(lt.message.locksroot == Amounts.locksroot([lt.message.lock]))
        #expect(lt.message.signature == .empty, "Send* messages are unsigned")

        let atBob = deliver(start.outputs[0], from: Fx.aliceKey, to: p.bob)
        p.bob = atBob.state
        #expect(atBob.outputs.count == 2)
        guard case .sendProcessed(let processed) = atBob.outputs[0], case .sendSecretRequest(let request) = atBob.outputs[1] else {
            Issue.record("\(atBob.outputs)"); return
        }
        #expect(processed.recipient == Fx.alice && processed.message.messageIdentifier == lt.message.messageIdentifier)
        // E − B = 9 > R = 5, so the target asks; amount = lock.amount (target.handle_inittarget).
        #expect(request.recipient == Fx.alice && request.message.amount == 10 && request.message.expiration == 19)

        let revealed = deliver(atBob.outputs[1], from: Fx.bobKey, to: p.alice)
        p.alice = revealed.state
        guard case .sendSecretReveal(let r1) = revealed.outputs.only else { Issue.record("\(revealed.outputs)"); return }
        #expect(r1.recipient == Fx.bob && r1.message.secret == Fx.secret(1))

        let back = deliver(revealed.outputs[0], from: Fx.aliceKey, to: p.bob)
        p.bob = back.state
        guard case .sendSecretReveal(let r2) = back.outputs.only else { Issue.record("\(back.outputs)"); return }
        #expect(r2.recipient == Fx.alice)

        let unlocked = deliver(back.outputs[0], from: Fx.bobKey, to: p.alice)
        p.alice = unlocked.state
        #expect(unlocked.outputs.map(\.name) == [.sendUnlock, .eventPaymentSentSuccess, .eventUnlockSuccess])
        guard case .sendUnlock(let u) = unlocked.outputs[0] else { return }
        #expect((u.message.nonce, u.message.transferredAmount, u.message.lockedAmount) == (2, 10, 0))
        #expect(u.message.locksroot == BalanceProofConstants.locksrootOfNoLocks)

        let claimed = deliver(unlocked.outputs[0], from: Fx.aliceKey, to: p.bob)
        p.bob = claimed.state
        #expect(claimed.outputs == [
            .sendProcessed(.init(recipient: Fx.alice, message: Processed(messageIdentifier: u.message.messageIdentifier))),
            .eventPaymentReceivedSuccess(.init(tokenNetworkAddress: Fx.tokenNetwork, identifier: 1, amount: 10, initiator: Fx.alice)),
            .eventUnlockClaimSuccess(.init(identifier: 1, secrethash: Fx.secrethash(1))),
        ])
        // 1000 − 10 and 1000 + 10, on both sides.
        #expect(Amounts.balance(p.alice.ourState, p.alice.partnerState) == SignedAmount(990))
        #expect(Amounts.balance(p.bob.ourState, p.bob.partnerState) == SignedAmount(1010))
        #expect(p.alice.initiatorTasks.isEmpty && p.bob.targetTasks.isEmpty)
    }

    @Test func paymentsBothWaysNetOut() {
        var p = Fx.opened()
        p = Walk.payAndSettleOffchain(p, from: .alice, 10, secret: 1)
        p = Walk.payAndSettleOffchain(p, from: .bob, 4, secret: 2)
        // Alice: 1000 − 10 + 4 = 994; Bob: 1000 + 10 − 4 = 1006.
        #expect(Amounts.balance(p.alice.ourState, p.alice.partnerState) == SignedAmount(994))
        #expect(Amounts.balance(p.bob.ourState, p.bob.partnerState) == SignedAmount(1006))
        #expect(Amounts.balance(p.alice.partnerState, p.alice.ourState) == SignedAmount(1006))
    }

    /// channel.send_withdraw_request, _handle_receive_withdraw_request,
    /// _handle_receive_withdraw_confirmation: request (our nonce + 1) → confirmation (partner
    /// nonce + 1, same message id) → Processed + ContractSendChannelWithdraw; withdraws and
    /// balance proofs share one nonce sequence (quirk shared_nonce).
    @Test func bobWithdrawsWithAlicesCoSignature() {
        var p = Fx.opened()
        let (afterRequest, request) = Fx.bobRequestsWithdraw(p, total: 100)
        p = afterRequest
        #expect(request.nonce == 1 && request.participant == Fx.bob && request.expiration == 19)  // B + 2R − 1
        let confirmed = Fx.accepting(p.alice, .fromBob(request))
        p.alice = confirmed.state
        guard case .sendWithdrawConfirmation(let c) = confirmed.outputs.only else { Issue.record("\(confirmed.outputs)"); return }
        #expect(c.message.messageIdentifier == request.messageIdentifier && c.message.nonce == 1 && c.message.participant == Fx.bob)
        let atBob = Fx.accepting(p.bob, Fx.received(confirmed.outputs[0], signedBy: Fx.aliceKey)!)
        p.bob = atBob.state
        #expect(atBob.outputs.map(\.name) == [.sendProcessed, .contractSendChannelWithdraw])
        guard case .contractSendChannelWithdraw(let tx) = atBob.outputs[1] else { return }
        #expect(tx.totalWithdraw == 100 && tx.expiration == 19)
        #expect(try! Secp256k1.recoverEIP191(WithdrawConfirmation(
            messageIdentifier: 0, chainId: 337, tokenNetworkAddress: Fx.tokenNetwork, channelIdentifier: 7, participant: Fx.bob,
            totalWithdraw: 100, nonce: 0, expiration: 19).signedBytes(), signature: tx.partnerSignature) == Fx.alice)
        let onchain = Input.contractReceiveChannelWithdraw(.init(blockNumber: 12, canonicalIdentifier: Fx.id, participant: Fx.bob, totalWithdraw: 100))
        p.alice = Fx.accept(p.alice, onchain)
        p.bob = Fx.accept(p.bob, onchain)
        #expect(p.bob.ourState.withdrawsPending.isEmpty && p.bob.ourState.onchainTotalWithdraw == 100)
        #expect(Amounts.balance(p.bob.ourState, p.bob.partnerState) == SignedAmount(900))
        // Alice's next balance proof uses nonce 2: her confirmation used 1.
        let (_, transfer) = Fx.aliceSends(p)
        #expect(transfer.nonce == 2)
    }

    @Test func anUnansweredWithdrawExpiresAtExpirationPlusTen() {
        let (p, request) = Fx.bobRequestsWithdraw(Fx.opened(), total: 100)
        let early = Fx.accepting(p.bob, Fx.block(28))
        #expect(early.outputs == [])
        let step = Fx.accepting(p.bob, Fx.block(29))  // 19 + 10
        guard case .sendWithdrawExpired(let e) = step.outputs.only else { Issue.record("\(step.outputs)"); return }
        #expect(e.message.totalWithdraw == 100 && e.message.nonce == request.nonce + 1 && e.message.expiration == 19)
        #expect(step.state.ourState.withdrawsExpired.map(\.nonce) == [request.nonce])
    }

    /// Close by Bob, update by Alice, settle after S blocks, then unlock (channel.events_for_close,
    /// _handle_channel_closed, _handle_block, _handle_channel_settled; TokenNetwork.settleChannel).
    @Test func closeUpdateSettleAndUnlock() {
        var p = Fx.opened()
        p = Walk.payAndSettleOffchain(p, from: .bob, 4, secret: 2)  // Bob has sent Alice a balance proof
        let (holding, transfer) = Fx.bobHoldsLock(p, 10, secret: 1)  // a pending lock of 10 from Alice
        p = holding
        let closing = Fx.accepting(p.bob, .actionChannelClose(.init(canonicalIdentifier: Fx.id)))
        p.bob = closing.state
        guard case .contractSendChannelClose(let close) = closing.outputs.only else { Issue.record("\(closing.outputs)"); return }
        #expect(close.balanceProof?.nonce == transfer.nonce && close.balanceProof?.lockedAmount == 10)
        #expect(p.bob.status == .waitingForClose)

        let closed = Input.contractReceiveChannelClosed(.init(blockNumber: 20, canonicalIdentifier: Fx.id, transactionFrom: Fx.bob))
        let atAlice = Fx.accepting(p.alice, closed)
        p.alice = atAlice.state
        guard case .contractSendChannelUpdateTransfer(let update) = atAlice.outputs.only else { Issue.record("\(atAlice.outputs)"); return }
        #expect(update.expiration == 70 && update.balanceProof.transferredAmount == 4)  // 20 + S
        let atBob = Fx.accepting(p.bob, closed)
        p.bob = atBob.state
        #expect(atBob.outputs == [], "the closer does not update")
        p.alice = Fx.accept(p.alice, .contractReceiveUpdateTransfer(.init(blockNumber: 21, canonicalIdentifier: Fx.id, nonce: 2)))
        #expect(p.alice.updateTransaction?.result == .success)

        #expect(Fx.accepting(p.alice, Fx.block(70)).outputs.allSatisfy { $0.name != .contractSendChannelSettle })
        let settling = Fx.accepting(p.alice, Fx.block(71))  // first block > 20 + 50
        p.alice = settling.state
        let settle = settling.outputs.compactMap { o -> Output.ContractSendChannelSettle? in
            if case .contractSendChannelSettle(let s) = o { return s } else { return nil }
        }
        // Settlement (contracts 0.40.2, TokenNetwork.getSettleTransferAmounts): Bob (T 4, L 0) goes
        // first, Alice (T 0, L 10) second. M1 = 4, M2 = 10; R1 = 6 + 1000 = 1006; R2 = 2000 − 1006 = 994;
        // S_bob = 1006 − 10 = 996, S_alice = 994 − 0 = 994; 10 stays for the unlock.
        #expect(settle == [.init(canonicalIdentifier: Fx.id, expectedOurTransfer: 994, expectedPartnerTransfer: 996)])
        #expect(p.alice.status == .waitingForSettle)

        let aliceRoot = Amounts.locksroot([transfer.lock]), none = BalanceProofConstants.locksrootOfNoLocks
        let settled = Fx.accepting(p.alice, .contractReceiveChannelSettled(.init(
            blockNumber: 72, canonicalIdentifier: Fx.id, ourOnchainLocksroot: aliceRoot, ourTransferredAmount: 994,
            partnerOnchainLocksroot: none, partnerTransferredAmount: 996)))
        p.alice = settled.state
        #expect(settled.outputs == [.contractSendChannelBatchUnlock(.init(canonicalIdentifier: Fx.id, sender: Fx.bob))])
        #expect(p.alice.status == .settled)
        let unlocked = Fx.accepting(p.alice, .contractReceiveChannelBatchUnlock(.init(
            blockNumber: 73, canonicalIdentifier: Fx.id, receiver: Fx.bob, sender: Fx.alice, locksroot: aliceRoot, unlockedAmount: 0, returnedTokens: 10)))
        #expect(unlocked.state.status == .removed)
    }

    @Test func aChannelSettledWithoutLocksIsRemoved() {
        var a = Fx.accept(Fx.opened().alice, .contractReceiveChannelClosed(.init(blockNumber: 11, canonicalIdentifier: Fx.id, transactionFrom: Fx.alice)))
        let none = BalanceProofConstants.locksrootOfNoLocks
        a = Fx.accept(a, .contractReceiveChannelSettled(.init(
            blockNumber: 70, canonicalIdentifier: Fx.id, ourOnchainLocksroot: none, ourTransferredAmount: 1000,
            partnerOnchainLocksroot: none, partnerTransferredAmount: 1000)))
        #expect(a.status == .removed)
    }

    /// target.handle_block, initiator.handle_block, channel.handle_receive_lock_expired: E = 19;
    /// the target fails at E + 5 = 24, the initiator sends LockExpired at E + 10 = 29 with three
    /// failure events, and the target accepts it.
    @Test func anUnrevealedLockExpires() {
        var (p, transfer) = Fx.bobHoldsLock()
        let atBob24 = Fx.accepting(p.bob, Fx.block(24))
        #expect(atBob24.outputs == [.eventUnlockClaimFailed(.init(identifier: 1, secrethash: Fx.secrethash(1), reason: "lock expired"))])
        #expect(Fx.accepting(p.alice, Fx.block(28)).outputs == [])
        let atAlice = Fx.accepting(p.alice, Fx.block(29))
        p.alice = atAlice.state
        #expect(atAlice.outputs.map(\.name) == [.sendLockExpired, .eventPaymentSentFailed, .eventRouteFailed, .eventUnlockFailed])
        guard case .sendLockExpired(let le) = atAlice.outputs[0] else { return }
        #expect((le.message.nonce, le.message.transferredAmount, le.message.lockedAmount) == (2, 0, 0))
        let atBob = Fx.accepting(atBob24.state, Fx.received(atAlice.outputs[0], signedBy: Fx.aliceKey)!)
        #expect(atBob.outputs == [
            .sendProcessed(.init(recipient: Fx.alice, message: Processed(messageIdentifier: le.message.messageIdentifier))),
            .eventUnlockClaimFailed(.init(identifier: 1, secrethash: transfer.lock.secrethash, reason: "Lock expired")),
        ])
        #expect(atBob.state.targetTasks.isEmpty && atBob.state.partnerState.pendingLocks.isEmpty)
    }

    /// Quirk onchain_secret_at_expiration: a registration at block E still lets the
    /// initiator unlock, even after E (initiator.handle_onchain_secretreveal; observed running
    /// Raiden 3.0.1: Br = E delivered at E + 3).
    @Test func aSecretRegisteredOnChainAtExpirationStillUnlocks() {
        var (p, _) = Fx.aliceSends(Fx.opened())
        p.alice = Fx.accept(p.alice, Fx.block(22))
        let step = Fx.accepting(p.alice, .contractReceiveSecretReveal(.init(blockNumber: 19, secrethash: Fx.secrethash(1), secret: Fx.secret(1))))
        #expect(step.outputs.map(\.name) == [.sendUnlock, .eventPaymentSentSuccess, .eventUnlockSuccess])
        let late = Fx.accepting(Fx.aliceSends(Fx.opened()).0.alice, .contractReceiveSecretReveal(.init(blockNumber: 20, secrethash: Fx.secrethash(1), secret: Fx.secret(1))))
        #expect(late.outputs == [], "a registration after E does not count")
    }
}

extension Array {
    /// The single element, or nil.
    var only: Element? { count == 1 ? first : nil }
}
