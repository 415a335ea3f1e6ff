import NettingCodec
import NettingCrypto
import NettingMachine

/// The properties the checker checks after every step, by their names in spec/channel.yaml
/// `properties` (the checker refuses to run if one is missing there).
public enum PropertyName: String, CaseIterable, Sendable {
    /// Every invariant of spec/channel.yaml `invariants`, of each state and between two.
    case invariantsHold = "invariants_hold"
    /// The contract pays out exactly what was deposited: withdrawn + paid at settle + unlocked
    /// + what stays locked = the deposits, and never more while open.
    case conservation
    /// At settlement the honest party's on-chain payout is at least what its latest view
    /// entitles it to (settle and unlock on its own latest proof and the latest proof it holds
    /// of its partner, with the same secret registry).
    case honestPayoutAtLeastLatestView = "honest_payout_at_least_latest_view"
}

/// A violation the spec lists as a known property of the real protocol, not a bug of ours.
public enum KnownCase: String, CaseIterable, Sendable {
    /// raiden-contracts#188: an old balance proof of the honest party, submitted by its
    /// partner, still holds a lock the honest party has since paid off-chain; the partner
    /// registered its secret in time, so unlock pays it a second time.
    case oldProofPaysAnOffchainPaidLockAgain = "old_proof_pays_an_offchain_paid_lock_again"
    /// Raiden's quirk withdraw_ignores_locked: a withdraw may take the tokens that back the
    /// withdrawer's pending locks; unlocking one afterwards makes its balance negative.
    case withdrawTakesLockedTokens = "withdraw_takes_locked_tokens"
    /// The same quirk on the honest side: its own withdraw took tokens backing its pending
    /// locks, so its latest view counts those locks as coming back on top of the withdraw —
    /// more than the deposits hold; the partner closing with an older proof only gets what it
    /// was paid.
    case ownWithdrawTookLockedTokens = "own_withdraw_took_locked_tokens"

    /// The property the spec lists it under.
    public var property: PropertyName {
        switch self {
        case .oldProofPaysAnOffchainPaidLockAgain: .honestPayoutAtLeastLatestView
        case .withdrawTakesLockedTokens: .invariantsHold
        case .ownWithdrawTookLockedTokens: .honestPayoutAtLeastLatestView
        }
    }
}

/// One property failing in one state.
public struct PropertyViolation: Equatable, Sendable, CustomStringConvertible {
    public var property: PropertyName
    public var detail: String
    /// Set when the spec lists this violation as a known protocol property.
    public var known: KnownCase?
    /// The invariant, for `invariants_hold`.
    public var invariant: InvariantName?

    /// What distinguishes one kind of violation from another in the report.
    public var kind: String {
        property.rawValue + (invariant.map { "/" + $0.rawValue } ?? "") + (known.map { "/known:" + $0.rawValue } ?? "")
    }

    public var description: String { "\(kind): \(detail)" }
}

public enum Properties {
    /// The properties of `next`, reached from `previous` by one move.
    public static func check(_ previous: World, _ next: World) -> [PropertyViolation] {
        var v: [PropertyViolation] = []
        for i in Invariants.check(next.honest) + Invariants.checkStep(previous.honest, next.honest) {
            let known: KnownCase? = withdrawTookLockedTokens(next.honest, i) ? .withdrawTakesLockedTokens : nil
            v.append(PropertyViolation(property: .invariantsHold, detail: i.detail, known: known, invariant: i.invariant))
        }
        if let c = conservation(next.chain) { v.append(c) }
        // The honest view is the one just before settlement: settling may remove the channel.
        if next.chain.isSettled, !previous.chain.isSettled, let h = headline(next, view: previous.honest) { v.append(h) }
        return v
    }

