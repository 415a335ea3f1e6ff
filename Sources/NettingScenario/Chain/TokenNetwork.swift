import NettingCodec
import NettingCrypto
import NettingMachine

/// The on-chain side of one channel, as the raiden-contracts 0.40.2 TokenNetwork and
/// SecretRegistry keep it, for running scenarios offline. Each call checks what the contract
/// checks (in its order, with its revert reason) and returns the log it would emit. Pure.
public struct TokenNetwork: Equatable, Sendable {
    public struct Participant: Equatable, Sendable {
        public var address: Address
        public var deposit: UInt256 = .zero
        public var withdrawn: UInt256 = .zero
        public var isTheCloser = false
        public var balanceHash: Hash32 = .zero
        public var nonce: UInt64 = 0
    }

    public enum Phase: Equatable, Sendable {
        case opened
        /// Closed; settle is allowed once the block number exceeds `settleBlock`.
        case closed(settleBlock: UInt64)
        /// Settled: the channel's storage is gone, unlock data may remain.
        case settled
    }

    /// What settle kept for one direction's unlock (sender's locks, paid to receiver).
    public struct UnlockData: Equatable, Sendable {
        public var sender: Address
        public var receiver: Address
        public var locksroot: Hash32
        public var lockedAmount: UInt256
    }

    public let chainId: UInt256
    public let address: Address
    public let channelIdentifier: UInt256
    public let settleTimeout: UInt64
    public internal(set) var participants: [Participant]
    public internal(set) var phase = Phase.opened
    public internal(set) var secretRevealBlock: [Hash32: UInt64] = [:]
    public internal(set) var unlockData: [UnlockData] = []
    /// Tokens the contract has transferred to each address, by the call that transferred them.
    public internal(set) var payouts: [Address: Payout] = [:]

    /// What the contract has transferred to one address, call by call. settleChannel's share is
    /// what its ChannelSettled log reports for that participant: withdraws are not in it.
    public struct Payout: Equatable, Sendable {
        /// setTotalWithdraw, while the channel was open.
        public var withdrawn: UInt256 = .zero
        /// settleChannel: deposit − withdrawn − transferred out + transferred in, less what
        /// stays locked (the ChannelSettled log's participant amount).
        public var paidAtSettle: UInt256 = .zero
        /// unlock: locks unlocked to this party as receiver, and locks returned to it as sender.
        public var unlocked: UInt256 = .zero
        public init(withdrawn: UInt256 = .zero, paidAtSettle: UInt256 = .zero, unlocked: UInt256 = .zero) {
            (self.withdrawn, self.paidAtSettle, self.unlocked) = (withdrawn, paidAtSettle, unlocked)
        }
        /// withdrawn + paid at settle + unlocked. Never more than both deposits, so it cannot
        /// saturate.
        public var total: UInt256 { withdrawn.saturatingAdding(paidAtSettle).saturatingAdding(unlocked) }
    }

    /// What the contract has transferred to `a` so far (zero figures if nothing).
    public func payout(_ a: Address) -> Payout { payouts[a] ?? Payout() }

    public init(chainId: UInt256, address: Address, channelIdentifier: UInt256, settleTimeout: UInt64, participants: (Address, Address)) {
        self.chainId = chainId
        self.address = address
        self.channelIdentifier = channelIdentifier
        self.settleTimeout = settleTimeout
        self.participants = [Participant(address: participants.0), Participant(address: participants.1)]
    }

    public var canonicalIdentifier: CanonicalIdentifier {
        CanonicalIdentifier(chainIdentifier: chainId, tokenNetworkAddress: address, channelIdentifier: channelIdentifier)
    }

    func index(_ a: Address) throws(ChainRevert) -> Int {
        guard let i = participants.firstIndex(where: { $0.address == a }) else { throw ChainRevert(.notAParticipant) }
        return i
    }

    public func participant(_ a: Address) -> Participant? { participants.first { $0.address == a } }

