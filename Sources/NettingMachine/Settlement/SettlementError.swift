import NettingCrypto

/// Why the TokenNetwork (raiden-contracts 0.40.2) would revert a settle or an unlock. Equality
/// is on the case; `code` is stable, `reason` is prose and may change.
public enum SettlementError: Error, Equatable, Sendable, CaseIterable, CustomStringConvertible {
    /// D1 + D2 exceeds 2^256 − 1 while computing the total available deposit.
    case depositOverflow
    /// D1 + D2 − W1 − W2 goes below zero while computing the total available deposit.
    case withdrawUnderflow
    /// sat(T1 + L1) > sat(T2 + L2): the caller passed the participants in the wrong order.
    case transfersNotOrdered
    /// The amounts of the locks that pay sum past 2^256 − 1.
    case unlockedAmountOverflow
    /// keccak(locks) is not the locksroot stored at settlement (nothing is stored when the
    /// retained amount is 0, so then every list mismatches).
    case locksrootMismatch
    /// The stored locked amount is 0.
    case zeroLockedAmount

    public var code: String {
        switch self {
        case .depositOverflow: "settle.deposit_overflow"
        case .withdrawUnderflow: "settle.withdraw_underflow"
        case .transfersNotOrdered: "settle.transfers_not_ordered"
        case .unlockedAmountOverflow: "unlock.unlocked_amount_overflow"
        case .locksrootMismatch: "unlock.locksroot_mismatch"
        case .zeroLockedAmount: "unlock.zero_locked_amount"
        }
    }

    /// What the contract reverts with: its revert string, or the Solidity 0.8 panic of a
    /// failed checked operation (0x11 = arithmetic overflow or underflow).
    public var contractRevert: String {
        switch self {
        case .depositOverflow, .withdrawUnderflow, .unlockedAmountOverflow: "Panic(0x11)"
        case .transfersNotOrdered: "TN: transfers not ordered"
        case .locksrootMismatch: "TN/unlock: locksroot mismatch"
        case .zeroLockedAmount: "TN/unlock: zero locked amount"
        }
    }

    public var reason: String {
        switch self {
        case .depositOverflow: "the two deposits sum past 2^256-1"
        case .withdrawUnderflow: "the withdrawn amounts exceed the deposits"
        case .transfersNotOrdered: "participant1's transferred + locked exceeds participant2's"
        case .unlockedAmountOverflow: "the amounts of the paying locks sum past 2^256-1"
        case .locksrootMismatch: "the locks do not hash to the locksroot stored at settlement"
        case .zeroLockedAmount: "no locked amount is stored for this direction"
        }
    }

    public var description: String { "\(code): \(reason)" }
}
