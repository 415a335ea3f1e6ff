import NettingCodec
import NettingCrypto
import NettingMachine

/// Deliberately broken channel machines: NettingKit's machine with one plausible bug each, as an
/// implementation of a port might have it. The conformance checker must catch them
/// (`netting adapter --mutant NAME`, `netting conform --mutation-report`); a mutant no case
/// catches shows a gap in the corpus.
public enum Mutant: String, CaseIterable, Sendable {
    case acceptsStaleNonce = "accepts_stale_nonce"
    case sendsNonceOffByOne = "sends_nonce_off_by_one"
    case withdrawTakesNoNonce = "withdraw_takes_no_nonce"
    case skipsSignatureCheck = "skips_signature_check"
    case ignoresChainID = "ignores_chain_id"
    case lockExpiresOneBlockEarly = "lock_expires_one_block_early"
    case acceptsEarlyLockExpired = "accepts_early_lock_expired"
    case settlesOneBlockEarly = "settles_one_block_early"
    case distributableIgnoresLocked = "distributable_ignores_locked"
    case dropsProcessed = "drops_processed"
    case sendsNoSecretRequest = "sends_no_secret_request"
    case revealsSecretToAnyone = "initiator_takes_reveal_from_anyone"
    case lockAmountOffByOne = "lock_amount_off_by_one"
    case lockExpirationOffByOne = "lock_expiration_off_by_one"
    case locksrootInReverseOrder = "locksroot_in_reverse_order"
    case closesWithoutBalanceProof = "closes_without_balance_proof"
    case sendsNoUpdateTransfer = "sends_no_update_transfer"
    case keepsSettledChannel = "keeps_settled_channel"
    case removedChannelStillRuns = "removed_channel_still_runs"
    case silentOnInvalidInput = "silent_on_invalid_input"
    case ignoresSecretRegistry = "ignores_secret_registry"
    case coopSettleNonceNotRecorded = "coop_settle_nonce_not_recorded"
    case sendsNoBatchUnlock = "sends_no_batch_unlock"
    case transferredAmountNotChecked = "unlock_transferred_amount_not_checked"

    public var doc: String {
        switch self {
        case .acceptsStaleNonce: "takes a balance proof whatever its nonce (replays and gaps pass)"
        case .sendsNonceOffByOne: "signs its LockedTransfers with the nonce one too high"
        case .withdrawTakesNoNonce: "a withdraw request does not consume a nonce"
        case .skipsSignatureCheck: "never recovers the signer of a balance proof or withdraw message"
        case .ignoresChainID: "reads a message as if it were signed for our chain"
        case .lockExpiresOneBlockEarly: "expires its locks and withdraws one block early"
        case .acceptsEarlyLockExpired: "takes a LockExpired before expiration + 5"
        case .settlesOneBlockEarly: "asks to settle one block before the settle timeout has passed"
        case .distributableIgnoresLocked: "counts the partner's locked tokens as spendable"
        case .dropsProcessed: "never acknowledges with Processed"
        case .sendsNoSecretRequest: "never asks the initiator for the secret"
        case .revealsSecretToAnyone: "as initiator, takes a RevealSecret from anyone and unlocks"
        case .lockAmountOffByOne: "locks one token more than the payment"
        case .lockExpirationOffByOne: "sets its locks' expiration one block early"
        case .locksrootInReverseOrder: "hashes its pending locks in reverse order"
        case .closesWithoutBalanceProof: "closes without the partner's balance proof"
        case .sendsNoUpdateTransfer: "never updates the partner's close with the partner's balance proof"
        case .keepsSettledChannel: "keeps a channel that settled with nothing locked"
        case .removedChannelStillRuns: "keeps running the payment tasks of a removed channel"
        case .silentOnInvalidInput: "emits none of the EventInvalid… events"
        case .ignoresSecretRegistry: "takes a LockedTransfer whose secret is already registered on chain"
        case .coopSettleNonceNotRecorded: "refuses a coop-settle request without recording its nonce"
        case .sendsNoBatchUnlock: "never unlocks on chain after settlement"
        case .transferredAmountNotChecked: "takes an Unlock whatever its transferred amount"
        }
    }