    // MARK: Deposit and withdraw

    public mutating func setTotalDeposit(_ participant: Address, total: UInt256) throws(ChainRevert) {
        guard phase == .opened else { throw ChainRevert(.channelNotOpen) }
        let i = try index(participant)
        guard !total.isZero else { throw ChainRevert(.depositZero) }
        guard total > participants[i].deposit else { throw ChainRevert(.depositNotAdded) }
        participants[i].deposit = total
    }

    /// setTotalWithdraw: both signatures over the 200-byte withdraw message, expiration not passed.
    public mutating func setTotalWithdraw(
        _ participant: Address, total: UInt256, expiration: UInt256, block: UInt64,
        participantSignature: Signature, partnerSignature: Signature
    ) throws(ChainRevert) {
        guard phase == .opened else { throw ChainRevert(.channelNotOpen) }
        guard !total.isZero else { throw ChainRevert(.withdrawZero) }
        guard UInt256(block) < expiration else { throw ChainRevert(.withdrawExpired) }
        let data = WithdrawConfirmation(
            messageIdentifier: 0, chainId: chainId, tokenNetworkAddress: address, channelIdentifier: channelIdentifier,
            participant: participant, totalWithdraw: total, nonce: 1, expiration: expiration
        ).signedBytes()
        guard (try? Secp256k1.recoverEIP191(data, signature: participantSignature)) == participant else {
            throw ChainRevert(.withdrawBadParticipantSignature)
        }
        let i = try index(participant)
        let partner = participants[1 - i]
        guard (try? Secp256k1.recoverEIP191(data, signature: partnerSignature)) == partner.address else {
            throw ChainRevert(.withdrawBadPartnerSignature)
        }
        let deposits = participants[0].deposit.saturatingAdding(participants[1].deposit)
        guard total.saturatingAdding(partner.withdrawn) <= deposits else { throw ChainRevert(.withdrawExceedsDeposit) }
        guard total > participants[i].withdrawn else { throw ChainRevert(.withdrawNotIncreased) }
        let amount = total.saturatingSubtracting(participants[i].withdrawn)
        participants[i].withdrawn = total
        pay(participant, amount, \.withdrawn)
    }

    // MARK: Close, update, settle

    /// closeChannel: the closer submits the partner's balance proof (or none) and counter-signs
    /// it (277 bytes, message type 1).
    public mutating func closeChannel(
        closer: Address, partnerBalanceProof: BalanceProof?, closingSignature: Signature, block: UInt64
    ) throws(ChainRevert) {
        guard phase == .opened else { throw ChainRevert(.channelNotOpen) }
        let ci = try index(closer)
        let nonCloser = participants[1 - ci].address
        let proof = partnerBalanceProof ?? emptyProof
        guard (try? Secp256k1.recoverEIP191(proof.balanceProofCloseData(), signature: closingSignature)) == closer else {
            throw ChainRevert(.closeBadClosingSignature)
        }
        if proof.nonce > 0 {
            try checkProof(proof, signedBy: nonCloser, reason: .closeBadNonClosingSignature)
            participants[1 - ci].balanceHash = proof.balanceHash
            participants[1 - ci].nonce = proof.nonce
        }
        // Solidity 0.8's checked addition: past 2^64 − 1 (a uint64 block) the call panics.
        let (settleBlock, overflow) = block.addingReportingOverflow(settleTimeout)
        guard !overflow else { throw ChainRevert(.blockOverflow) }
        participants[ci].isTheCloser = true
        phase = .closed(settleBlock: settleBlock)
    }

