import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors
import Testing

/// The layer around the channel's guards: how Raiden 3.0.1's node dispatches an input before the
/// channel sees it, and what happens once a channel is gone. Each expectation quotes the Raiden
/// clause it comes from (raiden 3.0.1 from PyPI; file and function named in each test).
@Suite struct DispatchTests {
    // MARK: raiden/message_handler.py MessageHandler.handle_message_lockedtransfer

    /// `if registered: log.warning(...) return []` comes first, then
    /// `if not message.metadata.routes: ... return []`, then `if message.target == TargetAddress(raiden.address)`.
    @Test func aTransferWhoseSecretIsRegisteredOnChainIsDroppedBeforeAnythingElse() {
        let (p, m) = Fx.aliceSends(Fx.opened())
        var noRoutes = m
        noRoutes.metadata = Metadata(routes: [])
        noRoutes.target = Fx.malloryKey.address
        let input = Input.receiveLockedTransfer(.init(sender: Fx.alice, message: noRoutes.signed(with: Fx.aliceKey), secretRegistered: true))
        let step = Declared.step(p.bob, input)
        #expect(step.rejection?.code == .lockedTransferSecretRegistered)
        #expect(step.outputs == [])
        #expect(step.state == p.bob, "the partner's nonce does not move: Raiden returns no state change at all")
    }

    @Test func routesAreCheckedBeforeTheTarget() {
        let (p, m) = Fx.aliceSends(Fx.opened())
        var both = m
        both.metadata = Metadata(routes: [])
        both.target = Fx.malloryKey.address
        #expect(Declared.step(p.bob, .fromAlice(both)).rejection?.code == .lockedTransferNoRoutes)
    }

    /// With the registry's answer false, the same transfer is taken (the flag is the only change).
    @Test func anUnregisteredSecretIsTaken() {
        let (p, m) = Fx.aliceSends(Fx.opened())
        let step = Fx.accepting(p.bob, .receiveLockedTransfer(.init(sender: Fx.alice, message: m.signed(with: Fx.aliceKey), secretRegistered: false)))
        #expect(step.state.partnerState.nonce == 1)
    }

    // MARK: raiden/transfer/channel.py _handle_receive_withdraw_request

    /// `channel_state.partner_state.withdraws_pending[...] = withdraw_state` and
    /// `channel_state.partner_state.nonce = action.nonce` run before `if ... action.coop_settle:`.
    @Test func aCoopSettleRequestIsRecordedThenRejected() {
        let (p, honest) = Fx.bobRequestsWithdraw(Fx.opened(), total: 100)
        var m = honest
        m.coopSettle = true
        let step = Declared.step(p.alice, .fromBob(m))
        #expect(step.rejection?.code == .withdrawRequestCoopSettleNotSupported)
        #expect(step.outputs.map(\.name) == [.eventInvalidReceivedWithdrawRequest])
        #expect(step.state.partnerState.nonce == m.nonce, "the partner's nonce is recorded, as Raiden records it")
        #expect(step.state.partnerState.withdrawsPending == [PendingWithdraw(totalWithdraw: 100, expiration: m.expiration, nonce: m.nonce)])
        #expect(step.state.ourState == p.alice.ourState, "we confirm nothing: our nonce stays")
        #expect(Invariants.check(step.state) == [])

        // The Raiden peer's coop settle never completes; its request expires and its
        // WithdrawExpired (nonce + 1) is accepted: the channel is not stuck.
        let at = m.expiration.uint64! + ChannelConstants.defaultNumberOfBlockConfirmations
        let alice = Fx.accept(step.state, Fx.block(at))
        let expired = WithdrawExpired(
            messageIdentifier: 3, chainId: Fx.id.chainIdentifier, tokenNetworkAddress: Fx.tokenNetwork, channelIdentifier: Fx.id.channelIdentifier,
            participant: Fx.bob, totalWithdraw: 100, expiration: m.expiration, nonce: m.nonce + 1)
        let after = Fx.accepting(alice, .receiveWithdrawExpired(.init(sender: Fx.bob, message: expired.signed(with: Fx.bobKey))))
        #expect(after.state.partnerState.nonce == m.nonce + 1)
        #expect(after.state.partnerState.withdrawsPending == [])
    }

    // MARK: raiden/transfer/mediated_transfer/initiator_manager.py handle_lock_expired