    /// One step of the mutant machine.
    public func step(_ state: ChannelState, _ input: Input) -> Step {
        let pre = state
        var state = state
        var input = input
        switch self {
        case .acceptsStaleNonce:
            if let n = Self.proofNonce(input), n > 0 { state.partnerState.nonce = n - 1 }
            var step = ChannelMachine.step(state, input)
            if step.rejection != nil { step.state = pre }  // a rejected input leaves the state as it came
            return step
        case .skipsSignatureCheck:
            let verify = state.config.verifySignatures
            state.config.verifySignatures = false
            var step = ChannelMachine.step(state, input)
            step.state.config.verifySignatures = verify
            return step
        case .ignoresChainID:
            input = Self.rewritingChainID(input, to: state.canonicalIdentifier.chainIdentifier)
            return ChannelMachine.step(state, input)
        case .lockExpiresOneBlockEarly, .settlesOneBlockEarly:
            guard case .block(let b) = input, b.blockNumber < .max else { return ChannelMachine.step(state, input) }
            if self == .settlesOneBlockEarly, state.status != .closed { return ChannelMachine.step(state, input) }
            var step = ChannelMachine.step(state, .block(.init(blockNumber: b.blockNumber + 1)))
            step.state.blockNumber = b.blockNumber
            return step
        case .acceptsEarlyLockExpired:
            guard case .receiveLockExpired = input else { return ChannelMachine.step(state, input) }
            let block = state.blockNumber
            state.blockNumber = .max / 2
            var step = ChannelMachine.step(state, input)
            step.state.blockNumber = block
            return step
        case .distributableIgnoresLocked:
            guard case .receiveLockedTransfer = input else { return ChannelMachine.step(state, input) }
            let extra = state.partnerState.amountLocked
            let deposit = state.partnerState.contractBalance
            state.partnerState.contractBalance = deposit.saturatingAdding(extra)
            var step = ChannelMachine.step(state, input)
            step.state.partnerState.contractBalance = deposit
            return step
        case .revealsSecretToAnyone:
            if case .receiveSecretReveal(var r) = input { r.sender = state.partnerState.address; input = .receiveSecretReveal(r) }
            return ChannelMachine.step(state, input)
        case .removedChannelStillRuns:
            guard state.removed, !Self.isChannelNew(input) else { return ChannelMachine.step(state, input) }
            state.removed = false
            var step = ChannelMachine.step(state, input)
            step.state.removed = true
            return step
        case .ignoresSecretRegistry:
            if case .receiveLockedTransfer(var i) = input { i.secretRegistered = false; input = .receiveLockedTransfer(i) }
            return ChannelMachine.step(state, input)
        case .coopSettleNonceNotRecorded:
            var step = ChannelMachine.step(state, input)
            if step.rejection?.code == .withdrawRequestCoopSettleNotSupported { step.state = state }
            return step
        case .withdrawTakesNoNonce:
            var step = ChannelMachine.step(state, input)
            guard case .actionChannelWithdraw = input, step.rejection == nil else { return step }
            step.state.ourState.nonce -= 1
            if let k = step.state.ourState.withdrawsPending.indices.last { step.state.ourState.withdrawsPending[k].nonce -= 1 }
            step.outputs = step.outputs.map { o in
                guard case .sendWithdrawRequest(var w) = o else { return o }
                w.message.nonce -= 1
                return .sendWithdrawRequest(w)
            }
            return step
        case .transferredAmountNotChecked:
            guard case .receiveUnlock(var u) = input, let lock = state.partnerState.lock(secrethash: SecretHash.of(u.message.secret)) else {
                return ChannelMachine.step(state, input)
            }
            let honest = state.partnerState.transferredAmount.saturatingAdding(lock.amount)
            guard u.message.transferredAmount != honest else { return ChannelMachine.step(state, input) }
            let claimed = u.message.transferredAmount
            state.config.verifySignatures = false  // the honest amount is not what was signed
            u.message.transferredAmount = honest
            var step = ChannelMachine.step(state, .receiveUnlock(u))
            step.state.config.verifySignatures = true
            step.state.partnerState.balanceProof?.transferredAmount = claimed
            return step
        case .sendsNonceOffByOne, .dropsProcessed, .sendsNoSecretRequest, .lockAmountOffByOne, .lockExpirationOffByOne,
            .locksrootInReverseOrder, .closesWithoutBalanceProof, .sendsNoUpdateTransfer, .keepsSettledChannel, .silentOnInvalidInput,
            .sendsNoBatchUnlock:
            var step = ChannelMachine.step(state, input)
            rewrite(&step)
            return step
        }
    }