    /// updateNonClosingBalanceProof: the non-closer submits the closer's balance proof and
    /// counter-signs it (277 bytes, message type 2). No deadline in 0.40.2 while closed.
    public mutating func updateNonClosingBalanceProof(
        nonCloser: Address, closerBalanceProof proof: BalanceProof, nonClosingSignature: Signature
    ) throws(ChainRevert) {
        let ni = try index(nonCloser)
        let closer = participants[1 - ni]
        guard proof.balanceHash != .zero else { throw ChainRevert(.updateBalanceHashZero) }
        guard proof.nonce > 0 else { throw ChainRevert(.updateNonceZero) }
        guard case .closed = phase else { throw ChainRevert(.updateChannelNotClosed) }
        guard (try? Secp256k1.recoverEIP191(proof.balanceProofUpdateData(), signature: nonClosingSignature)) == nonCloser else {
            throw ChainRevert(.updateBadNonClosingSignature)
        }
        try checkProof(proof, signedBy: closer.address, reason: .updateBadClosingSignature)
        guard closer.isTheCloser else { throw ChainRevert(.updateSignatureOrder) }
        guard proof.nonce > closer.nonce else { throw ChainRevert(.nonceReused) }
        participants[1 - ni].balanceHash = proof.balanceHash
        participants[1 - ni].nonce = proof.nonce
    }

    /// The values each side's stored balance hash stands for, as settle takes them.
    public struct BalanceData: Equatable, Sendable {
        public var transferred: UInt256
        public var locked: UInt256
        public var locksroot: Hash32
        public init(transferred: UInt256, locked: UInt256, locksroot: Hash32) {
            (self.transferred, self.locked, self.locksroot) = (transferred, locked, locksroot)
        }
        public static let empty = BalanceData(transferred: .zero, locked: .zero, locksroot: Lock.locksroot([]))
    }

    /// The ChannelSettled log of settleChannel (raiden-contracts 0.40.2), in the order the
    /// participants were passed: each side's amount is what settle itself transferred to it
    /// (withdraws are not in it), with the locksroot it submitted.
    public struct ChannelSettled: Equatable, Sendable {
        public struct Side: Equatable, Sendable {
            public var address: Address
            public var amount: UInt256
            public var locksroot: Hash32
            public init(address: Address, amount: UInt256, locksroot: Hash32) {
                (self.address, self.amount, self.locksroot) = (address, amount, locksroot)
            }
        }
        public var participant1: Side
        public var participant2: Side
        /// Not in the log: tokens settle kept in the contract for unlock, both directions.
        public var lockedRetained: UInt256

        /// The side of `address`, as Raiden's listener picks "our" and "partner" amounts
        /// (raiden/blockchain/state.py, get_contractreceivechannelsettled_data_from_event).
        public func side(of address: Address) -> Side? {
            participant1.address == address ? participant1 : participant2.address == address ? participant2 : nil
        }
    }

    /// settleChannel, with the client's participant order; returns the ChannelSettled log.
    public mutating func settleChannel(
        _ data: [Address: BalanceData], block: UInt64
    ) throws(ChainRevert) -> ChannelSettled {
        guard case .closed(let settleBlock) = phase else { throw ChainRevert(.settleChannelNotClosed) }
        guard settleBlock < block else { throw ChainRevert(.settleTooEarly) }
        var sides: [SettlementSide] = []
        for (n, p) in participants.enumerated() {
            let d = data[p.address] ?? .empty
            guard Settlement.verifyBalanceData(storedBalanceHash: p.balanceHash, transferred: d.transferred, locked: d.locked, locksroot: d.locksroot) else {
                throw ChainRevert(.settleInvalidData, revert: "TN/settle: invalid data for participant \(n + 1)")
            }
            sides.append(SettlementSide(address: p.address, deposit: p.deposit, withdrawn: p.withdrawn, transferred: d.transferred, locked: d.locked, locksroot: d.locksroot))
        }
        let (p1, p2) = Settlement.order(sides[0], sides[1])
        let amounts: SettlementAmounts
        do { amounts = try Settlement.settle(participant1: p1, participant2: p2) } catch { throw ChainRevert(error) }
        if !amounts.participant1LockedRetained.isZero {
            unlockData.append(UnlockData(sender: p1.address, receiver: p2.address, locksroot: p1.locksroot, lockedAmount: amounts.participant1LockedRetained))
        }
        if !amounts.participant2LockedRetained.isZero {
            unlockData.append(UnlockData(sender: p2.address, receiver: p1.address, locksroot: p2.locksroot, lockedAmount: amounts.participant2LockedRetained))
        }
        pay(p1.address, amounts.participant1Transfer, \.paidAtSettle)
        pay(p2.address, amounts.participant2Transfer, \.paidAtSettle)
        phase = .settled
        return ChannelSettled(
            participant1: .init(address: p1.address, amount: amounts.participant1Transfer, locksroot: p1.locksroot),
            participant2: .init(address: p2.address, amount: amounts.participant2Transfer, locksroot: p2.locksroot),
            lockedRetained: amounts.participant1LockedRetained.saturatingAdding(amounts.participant2LockedRetained))
    }

