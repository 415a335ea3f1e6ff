import NettingCodec
import NettingCrypto

/// One participant at settlement: its on-chain record (deposit, withdrawn) and the values of
/// its balance proof submitted to settle (transferred, locked, locksroot; all zero when none).
public struct SettlementSide: Equatable, Sendable {
    public var address: Address
    public var deposit: UInt256
    public var withdrawn: UInt256
    public var transferred: UInt256
    public var locked: UInt256
    public var locksroot: Hash32

    public init(
        address: Address, deposit: UInt256, withdrawn: UInt256 = .zero,
        transferred: UInt256 = .zero, locked: UInt256 = .zero,
        locksroot: Hash32 = Settlement.locksroot([])
    ) {
        self.address = address
        self.deposit = deposit
        self.withdrawn = withdrawn
        self.transferred = transferred
        self.locked = locked
        self.locksroot = locksroot
    }
}

/// What settle pays out and what it keeps for the two unlocks.
public struct SettlementAmounts: Equatable, Sendable {
    /// S1: paid to participant1 by settle.
    public var participant1Transfer: UInt256
    /// S2: paid to participant2 by settle.
    public var participant2Transfer: UInt256
    /// SL1: kept for unlocking participant1's locks (sender participant1, receiver participant2).
    public var participant1LockedRetained: UInt256
    /// SL2: kept for unlocking participant2's locks (sender participant2, receiver participant1).
    public var participant2LockedRetained: UInt256
    /// TAD = D1 + D2 − W1 − W2 = S1 + S2 + SL1 + SL2.
    public var totalAvailableDeposit: UInt256

    public init(
        participant1Transfer: UInt256, participant2Transfer: UInt256,
        participant1LockedRetained: UInt256, participant2LockedRetained: UInt256,
        totalAvailableDeposit: UInt256
    ) {
        self.participant1Transfer = participant1Transfer
        self.participant2Transfer = participant2Transfer
        self.participant1LockedRetained = participant1LockedRetained
        self.participant2LockedRetained = participant2LockedRetained
        self.totalAvailableDeposit = totalAvailableDeposit
    }
}

/// Channel settlement as the TokenNetwork of raiden-contracts 0.40.2 computes it: pure
/// functions of the on-chain records, the submitted balance-proof values and the secret
/// registry. Checks outside the arithmetic (channel id, state, settle window) are the caller's.
public enum Settlement {
    /// The client's order for settle (raiden 3.0.1 `TokenNetwork.settle`): the side whose
    /// transferred + locked is larger goes second; on a tie `a` goes first. The sums are
    /// compared exactly, as the client's Python integers do, so the order never makes the
    /// contract revert with "TN: transfers not ordered".
    public static func order(
        _ a: SettlementSide, _ b: SettlementSide
    ) -> (participant1: SettlementSide, participant2: SettlementSide) {
        swapsOrder(a, b) ? (b, a) : (a, b)
    }

    /// Whether the client passes `b` as participant1 and `a` as participant2.
    static func swapsOrder(_ a: SettlementSide, _ b: SettlementSide) -> Bool {
        exactSum(a.transferred, a.locked) > exactSum(b.transferred, b.locked)
    }

    /// TokenNetwork `getSettleTransferAmounts` with `getMaxPossibleReceivableAmount`, in the
    /// contract's order of operations. Run `verifyBalanceData` on both sides first: the
    /// contract checks it before this arithmetic.
    public static func settle(
        participant1 p1: SettlementSide, participant2 p2: SettlementSide
    ) throws(SettlementError) -> SettlementAmounts {
        let tad = try totalAvailableDeposit(p1, p2)
        let max1 = p1.transferred.saturatingAdding(p1.locked)
        let max2 = p2.transferred.saturatingAdding(p2.locked)
        guard max2 >= max1 else { throw .transfersNotOrdered }
        // Cannot underflow after the ordering check.
        let netReceived = max2.saturatingSubtracting(max1)
        let receivable1 = failsafeSubtract(netReceived.saturatingAdding(p1.deposit), p1.withdrawn).difference
        let bounded1 = min(receivable1, tad)
        let bounded2 = tad.saturatingSubtracting(bounded1)  // bounded1 ≤ tad
        let (s1, retained2) = failsafeSubtract(bounded1, p2.locked)
        let (s2, retained1) = failsafeSubtract(bounded2, p1.locked)
        // The contract asserts S1 + S2 + SL1 + SL2 == TAD; it holds by construction.
        precondition(
            s1.addingReportingOverflow(retained2).partialValue == bounded1
                && s2.addingReportingOverflow(retained1).partialValue == bounded2,
            "settlement amounts must add up to the total available deposit")
        return SettlementAmounts(
            participant1Transfer: s1, participant2Transfer: s2,
            participant1LockedRetained: retained1, participant2LockedRetained: retained2,
            totalAvailableDeposit: tad)
    }

    /// D1 + D2 − W1 − W2 with Solidity's checked arithmetic, left to right.
    static func totalAvailableDeposit(
        _ p1: SettlementSide, _ p2: SettlementSide
    ) throws(SettlementError) -> UInt256 {
        let deposits = p1.deposit.addingReportingOverflow(p2.deposit)
        guard !deposits.overflow else { throw .depositOverflow }
        let afterW1 = deposits.partialValue.subtractingReportingOverflow(p1.withdrawn)
        let afterW2 = afterW1.partialValue.subtractingReportingOverflow(p2.withdrawn)
        guard !afterW1.overflow, !afterW2.overflow else { throw .withdrawUnderflow }
        return afterW2.partialValue
    }

    /// TokenNetwork `failsafe_subtract`: (a − b, b) when a > b, else (0, a) — the difference
    /// floored at zero, and how much of `b` was actually subtracted.
    static func failsafeSubtract(
        _ a: UInt256, _ b: UInt256
    ) -> (difference: UInt256, subtracted: UInt256) {
        a > b ? (a.saturatingSubtracting(b), b) : (.zero, a)
    }

    /// a + b as a 257-bit value (carry, low 256 bits), ordered like the exact sum.
    private static func exactSum(_ a: UInt256, _ b: UInt256) -> ExactSum {
        let (low, carry) = a.addingReportingOverflow(b)
        return ExactSum(carry: carry, low: low)
    }

    private struct ExactSum: Comparable {
        var carry: Bool
        var low: UInt256
        static func < (x: ExactSum, y: ExactSum) -> Bool {
            x.carry != y.carry ? y.carry : x.low < y.low
        }
    }
}
