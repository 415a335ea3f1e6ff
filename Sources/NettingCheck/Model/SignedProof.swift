import NettingCodec
import NettingCrypto
import NettingMachine

/// A balance proof as its signer signed it — the values the signature token binds — with the
/// locks whose hash is its locksroot as the signer knew them (what an unlock needs).
public struct SignedProof: Equatable, Hashable, Sendable {
    public var nonce: UInt64
    public var transferred: UInt256
    public var locked: UInt256
    public var locksroot: Hash32
    public var locks: [Lock]

    public init(nonce: UInt64, transferred: UInt256, locked: UInt256, locksroot: Hash32, locks: [Lock]) {
        (self.nonce, self.transferred, self.locked, self.locksroot, self.locks) = (nonce, transferred, locked, locksroot, locks)
    }
}

/// The on-chain side of the channel for the checker: deposits, withdraws, the proofs submitted
/// at close and update, the secret registry and what the contract paid. The arithmetic is
/// NettingMachine's `Settlement` (TokenNetwork 0.40.2); the signature checks are the
/// abstraction's (a proof reaches the chain only if its signer signed it). Index 0 is the
/// honest party, 1 the adversary.
public struct ChainModel: Equatable, Sendable {
    public enum Phase: Equatable, Sendable {
        case opened
        case closed(settleBlock: UInt64, closer: Int)
        case settled
    }

    public var deposit: [UInt256]
    public var withdrawn: [UInt256] = [.zero, .zero]
    /// The balance proof of side i (signed by i) on chain, nil when none was submitted.
    public var proof: [SignedProof?] = [nil, nil]
    public var phase = Phase.opened
    /// secrethash → block of registration, in registration order.
    public var registry: [(secrethash: Hash32, block: UInt64)] = []
    /// What settle and the unlocks paid each side.
    public var paidAtSettle: [UInt256] = [.zero, .zero]
    public var unlocked: [UInt256] = [.zero, .zero]
    /// Retained by settle but never unlocked (the unlock reverted): it stays in the contract.
    public var stranded: UInt256 = .zero

    public static func == (a: ChainModel, b: ChainModel) -> Bool {
        a.deposit == b.deposit && a.withdrawn == b.withdrawn && a.proof == b.proof && a.phase == b.phase
            && a.registry.elementsEqual(b.registry) { $0.secrethash == $1.secrethash && $0.block == $1.block }
            && a.paidAtSettle == b.paidAtSettle && a.unlocked == b.unlocked && a.stranded == b.stranded
    }

    public init(deposits: [UInt256]) { deposit = deposits }

    public func revealBlock(_ secrethash: Hash32) -> UInt64? { registry.first { $0.secrethash == secrethash }?.block }

    /// Everything the contract has paid side i: withdrawn + paid at settle + unlocked.
    public func total(_ i: Int) -> UInt256 {
        withdrawn[i].saturatingAdding(paidAtSettle[i]).saturatingAdding(unlocked[i])
    }

    public var isOpen: Bool { phase == .opened }
    public var isSettled: Bool { phase == .settled }

    /// SecretRegistry.registerSecret: records the block once; false if already registered.
    mutating func register(_ secrethash: Hash32, block: UInt64) -> Bool {
        guard revealBlock(secrethash) == nil else { return false }
        registry.append((secrethash, block))
        return true
    }

    /// closeChannel by `closer` with the partner's proof (or none).
    mutating func close(closer: Int, partnerProof: SignedProof?, block: UInt64, settleTimeout: UInt64) -> Bool {
        guard isOpen else { return false }
        proof[1 - closer] = partnerProof
        phase = .closed(settleBlock: block + settleTimeout, closer: closer)
        return true
    }

    /// updateNonClosingBalanceProof by the non-closer with the closer's proof of a higher nonce.
    mutating func update(nonCloser: Int, closerProof: SignedProof) -> Bool {
        guard case .closed(_, let closer) = phase, closer == 1 - nonCloser, closerProof.nonce > 0,
            closerProof.nonce > (proof[closer]?.nonce ?? 0)
        else { return false }
        proof[closer] = closerProof
        return true
    }

    /// setTotalWithdraw, both signatures given (the abstraction's: the caller holds them).
    mutating func withdraw(_ i: Int, total: UInt256, expiration: UInt256, block: UInt64) -> Bool {
        guard isOpen, !total.isZero, UInt256(block) < expiration else { return false }
        let deposits = deposit[0].saturatingAdding(deposit[1])
        guard total.saturatingAdding(withdrawn[1 - i]) <= deposits, total > withdrawn[i] else { return false }
        withdrawn[i] = total
        return true
    }

    func side(_ i: Int, _ address: Address) -> SettlementSide {
        let p = proof[i]
        return SettlementSide(
            address: address, deposit: deposit[i], withdrawn: withdrawn[i], transferred: p?.transferred ?? .zero,
            locked: p?.locked ?? .zero, locksroot: p?.locksroot ?? Settlement.locksroot([]))
    }

    /// What settleChannel did, for the parties' ContractReceiveChannelSettled and BatchUnlock.
    public struct SettleLog: Equatable, Sendable {
        /// Per side: what settle transferred, the locksroot it submitted.
        public var amount: [UInt256]
        public var locksroot: [Hash32]
        /// Per sender side: the unlock of its locks (unlocked to the other, returned), if settle retained any.
        public var unlocks: [UnlockAmounts?]
    }

    /// settleChannel once the window has passed, then both unlocks at once with the locks each
    /// proof's signer holds. `swapped` is the planted bug that pays each side the other's amount.
    mutating func settle(block: UInt64, addresses: [Address], swapped: Bool) -> SettleLog? {
        guard case .closed(let settleBlock, _) = phase, settleBlock < block else { return nil }
        let sides = [side(0, addresses[0]), side(1, addresses[1])]
        let honestFirst = Settlement.order(sides[0], sides[1]).participant1.address == addresses[0]
        let (p1, p2) = honestFirst ? (sides[0], sides[1]) : (sides[1], sides[0])
        guard let amounts = try? Settlement.settle(participant1: p1, participant2: p2) else { return nil }
        var transfer = honestFirst
            ? [amounts.participant1Transfer, amounts.participant2Transfer] : [amounts.participant2Transfer, amounts.participant1Transfer]
        let retained = honestFirst
            ? [amounts.participant1LockedRetained, amounts.participant2LockedRetained]
            : [amounts.participant2LockedRetained, amounts.participant1LockedRetained]
        if swapped { transfer.swapAt(0, 1) }
        paidAtSettle = transfer
        phase = .settled
        var unlocks: [UnlockAmounts?] = [nil, nil]
        for sender in 0..<2 where !retained[sender].isZero {
            let locks = proof[sender]?.locks ?? []
            let root = proof[sender]?.locksroot ?? Settlement.locksroot([])
            let registry = self.registry
            if let u = try? Settlement.unlock(lockedAmount: retained[sender], locksroot: root, locks: locks, revealBlock: { h in
                registry.first { $0.secrethash == h }?.block
            }) {
                unlocked[1 - sender] = unlocked[1 - sender].saturatingAdding(u.unlocked)
                unlocked[sender] = unlocked[sender].saturatingAdding(u.returned)
                unlocks[sender] = u
            } else {
                stranded = stranded.saturatingAdding(retained[sender])
            }
        }
        return SettleLog(amount: transfer, locksroot: [sides[0].locksroot, sides[1].locksroot], unlocks: unlocks)
    }
}
