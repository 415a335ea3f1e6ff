import NettingCodec
import NettingCrypto

/// Why a guard failed: its stable code (spec/channel.yaml) and a human reason, worded like
/// Raiden's. Equality compares both; tests compare codes.
public struct Rejection: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: RejectionCode
    public let reason: String

    public init(_ code: RejectionCode, _ reason: String) { (self.code, self.reason) = (code, reason) }

    public var description: String { "\(code.rawValue): \(reason)" }
}

/// One transition's result: the next state, the outputs, and the failed guard if any. On a
/// rejection `state` is the input state, unchanged.
public struct Step: Equatable, Sendable {
    public var state: ChannelState
    public var outputs: [Output]
    public var rejection: Rejection?
}

/// The channel state machine: pure, deterministic, no I/O, no clock, no global randomness.
public enum ChannelMachine {
    /// `transition(state, input) -> (state, [output])`.
    public static func transition(_ state: consuming ChannelState, _ input: Input) -> (ChannelState, [Output]) {
        var state = state
        let outputs = apply(&state, input).outputs
        return (state, outputs)
    }

    /// Like `transition`, and also reports the code of a failed guard (including `ignore`
    /// guards, which emit nothing).
    ///
    /// The state is consumed and changed in place (see `apply`): a caller that keeps no other
    /// copy (`step(consume state, input)`, or a last use) lets the lock arrays grow in place.
    public static func step(_ state: consuming ChannelState, _ input: Input) -> Step {
        var state = state
        let (outputs, rejection) = apply(&state, input)
        return Step(state: state, outputs: outputs, rejection: rejection)
    }

    /// `step` on a state the caller owns, changed in place: the state (about 1 KB) is neither
    /// copied in nor returned, which is what a node running many transitions on one channel wants.
    ///
    /// Every handler evaluates all its guards before it changes anything, so on a rejection
    /// `state` is left exactly as it came in; the one exception is a `rejectCommitted` guard,
    /// after which the state holds the effects the spec marks "(committed)", as Raiden's does.
    public static func apply(_ state: inout ChannelState, _ input: Input) -> (outputs: [Output], rejection: Rejection?) {
        var out: [Output] = []
        let rejection = apply(&state, input, appendingTo: &out)
        return (out, rejection)
    }

    /// `apply` that appends the outputs to `out`, a buffer the caller keeps: a caller running
    /// many transitions (the model checker, `make bench`) empties it with
    /// `removeAll(keepingCapacity: true)` and so allocates no output array per transition
    /// (about 3 % of a received LockedTransfer + Unlock pair without signatures: 1.52–1.59 → 1.47–1.52 × its Keccak permutations). On a rejection
    /// `out` gets exactly the rejection's outputs (what `apply` would return).
    public static func apply(_ state: inout ChannelState, _ input: Input, appendingTo out: inout [Output]) -> Rejection? {
        let start = out.count
        do throws(Rejection) {
            switch input {
            case .block(let i): try OnChain.block(&state, i, &out)
            case .contractReceiveChannelNew(let i): try OnChain.channelNew(&state, i)
            case .contractReceiveChannelDeposit(let i): try OnChain.deposit(&state, i)
            case .contractReceiveChannelWithdraw(let i): try OnChain.channelWithdraw(&state, i)
            case .contractReceiveChannelClosed(let i): try OnChain.closed(&state, i, &out)
            case .contractReceiveUpdateTransfer(let i): try OnChain.updateTransfer(&state, i)
            case .contractReceiveChannelSettled(let i): try OnChain.settled(&state, i, &out)
            case .contractReceiveChannelBatchUnlock(let i): try OnChain.batchUnlock(&state, i)
            case .contractReceiveSecretReveal(let i): try Payment.onchainSecretReveal(&state, i, &out)
            case .actionChannelClose(let i): try OnChain.close(&state, i, &out)
            case .actionChannelWithdraw(let i): try Withdraw.action(&state, i, &out)
            case .actionChannelSetRevealTimeout(let i): try OnChain.setRevealTimeout(&state, i)
            case .actionChannelCoopSettle(let i): try OnChain.coopSettle(&state, i)
            case .receiveWithdrawRequest(let i): try Withdraw.request(&state, i, &out)
            case .receiveWithdrawConfirmation(let i): try Withdraw.confirmation(&state, i, &out)
            case .receiveWithdrawExpired(let i): try Withdraw.expired(&state, i, &out)
            case .actionInitInitiator(let i): try Payment.initInitiator(&state, i, &out)
            case .receiveLockedTransfer(let i): try Receive.lockedTransfer(&state, i, &out)
            case .receiveSecretRequest(let i): try Payment.secretRequest(&state, i, &out)
            case .receiveSecretReveal(let i): try Payment.secretReveal(&state, i, &out)
            case .receiveUnlock(let i): try Receive.unlock(&state, i, &out)
            case .receiveLockExpired(let i): try Receive.lockExpired(&state, i, &out)
            case .receiveProcessed, .receiveDelivered: break  // no queues (deviation no_queues)
            }
        } catch {
            // A handler throws before it appends anything; drop whatever it might have, all the same.
            out.removeSubrange(start...)
            switch error.code.outcome {
            case .reject, .rejectCommitted: out.append(contentsOf: rejectionOutputs(state, input, error))
            case .ignore: break
            }
            return error
        }
        return nil
    }