    /// The quirk withdraw_ignores_locked: an end that has withdrawn has a negative balance
    /// (or locks beyond it) because an unlock moved its locked tokens after the withdraw took them.
    static func withdrawTookLockedTokens(_ s: ChannelState, _ v: Violation) -> Bool {
        switch v.invariant {
        case .balancesNonNegative, .distributableWithinBalance:
            for (end, other) in [(s.ourState, s.partnerState), (s.partnerState, s.ourState)]
            where !end.totalWithdraw.isZero && Amounts.balance(end, other) < SignedAmount(.zero) {
                return true
            }
            return false
        case .withdrawsPendingOrdered, .balancesSumToCapacity, .lockedMatchesBalanceProof, .locksrootMatchesPendingLocks,
            .lockMapsWithinPendingLocks, .pendingLocksLimit, .lockedWithinBalance, .lockedWithinTotalDeposit, .nettedOurWithinDeposit,
            .nettedPartnerWithinDeposit, .netTransferWithinDeposits, .depositsNeverDecrease, .transferredNeverDecreases,
            .transferredPlusOnchainNeverDecreases, .noncesNeverDecrease:
            return false
        }
    }

    static func conservation(_ chain: ChainModel) -> PropertyViolation? {
        let deposits = chain.deposit[0].saturatingAdding(chain.deposit[1])
        let paid = chain.total(0).saturatingAdding(chain.total(1))
        if chain.isSettled {
            let accounted = paid.saturatingAdding(chain.stranded)
            guard accounted != deposits else { return nil }
            return PropertyViolation(
                property: .conservation, detail: "the contract paid \(paid) and keeps \(chain.stranded) of deposits \(deposits)")
        }
        guard paid > deposits else { return nil }
        return PropertyViolation(property: .conservation, detail: "the contract paid \(paid) of deposits \(deposits) before settlement")
    }

    /// What the honest party's latest view entitles it to: withdrawn, plus settle and both
    /// unlocks on its own latest proof and its partner's latest, with the registry as it is.
    public static func entitlement(_ w: World, view: ChannelState) -> UInt256? {
        let our = view.ourState, partner = view.partnerState
        func side(_ end: EndState, _ i: Int) -> SettlementSide {
            SettlementSide(
                address: end.address, deposit: w.chain.deposit[i], withdrawn: w.chain.withdrawn[i],
                transferred: end.balanceProof?.transferredAmount ?? .zero, locked: end.balanceProof?.lockedAmount ?? .zero,
                locksroot: end.balanceProof?.locksroot ?? Settlement.locksroot([]))
        }
        let registry = w.chain.registry
        guard let payout = try? Settlement.payout(
            side(our, 0), locks: our.pendingLocks, side(partner, 1), locks: partner.pendingLocks,
            revealBlock: { h in registry.first { $0.secrethash == h }?.block })
        else { return nil }
        return w.chain.withdrawn[0].saturatingAdding(payout.first)
    }

    static func headline(_ w: World, view: ChannelState) -> PropertyViolation? {
        guard let entitled = entitlement(w, view: view) else {
            return PropertyViolation(property: .honestPayoutAtLeastLatestView, detail: "the honest party's latest view does not settle")
        }
        let got = w.chain.total(0)
        guard got < entitled else { return nil }
        var v = PropertyViolation(
            property: .honestPayoutAtLeastLatestView,
            detail: "alice got \(got) on chain (withdrawn \(w.chain.withdrawn[0]), settle \(w.chain.paidAtSettle[0]), unlocked \(w.chain.unlocked[0])); her latest view entitles her to \(entitled)")
        if isKnown188(w, view: view) {
            v.known = .oldProofPaysAnOffchainPaidLockAgain
        } else if !view.ourState.totalWithdraw.isZero, SignedAmount(view.ourState.amountLocked) > Amounts.balance(view.ourState, view.partnerState) {
            v.known = .ownWithdrawTookLockedTokens
        }
        return v
    }

    /// raiden-contracts#188: the honest proof on chain is older than its latest, and holds a
    /// lock that is no longer pending (paid off-chain since) whose secret was registered in time.
    static func isKnown188(_ w: World, view: ChannelState) -> Bool {
        guard let onchain = w.chain.proof[0], let latest = view.ourState.balanceProof, onchain.nonce < latest.nonce else { return false }
        return onchain.locks.contains { lock in
            !view.ourState.pendingLocks.contains(lock)
                && Settlement.pays(lock, revealBlock: w.chain.revealBlock(lock.secrethash))
                && latest.transferredAmount > onchain.transferred
        }
    }
}
