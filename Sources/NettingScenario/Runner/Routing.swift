import NettingCodec
import NettingCrypto
import NettingMachine

extension Output {
    /// The recipient and the (unsigned) message of a Send* output.
    public var outgoingMessage: (Address, Message)? {
        switch self {
        case .sendLockedTransfer(let o): (o.recipient, o.message.message)
        case .sendUnlock(let o): (o.recipient, o.message.message)
        case .sendLockExpired(let o): (o.recipient, o.message.message)
        case .sendSecretRequest(let o): (o.recipient, o.message.message)
        case .sendSecretReveal(let o): (o.recipient, o.message.message)
        case .sendProcessed(let o): (o.recipient, o.message.message)
        case .sendWithdrawRequest(let o): (o.recipient, o.message.message)
        case .sendWithdrawConfirmation(let o): (o.recipient, o.message.message)
        case .sendWithdrawExpired(let o): (o.recipient, o.message.message)
        case .contractSendChannelClose, .contractSendChannelUpdateTransfer, .contractSendChannelSettle,
            .contractSendChannelBatchUnlock, .contractSendChannelWithdraw, .contractSendSecretReveal,
            .eventPaymentSentSuccess, .eventPaymentSentFailed, .eventPaymentReceivedSuccess, .eventUnlockSuccess,
            .eventUnlockFailed, .eventUnlockClaimSuccess, .eventUnlockClaimFailed, .eventRouteFailed,
            .eventInvalidReceivedLockedTransfer, .eventInvalidReceivedUnlock, .eventInvalidReceivedLockExpired,
            .eventInvalidReceivedWithdrawRequest, .eventInvalidReceivedWithdraw, .eventInvalidReceivedWithdrawExpired,
            .eventInvalidActionWithdraw, .eventInvalidActionCoopSettle, .eventInvalidActionSetRevealTimeout,
            .eventInvalidSecretRequest:
            nil
        }
    }

    /// The output with its Send* message signed by `key` (any other output as it is).
    public func signingMessage(with key: PrivateKey) -> Output {
        switch self {
        case .sendLockedTransfer(var o): o.message.sign(with: key); return .sendLockedTransfer(o)
        case .sendUnlock(var o): o.message.sign(with: key); return .sendUnlock(o)
        case .sendLockExpired(var o): o.message.sign(with: key); return .sendLockExpired(o)
        case .sendSecretRequest(var o): o.message.sign(with: key); return .sendSecretRequest(o)
        case .sendSecretReveal(var o): o.message.sign(with: key); return .sendSecretReveal(o)
        case .sendProcessed(var o): o.message.sign(with: key); return .sendProcessed(o)
        case .sendWithdrawRequest(var o): o.message.sign(with: key); return .sendWithdrawRequest(o)
        case .sendWithdrawConfirmation(var o): o.message.sign(with: key); return .sendWithdrawConfirmation(o)
        case .sendWithdrawExpired(var o): o.message.sign(with: key); return .sendWithdrawExpired(o)
        case .contractSendChannelClose, .contractSendChannelUpdateTransfer, .contractSendChannelSettle,
            .contractSendChannelBatchUnlock, .contractSendChannelWithdraw, .contractSendSecretReveal,
            .eventPaymentSentSuccess, .eventPaymentSentFailed, .eventPaymentReceivedSuccess, .eventUnlockSuccess,
            .eventUnlockFailed, .eventUnlockClaimSuccess, .eventUnlockClaimFailed, .eventRouteFailed,
            .eventInvalidReceivedLockedTransfer, .eventInvalidReceivedUnlock, .eventInvalidReceivedLockExpired,
            .eventInvalidReceivedWithdrawRequest, .eventInvalidReceivedWithdraw, .eventInvalidReceivedWithdrawExpired,
            .eventInvalidActionWithdraw, .eventInvalidActionCoopSettle, .eventInvalidActionSetRevealTimeout,
            .eventInvalidSecretRequest:
            return self
        }
    }

    /// A ContractSend* output: a transaction the node asks to be sent.
    public var isContractSend: Bool {
        switch self {
        case .contractSendChannelClose, .contractSendChannelUpdateTransfer, .contractSendChannelSettle,
            .contractSendChannelBatchUnlock, .contractSendChannelWithdraw, .contractSendSecretReveal:
            true
        case .sendLockedTransfer, .sendUnlock, .sendLockExpired, .sendSecretRequest, .sendSecretReveal, .sendProcessed,
            .sendWithdrawRequest, .sendWithdrawConfirmation, .sendWithdrawExpired, .eventPaymentSentSuccess,
            .eventPaymentSentFailed, .eventPaymentReceivedSuccess, .eventUnlockSuccess, .eventUnlockFailed,
            .eventUnlockClaimSuccess, .eventUnlockClaimFailed, .eventRouteFailed, .eventInvalidReceivedLockedTransfer,
            .eventInvalidReceivedUnlock, .eventInvalidReceivedLockExpired, .eventInvalidReceivedWithdrawRequest,
            .eventInvalidReceivedWithdraw, .eventInvalidReceivedWithdrawExpired, .eventInvalidActionWithdraw,
            .eventInvalidActionCoopSettle, .eventInvalidActionSetRevealTimeout, .eventInvalidSecretRequest:
            false
        }
    }
}

extension Input {
    /// The Receive* input a decoded message becomes at its receiver; nil for messages a
    /// channel never receives (service messages).
    public static func receiving(_ message: Message, from sender: Address) -> Input? {
        switch message {
        case .lockedTransfer(let m): .receiveLockedTransfer(.init(sender: sender, message: m))
        case .unlock(let m): .receiveUnlock(.init(sender: sender, message: m))
        case .lockExpired(let m): .receiveLockExpired(.init(sender: sender, message: m))
        case .secretRequest(let m): .receiveSecretRequest(.init(sender: sender, message: m))
        case .revealSecret(let m): .receiveSecretReveal(.init(sender: sender, message: m))
        case .processed(let m): .receiveProcessed(.init(sender: sender, message: m))
        case .delivered(let m): .receiveDelivered(.init(sender: sender, message: m))
        case .withdrawRequest(let m): .receiveWithdrawRequest(.init(sender: sender, message: m))
        case .withdrawConfirmation(let m): .receiveWithdrawConfirmation(.init(sender: sender, message: m))
        case .withdrawExpired(let m): .receiveWithdrawExpired(.init(sender: sender, message: m))
        case .refundTransfer, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring: nil
        }
    }
}
