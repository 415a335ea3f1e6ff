import NettingCodec
import NettingCrypto

/// Block, the channel's on-chain life (open, deposit, withdraw, close, update, settle, unlock)
/// and the user's channel actions (spec/channel.yaml; the handlers of raiden/transfer/channel.py
/// and raiden/transfer/token_network.py, and raiden/transfer/node.py handle_block).
enum OnChain {
    static func unknownChannel(_ s: ChannelState, _ id: CanonicalIdentifier, _ code: RejectionCode) throws(Rejection) {
        guard s.exists, s.isOurs(id) else {
            throw Rejection(code, "no channel \(id.channelIdentifier) in token network \(id.tokenNetworkAddress.hex)")
        }
    }

    // MARK: Block

    static func block(_ s: inout ChannelState, _ i: Input.Block, _ out: inout [Output]) throws(Rejection) {
        guard i.blockNumber >= s.blockNumber else {
            throw Rejection(.blockBlockNumberDecreased, "block \(i.blockNumber) is before the current block \(s.blockNumber)")
        }
        s.blockNumber = i.blockNumber
        // A removed channel is gone from the token network, and its payment tasks are not called.
        guard !s.removed else { return }
        if s.exists {
            if s.status == .opened { Withdraw.expireOurWithdraws(&s, &out) }
            if s.status == .closed, let closed = s.closeTransaction?.finishedBlockNumber,
                UInt256(i.blockNumber) > UInt256(closed).saturatingAdding(UInt256(s.settleTimeout))
            {
                s.settleTransaction = TransactionStatus(startedBlockNumber: i.blockNumber)
                out.append(.contractSendChannelSettle(settlePreview(s)))
            }
        }
        Payment.expireInitiatorTasks(&s, &out)
        Payment.expireTargetTasks(&s, &out)
    }

    /// ContractSendChannelSettle with what settle pays each side, on our view (the latest
    /// balance proofs of both ends submitted, the on-chain withdraws).
    static func settlePreview(_ s: ChannelState) -> Output.ContractSendChannelSettle {
        func side(_ e: EndState) -> SettlementSide {
            let bp = e.balanceProof
            return SettlementSide(
                address: e.address, deposit: e.contractBalance, withdrawn: e.onchainTotalWithdraw,
                transferred: bp?.transferredAmount ?? .zero, locked: bp?.lockedAmount ?? .zero,
                locksroot: bp?.locksroot ?? BalanceProofConstants.locksrootOfNoLocks)
        }
        let ours = side(s.ourState), theirs = side(s.partnerState)
        let (p1, p2) = Settlement.order(ours, theirs)
        var our: UInt256?, partner: UInt256?
        if let amounts = try? Settlement.settle(participant1: p1, participant2: p2) {
            let oursFirst = p1.address == ours.address
            our = oursFirst ? amounts.participant1Transfer : amounts.participant2Transfer
            partner = oursFirst ? amounts.participant2Transfer : amounts.participant1Transfer
        }
        return .init(canonicalIdentifier: s.canonicalIdentifier, expectedOurTransfer: our, expectedPartnerTransfer: partner)
    }

    // MARK: Chain events

    static func channelNew(_ s: inout ChannelState, _ i: Input.ContractReceiveChannelNew) throws(Rejection) {
        guard s.status == .nonexistent || s.status == .removed else {
            throw Rejection(.channelNewChannelExists, "channel \(s.canonicalIdentifier.channelIdentifier) is already known")
        }
        guard i.partnerAddress != s.ourState.address, i.partnerAddress != .zero else {
            throw Rejection(.channelNewPartnerIsUs, "partner address \(i.partnerAddress.hex) is ours or zero")
        }
        guard i.revealTimeout > 0 else { throw Rejection(.channelNewInvalidRevealTimeout, "reveal_timeout must be larger than 0") }
        guard i.settleTimeout > 0 else { throw Rejection(.channelNewInvalidSettleTimeout, "settle_timeout must be larger than 0") }
        if s.removed {
            // A reopen: the channel starts afresh; the old channel's tasks go (deviation one_channel).
            s = ChannelState(reopening: s)
        }
        s.canonicalIdentifier = i.canonicalIdentifier
        s.tokenAddress = i.tokenAddress
        s.revealTimeout = i.revealTimeout
        s.settleTimeout = i.settleTimeout
        s.partnerState = EndState(address: i.partnerAddress)
        s.openTransaction = TransactionStatus(finishedBlockNumber: i.blockNumber, result: .success)
    }