    /// `result = channel.handle_receive_lock_expired(...)` (the partner holds no such lock:
    /// EventInvalidReceivedLockExpired), then `if not channel.get_lock(result.new_state.partner_state,
    /// secrethash): ... EventUnlockClaimFailed(..., reason="Lock expired")`.
    @Test func aLockExpiredForOneOfOurOwnPaymentsIsReportedNotIgnored() {
        let (p, m) = Fx.aliceSends(Fx.opened())
        let bobsClaim = LockExpired(
            messageIdentifier: 4, chainId: Fx.id.chainIdentifier, nonce: 1, transferredAmount: 0, lockedAmount: 0,
            locksroot: BalanceProofConstants.locksrootOfNoLocks, channelIdentifier: Fx.id.channelIdentifier,
            tokenNetworkAddress: Fx.tokenNetwork, recipient: Fx.alice, secrethash: m.lock.secrethash)
        let step = Declared.step(p.alice, .receiveLockExpired(.init(sender: Fx.bob, message: bobsClaim.signed(with: Fx.bobKey))))
        #expect(step.rejection?.code == .lockExpiredUnknownLock)
        #expect(step.state == p.alice)
        #expect(step.outputs.map(\.name) == [.eventInvalidReceivedLockExpired, .eventUnlockClaimFailed])
        guard case .eventUnlockClaimFailed(let e) = step.outputs.last else { return }
        #expect(e == .init(identifier: m.paymentIdentifier, secrethash: m.lock.secrethash, reason: "Lock expired"))
    }

    // MARK: initiator_manager.subdispatch_to_initiatortransfer, node.subdispatch_to_paymenttask

    /// `channel_state = channelidentifiers_to_channels.get(channel_identifier)`
    /// `if not channel_state: return TransitionResult(initiator_state, [])`: after removal a
    /// payment's lock never expires and nothing is sent.
    @Test func theTasksOfARemovedChannelAreNotCalledOnABlock() {
        let (p, m) = Fx.aliceSends(Fx.opened())
        let alice = Fx.must { try removedChannel(p.alice) }
        let late = m.lock.expiration.uint64! + 100
        let step = Fx.accepting(alice, Fx.block(late))
        #expect(step.outputs == [])
        var expected = alice
        expected.blockNumber = late
        #expect(step.state == expected, "only the block number moves")
    }

    // MARK: raiden/transfer/channel.py set_settled

    /// `elif not channel_state.settle_transaction.finished_block_number:` — a finished settle
    /// transaction keeps its block.
    @Test func aSecondSettledEventLeavesTheFinishedBlock() {
        let (p, _) = Fx.bobHoldsLock()
        var bob = Fx.accept(p.bob, .contractReceiveChannelClosed(.init(blockNumber: 20, canonicalIdentifier: Fx.id, transactionFrom: Fx.bob)))
        let lockedRoot = bob.partnerState.balanceProof!.locksroot
        func settled(at block: UInt64) -> Input {
            .contractReceiveChannelSettled(.init(
                blockNumber: block, canonicalIdentifier: Fx.id, ourOnchainLocksroot: BalanceProofConstants.locksrootOfNoLocks,
                ourTransferredAmount: .zero, partnerOnchainLocksroot: lockedRoot, partnerTransferredAmount: .zero))
        }
        bob = Fx.accept(bob, settled(at: 71))
        let again = Fx.accept(bob, settled(at: 80))
        #expect(again.settleTransaction?.finishedBlockNumber == 71)
    }

    // MARK: raiden/transfer/token_network.py handle_channelnew

    /// `if channel_identifier not in token_network_state.channelidentifiers_to_channels:` — a
    /// removed channel's id is no longer there, so a new channel is taken (deviation one_channel).
    @Test func aChannelNewAfterRemovalReopens() {
        let (p, _) = Fx.aliceSends(Fx.opened())
        let alice = Fx.must { try removedChannel(p.alice) }
        let next = CanonicalIdentifier(chainIdentifier: Fx.id.chainIdentifier, tokenNetworkAddress: Fx.tokenNetwork, channelIdentifier: 8)
        let step = Fx.accepting(alice, .contractReceiveChannelNew(.init(
            blockNumber: 90, canonicalIdentifier: next, tokenAddress: Fx.token, partnerAddress: Fx.bob,
            revealTimeout: Fx.reveal, settleTimeout: Fx.settle)))
        #expect(step.state.status == .opened)
        #expect(step.state.canonicalIdentifier == next)
        #expect(step.state.ourState.nonce == 0 && step.state.partnerState.nonce == 0)
        #expect(step.state.ourState.contractBalance == .zero && step.state.ourState.pendingLocks == [])
        #expect(step.state.initiatorTasks == [] && step.state.targetTasks == [])
        #expect(step.state.prng == alice.prng && step.state.blockNumber == alice.blockNumber)
        #expect(step.state.closeTransaction == nil && step.state.settleTransaction == nil)
    }

    @Test func aChannelNewWhileTheChannelExistsIsIgnored() {
        let next = CanonicalIdentifier(chainIdentifier: Fx.id.chainIdentifier, tokenNetworkAddress: Fx.tokenNetwork, channelIdentifier: 8)
        let alice = Fx.opened().alice
        let step = Declared.step(alice, .contractReceiveChannelNew(.init(
            blockNumber: 90, canonicalIdentifier: next, tokenAddress: Fx.token, partnerAddress: Fx.bob,
            revealTimeout: Fx.reveal, settleTimeout: Fx.settle)))
        #expect(step.rejection?.code == .channelNewChannelExists)
        #expect(step.state == alice)
    }
}