    /// The mutants that only change what a correct step emits or leaves.
    func rewrite(_ step: inout Step) {
        switch self {
        case .sendsNonceOffByOne, .lockAmountOffByOne, .lockExpirationOffByOne, .locksrootInReverseOrder:
            step.outputs = step.outputs.map { o in
                guard case .sendLockedTransfer(var t) = o else { return o }
                switch self {
                case .sendsNonceOffByOne: t.message.nonce += 1
                case .lockAmountOffByOne: t.message.lock.amount = t.message.lock.amount.saturatingAdding(.one)
                case .lockExpirationOffByOne: t.message.lock.expiration = t.message.lock.expiration.saturatingSubtracting(.one)
                default: t.message.locksroot = Amounts.locksroot(step.state.ourState.pendingLocks.reversed())
                }
                return .sendLockedTransfer(t)
            }
        case .dropsProcessed: step.outputs.removeAll { $0.name == .sendProcessed }
        case .sendsNoSecretRequest: step.outputs.removeAll { $0.name == .sendSecretRequest }
        case .sendsNoUpdateTransfer: step.outputs.removeAll { $0.name == .contractSendChannelUpdateTransfer }
        case .sendsNoBatchUnlock: step.outputs.removeAll { $0.name == .contractSendChannelBatchUnlock }
        case .silentOnInvalidInput: step.outputs.removeAll { $0.name.rawValue.hasPrefix("EventInvalid") }
        case .closesWithoutBalanceProof:
            step.outputs = step.outputs.map { o in
                guard case .contractSendChannelClose(var c) = o else { return o }
                c.balanceProof = nil
                return .contractSendChannelClose(c)
            }
        case .keepsSettledChannel:
            if step.rejection == nil, step.state.removed, step.state.settleTransaction != nil { step.state.removed = false }
        case .acceptsStaleNonce, .withdrawTakesNoNonce, .skipsSignatureCheck, .ignoresChainID, .lockExpiresOneBlockEarly,
            .acceptsEarlyLockExpired, .settlesOneBlockEarly, .distributableIgnoresLocked, .revealsSecretToAnyone,
            .removedChannelStillRuns, .ignoresSecretRegistry, .coopSettleNonceNotRecorded, .transferredAmountNotChecked:
            break  // these change the step itself (step(_:_:))
        }
    }

    /// The nonce of a received balance proof or withdraw message.
    static func proofNonce(_ input: Input) -> UInt64? {
        if case .receiveLockedTransfer(let i) = input { return i.message.nonce }
        if case .receiveUnlock(let i) = input { return i.message.nonce }
        if case .receiveLockExpired(let i) = input { return i.message.nonce }
        if case .receiveWithdrawRequest(let i) = input { return i.message.nonce }
        if case .receiveWithdrawConfirmation(let i) = input { return i.message.nonce }
        if case .receiveWithdrawExpired(let i) = input { return i.message.nonce }
        return nil
    }

    static func isChannelNew(_ input: Input) -> Bool { if case .contractReceiveChannelNew = input { true } else { false } }

    static func rewritingChainID(_ input: Input, to chain: UInt256) -> Input {
        if case .receiveLockedTransfer(var i) = input { i.message.chainId = chain; return .receiveLockedTransfer(i) }
        if case .receiveUnlock(var i) = input { i.message.chainId = chain; return .receiveUnlock(i) }
        if case .receiveLockExpired(var i) = input { i.message.chainId = chain; return .receiveLockExpired(i) }
        if case .receiveWithdrawRequest(var i) = input { i.message.chainId = chain; return .receiveWithdrawRequest(i) }
        if case .receiveWithdrawConfirmation(var i) = input { i.message.chainId = chain; return .receiveWithdrawConfirmation(i) }
        if case .receiveWithdrawExpired(var i) = input { i.message.chainId = chain; return .receiveWithdrawExpired(i) }
        return input
    }
}

/// A mutant as an implementation under test.
public struct MutantImplementation: ChannelImplementation {
    public let mutant: Mutant
    public init(_ mutant: Mutant) { self.mutant = mutant }

    public func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
        let step = mutant.step(try ChannelState(canonicalJSON: state), try Input(canonicalJSON: input))
        return (step.state.canonicalJSON, step.outputs.map(\.canonicalJSON), step.rejection?.canonicalJSON)
    }
}