    static func deposit(_ s: inout ChannelState, _ i: Input.ContractReceiveChannelDeposit) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .depositUnknownChannel)
        guard let end = s.end(of: i.participant) else {
            throw Rejection(.depositNotAParticipant, "\(i.participant.hex) is not a participant")
        }
        s[keyPath: end].contractBalance = max(s[keyPath: end].contractBalance, i.contractBalance)
    }

    static func channelWithdraw(_ s: inout ChannelState, _ i: Input.ContractReceiveChannelWithdraw) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .channelWithdrawUnknownChannel)
        guard let end = s.end(of: i.participant) else {
            throw Rejection(.channelWithdrawNotAParticipant, "\(i.participant.hex) is not a participant")
        }
        s[keyPath: end].withdrawsPending.removeAll { $0.totalWithdraw == i.totalWithdraw }
        s[keyPath: end].onchainTotalWithdraw = i.totalWithdraw
    }

    static func closed(_ s: inout ChannelState, _ i: Input.ContractReceiveChannelClosed, _ out: inout [Output]) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .closedUnknownChannel)
        guard s.status == .opened || s.status == .waitingForClose else {
            throw Rejection(.closedNotPriorToClosed, "the channel is \(s.status.rawValue)")
        }
        if s.closeTransaction == nil {
            s.closeTransaction = TransactionStatus(finishedBlockNumber: i.blockNumber, result: .success)
        } else if s.closeTransaction?.finishedBlockNumber == nil {
            s.closeTransaction?.finishedBlockNumber = i.blockNumber
            s.closeTransaction?.result = .success
        }
        if i.transactionFrom != s.ourState.address, let bp = s.partnerState.balanceProof, s.updateTransaction == nil {
            s.updateTransaction = TransactionStatus(startedBlockNumber: i.blockNumber)
            // Saturating, like every other block sum here: a block number near 2^64 from a hostile
            // input must not wrap the deadline around to a small block.
            let (expiration, overflow) = i.blockNumber.addingReportingOverflow(s.settleTimeout)
            out.append(.contractSendChannelUpdateTransfer(.init(expiration: overflow ? .max : expiration, balanceProof: bp)))
        }
    }

    static func updateTransfer(_ s: inout ChannelState, _ i: Input.ContractReceiveUpdateTransfer) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .updateTransferUnknownChannel)
        s.updateTransaction = TransactionStatus(finishedBlockNumber: s.blockNumber, result: .success)
    }

    static func settled(_ s: inout ChannelState, _ i: Input.ContractReceiveChannelSettled, _ out: inout [Output]) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .settledUnknownChannel)
        // channel.set_settled: a finished settle transaction is left as it is.
        if s.settleTransaction == nil {
            s.settleTransaction = TransactionStatus(finishedBlockNumber: i.blockNumber, result: .success)
        } else if s.settleTransaction?.finishedBlockNumber == nil {
            s.settleTransaction?.finishedBlockNumber = i.blockNumber
            s.settleTransaction?.result = .success
        }
        let none = BalanceProofConstants.locksrootOfNoLocks
        if i.ourOnchainLocksroot == none && i.partnerOnchainLocksroot == none {
            s.removed = true
            return
        }
        s.ourState.onchainLocksroot = i.ourOnchainLocksroot
        s.partnerState.onchainLocksroot = i.partnerOnchainLocksroot
        out.append(.contractSendChannelBatchUnlock(.init(canonicalIdentifier: s.canonicalIdentifier, sender: s.partnerState.address)))
    }

    static func batchUnlock(_ s: inout ChannelState, _ i: Input.ContractReceiveChannelBatchUnlock) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .batchUnlockUnknownChannel)
        guard s.status == .settled else { throw Rejection(.batchUnlockNotSettled, "the channel is \(s.status.rawValue)") }
        let none = BalanceProofConstants.locksrootOfNoLocks
        if i.sender == s.ourState.address {
            s.ourState.onchainLocksroot = none
        } else if i.sender == s.partnerState.address {
            s.partnerState.onchainLocksroot = none
        }
        if s.ourState.onchainLocksroot == none && s.partnerState.onchainLocksroot == none { s.removed = true }
    }

    // MARK: Actions

    static func close(_ s: inout ChannelState, _ i: Input.ActionChannelClose, _ out: inout [Output]) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .actionCloseUnknownChannel)
        guard s.status == .opened || s.status == .waitingForClose else {
            throw Rejection(.actionCloseAlreadyClosed, "the channel is \(s.status.rawValue)")
        }
        s.closeTransaction = TransactionStatus(startedBlockNumber: s.blockNumber)
        out.append(.contractSendChannelClose(.init(canonicalIdentifier: s.canonicalIdentifier, balanceProof: s.partnerState.balanceProof)))
    }

    static func setRevealTimeout(_ s: inout ChannelState, _ i: Input.ActionChannelSetRevealTimeout) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .actionSetRevealTimeoutUnknownChannel)
        let reason = "Settle timeout should be at least twice as large as reveal timeout"
        guard i.revealTimeout >= ChannelConstants.minSetRevealTimeout else { throw Rejection(.actionSetRevealTimeoutBelowMinimum, reason) }
        guard s.settleTimeout / 2 >= i.revealTimeout else { throw Rejection(.actionSetRevealTimeoutSettleTimeoutTooShort, reason) }
        s.revealTimeout = i.revealTimeout
    }

    static func coopSettle(_ s: inout ChannelState, _ i: Input.ActionChannelCoopSettle) throws(Rejection) {
        try unknownChannel(s, i.canonicalIdentifier, .actionCoopSettleUnknownChannel)
        throw Rejection(.actionCoopSettleNotSupported, "NettingKit does not support cooperative settle yet")
    }
}