    /// The Raiden-equivalent invalid-input events of a rejected input (spec `on_reject`).
    static func rejectionOutputs(_ state: ChannelState, _ input: Input, _ r: Rejection) -> [Output] {
        switch input {
        case .receiveLockedTransfer(let i):
            return [
                .eventInvalidReceivedLockedTransfer(.init(paymentIdentifier: i.message.paymentIdentifier, code: r.code, reason: r.reason)),
                .eventUnlockClaimFailed(.init(identifier: i.message.paymentIdentifier, secrethash: i.message.lock.secrethash, reason: r.reason)),
            ]
        case .receiveUnlock(let i):
            return [.eventInvalidReceivedUnlock(.init(secrethash: SecretHash.of(i.message.secret), code: r.code, reason: r.reason))]
        case .receiveLockExpired(let i):
            let sh = i.message.secrethash
            let invalid = Output.eventInvalidReceivedLockExpired(.init(secrethash: sh, code: r.code, reason: r.reason))
            // initiator_manager / target handle_lock_expired: a payment whose lock the partner
            // does not hold is reported failed too (always so for one of our own payments).
            guard state.partnerState.lock(secrethash: sh) == nil,
                let id = state.initiatorTasks.first(where: { $0.lock.secrethash == sh })?.paymentIdentifier
                    ?? state.targetTasks.first(where: { $0.lock.secrethash == sh })?.paymentIdentifier
            else { return [invalid] }
            return [invalid, .eventUnlockClaimFailed(.init(identifier: id, secrethash: sh, reason: "Lock expired"))]
        case .receiveWithdrawRequest(let i):
            return [.eventInvalidReceivedWithdrawRequest(.init(attemptedWithdraw: i.message.totalWithdraw, code: r.code, reason: r.reason))]
        case .receiveWithdrawConfirmation(let i):
            return [.eventInvalidReceivedWithdraw(.init(attemptedWithdraw: i.message.totalWithdraw, code: r.code, reason: r.reason))]
        case .receiveWithdrawExpired(let i):
            return [.eventInvalidReceivedWithdrawExpired(.init(attemptedWithdraw: i.message.totalWithdraw, code: r.code, reason: r.reason))]
        case .actionChannelWithdraw(let i):
            return [.eventInvalidActionWithdraw(.init(attemptedWithdraw: i.totalWithdraw, code: r.code, reason: r.reason))]
        case .actionChannelCoopSettle:
            let ours = Amounts.maxWithdraw(state.ourState, state.partnerState).nonNegative ?? .zero
            return [.eventInvalidActionCoopSettle(.init(attemptedWithdraw: ours, code: r.code, reason: r.reason))]
        case .actionChannelSetRevealTimeout(let i):
            return [.eventInvalidActionSetRevealTimeout(.init(revealTimeout: i.revealTimeout, code: r.code, reason: r.reason))]
        case .actionInitInitiator(let i):
            return [.eventPaymentSentFailed(.init(
                tokenNetworkAddress: state.canonicalIdentifier.tokenNetworkAddress, identifier: i.paymentIdentifier,
                target: i.target, reason: "None of the available routes could be used (\(r.reason))", code: r.code))]
        case .receiveSecretRequest(let i):
            let intended = state.initiatorTasks.first { $0.lock.secrethash == i.message.secrethash }?.amount ?? .zero
            return [.eventInvalidSecretRequest(.init(
                paymentIdentifier: i.message.paymentIdentifier, intendedAmount: intended, actualAmount: i.message.amount, code: r.code))]
        case .block, .contractReceiveChannelNew, .contractReceiveChannelDeposit, .contractReceiveChannelWithdraw,
            .contractReceiveChannelClosed, .contractReceiveUpdateTransfer, .contractReceiveChannelSettled,
            .contractReceiveChannelBatchUnlock, .contractReceiveSecretReveal, .actionChannelClose, .receiveSecretReveal,
            .receiveProcessed, .receiveDelivered:
            return []
        }
    }
}

/// Guard helpers shared by the handlers.
enum Check {
    /// `nonce` is exactly `previous + 1` (no wrap).
    static func isNext(_ nonce: UInt64, after previous: UInt64) -> Bool { previous < .max && nonce == previous + 1 }

    /// get_sender_expiration_threshold: a sender expires a lock or a withdraw from E + 2C.
    static func senderExpirationThreshold(_ expiration: UInt256) -> UInt256 {
        expiration.saturatingAdding(UInt256(ChannelConstants.defaultWaitBeforeLockRemoval))
    }

    /// get_receiver_expiration_threshold: a receiver accepts the expiry from E + C.
    static func receiverExpirationThreshold(_ expiration: UInt256) -> UInt256 {
        expiration.saturatingAdding(UInt256(ChannelConstants.defaultNumberOfBlockConfirmations))
    }

    static func sum(_ a: UInt256, _ b: UInt256) -> UInt256? {
        let (v, o) = a.addingReportingOverflow(b)
        return o ? nil : v
    }
}

extension Rejection: CanonicalCodable {
    /// `{"code": <a guard code>, "reason": <text>}` (spec/channel.yaml `canonical`).
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        var o = try CanonicalObject(value, path: path, kind: "Rejection")
        self.init(try o.field("code"), try o.field("reason"))
        try o.finish(allowed: ["code", "reason"])
    }

    package func write(canonical w: inout JSONWriter) {
        w.beginObject()
        w.canonicalField("code", code)
        w.canonicalField("reason", reason)
        w.endObject()
    }
}