    /// unlock: pays the receiver the sender's locks whose secrets were registered in time.
    public mutating func unlock(receiver: Address, sender: Address, locks: [Lock]) throws(ChainRevert) -> UnlockAmounts {
        guard phase == .settled else { throw ChainRevert(.unlockChannelNotSettled) }
        guard let k = unlockData.firstIndex(where: { $0.sender == sender && $0.receiver == receiver }) else {
            throw ChainRevert(SettlementError.locksrootMismatch)
        }
        let d = unlockData[k]
        let result: UnlockAmounts
        do {
            result = try Settlement.unlock(lockedAmount: d.lockedAmount, locksroot: d.locksroot, locks: locks) { secretRevealBlock[$0] }
        } catch { throw ChainRevert(error) }
        unlockData.remove(at: k)
        pay(receiver, result.unlocked, \.unlocked)
        pay(sender, result.returned, \.unlocked)
        return result
    }

    /// SecretRegistry.registerSecret: records the block once; false if already registered.
    @discardableResult
    public mutating func registerSecret(_ secret: Hash32, block: UInt64) -> Bool {
        let hash = SecretHash.of(secret)
        guard secretRevealBlock[hash] == nil else { return false }
        secretRevealBlock[hash] = block
        return true
    }

    // MARK: Helpers

    var emptyProof: BalanceProof {
        BalanceProof(
            chainId: chainId, tokenNetworkAddress: address, channelIdentifier: channelIdentifier, nonce: 0,
            balanceHash: .zero, additionalHash: .zero, signature: .empty)
    }

    func checkProof(_ proof: BalanceProof, signedBy signer: Address, reason: ChainRevertCode) throws(ChainRevert) {
        guard proof.chainId == chainId, proof.tokenNetworkAddress == address, proof.channelIdentifier == channelIdentifier,
            (try? Secp256k1.recoverEIP191(proof.balanceProofData(), signature: proof.signature)) == signer
        else { throw ChainRevert(reason) }
    }

    mutating func pay(_ to: Address, _ amount: UInt256, _ call: WritableKeyPath<Payout, UInt256>) {
        guard !amount.isZero else { return }
        payouts[to, default: Payout()][keyPath: call] = payouts[to, default: Payout()][keyPath: call].saturatingAdding(amount)
    }
}

/// A contract call that reverts: a stable code (spec/errors.yaml `reverts`, or spec/vectors.yaml
/// `reverts` for settle's and unlock's arithmetic) and the contract's own reason string.
public struct ChainRevert: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    /// The contract's reason string, or `Panic(0x11)` for Solidity 0.8's checked arithmetic.
    public let reason: String
    /// What the reason string means, when it does not say (a panic).
    public let explanation: String?
    public init(_ code: ChainRevertCode, revert: String? = nil) { (self.code, self.reason, self.explanation) = (code.rawValue, revert ?? code.revert, nil) }
    public init(_ error: SettlementError) { (self.code, self.reason, self.explanation) = (error.code, error.contractRevert, error.reason) }
    public var description: String { "the contract reverts with \"\(reason)\"" + (explanation.map { " (\($0))" } ?? "") }
}
