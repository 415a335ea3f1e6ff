import NettingCodec
import NettingCrypto

/// A broken invariant of spec/channel.yaml: which one and what was seen.
public struct Violation: Equatable, Sendable, CustomStringConvertible {
    public let invariant: InvariantName
    public let detail: String

    public var description: String { "\(invariant.rawValue): \(detail)" }
}

/// Raiden's channel.sanity_check and the fuzz test's invariants (spec/channel.yaml `invariants`).
public enum Invariants {
    /// The invariants of one state. Empty before the channel exists and after it is removed.
    public static func check(_ s: ChannelState) -> [Violation] {
        guard s.exists else { return [] }
        var v: [Violation] = []
        func fail(_ name: InvariantName, _ detail: String) { v.append(Violation(invariant: name, detail: detail)) }
        let our = s.ourState, partner = s.partnerState

        let totals = our.withdrawsPending.map(\.totalWithdraw)
        if zip(totals, totals.dropFirst()).contains(where: { $0 >= $1 }) {
            fail(.withdrawsPendingOrdered, "our pending withdraw totals \(totals) do not strictly increase")
        }
        let balOur = Amounts.balance(our, partner), balPartner = Amounts.balance(partner, our)
        if balOur.negative || balPartner.negative {
            fail(.balancesNonNegative, "balances \(balOur.description), \(balPartner.description)")
        }
        let capacity = Amounts.capacity(our, partner)
        if balOur + balPartner != capacity {
            fail(.balancesSumToCapacity, "\(balOur.description) + \(balPartner.description) ≠ \(capacity.description)")
        }
        for (name, end, other) in [("our", our, partner), ("partner", partner, our)] {
            let locked = end.amountLocked
            let proofLocked = end.balanceProof == nil ? UInt256.zero : end.balanceProof!.lockedAmount
            if locked != proofLocked { fail(.lockedMatchesBalanceProof, "\(name): locks sum to \(locked), balance proof says \(proofLocked)") }
            let balance = Amounts.balance(end, other)
            if Amounts.distributable(end, other) + SignedAmount(locked) > balance {
                fail(.distributableWithinBalance, "\(name): distributable + locked exceeds balance \(balance.description)")
            }
            let root = end.balanceProof?.locksroot ?? BalanceProofConstants.locksrootOfNoLocks
            if Amounts.locksroot(end.pendingLocks) != root { fail(.locksrootMatchesPendingLocks, "\(name): pending locks do not hash to \(root.hex)") }
            let mapped = end.secrethashesToLockedlocks + end.secrethashesToUnlockedlocks.map(\.lock) + end.secrethashesToOnchainUnlockedlocks.map(\.lock)
            let pending = Set(end.pendingLocks)  // a hostile state file holds tens of thousands
            if mapped.contains(where: { !pending.contains($0) }) { fail(.lockMapsWithinPendingLocks, "\(name): a mapped lock is not pending") }
            if end.pendingLocks.count > ChannelConstants.maximumPendingTransfers { fail(.pendingLocksLimit, "\(name): \(end.pendingLocks.count) pending locks") }
            if SignedAmount(locked) > balance + SignedAmount(end.totalWithdraw) {
                fail(.lockedWithinBalance, "\(name): locked \(locked) exceeds balance \(balance.description) + withdrawn \(end.totalWithdraw)")
            }
        }
        let dOur = SignedAmount(our.contractBalance), dPartner = SignedAmount(partner.contractBalance)
        let total = dOur + dPartner
        let lOur = SignedAmount(our.amountLocked), lPartner = SignedAmount(partner.amountLocked)
        if lOur > total || lPartner > total { fail(.lockedWithinTotalDeposit, "locked \(lOur.description) / \(lPartner.description) exceeds \(total.description)") }
        let ot = SignedAmount(partner.transferredAmount) - SignedAmount(our.transferredAmount)
        let zero = SignedAmount(.zero)
        let nettedOur = dOur + ot - lOur
        if nettedOur < zero || nettedOur > total { fail(.nettedOurWithinDeposit, "D_our + ot − locked_our = \(nettedOur.description)") }
        let nettedPartner = dPartner - ot - lPartner
        if nettedPartner < zero || nettedPartner > total { fail(.nettedPartnerWithinDeposit, "D_partner − ot − locked_partner = \(nettedPartner.description)") }
        let nt = ot + lPartner - lOur
        if nt < -dOur || nt > dPartner { fail(.netTransferWithinDeposits, "nt = \(nt.description)") }
        return v
    }

    /// The monotonic invariants between two consecutive states of the same channel.
    public static func checkStep(_ previous: ChannelState, _ next: ChannelState) -> [Violation] {
        guard previous.exists, next.exists else { return [] }
        var v: [Violation] = []
        for (name, a, b) in [("our", previous.ourState, next.ourState), ("partner", previous.partnerState, next.partnerState)] {
            if b.contractBalance < a.contractBalance {
                v.append(Violation(invariant: .depositsNeverDecrease, detail: "\(name): \(a.contractBalance) → \(b.contractBalance)"))
            }
            if b.transferredAmount < a.transferredAmount {
                v.append(Violation(invariant: .transferredNeverDecreases, detail: "\(name): \(a.transferredAmount) → \(b.transferredAmount)"))
            }
            let before = SignedAmount(a.transferredAmount) + SignedAmount(a.unclaimedOnchain)
            let after = SignedAmount(b.transferredAmount) + SignedAmount(b.unclaimedOnchain)
            if after < before {
                v.append(Violation(invariant: .transferredPlusOnchainNeverDecreases, detail: "\(name): \(before.description) → \(after.description)"))
            }
            if b.nonce < a.nonce { v.append(Violation(invariant: .noncesNeverDecrease, detail: "\(name): \(a.nonce) → \(b.nonce)")) }
        }
        return v
    }
}
