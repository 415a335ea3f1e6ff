import NettingCodec
import NettingCrypto

/// What each side ends up with after settle and both unlocks.
public struct SettlementPayout: Equatable, Sendable {
    /// Total paid to the first side given to `payout`.
    public var first: UInt256
    /// Total paid to the second side given to `payout`.
    public var second: UInt256
    /// Retained for an unlock that reverts with `unlockedAmountOverflow`: it stays in the
    /// contract. first + second + stranded is always the total available deposit.
    public var stranded: UInt256

    public init(first: UInt256, second: UInt256, stranded: UInt256 = .zero) {
        self.first = first
        self.second = second
        self.stranded = stranded
    }
}

extension Settlement {
    /// Settles `a` and `b` in the client's order, then unlocks each direction that retained
    /// tokens, using each side's pending `locks` (which must hash to its locksroot) and the
    /// secret registry at unlock time.
    public static func payout(
        _ a: SettlementSide, locks aLocks: [Lock],
        _ b: SettlementSide, locks bLocks: [Lock],
        revealBlock: (Hash32) -> UInt64?
    ) throws(SettlementError) -> SettlementPayout {
        let swapped = swapsOrder(a, b)
        let (p1, p2) = swapped ? (b, a) : (a, b)
        let amounts = try settle(participant1: p1, participant2: p2)
        var total1 = amounts.participant1Transfer
        var total2 = amounts.participant2Transfer
        var stranded = UInt256.zero
        // Each unlock pays its receiver and returns the rest to its sender.
        // Sums stay within the total available deposit, so saturation never triggers.
        func release(_ retained: UInt256, of sender: SettlementSide, locks: [Lock],
                     toSender: inout UInt256, toReceiver: inout UInt256) throws(SettlementError) {
            guard !retained.isZero else { return }
            do {
                let result = try unlock(
                    lockedAmount: retained, locksroot: sender.locksroot, locks: locks,
                    revealBlock: revealBlock)
                toReceiver = toReceiver.saturatingAdding(result.unlocked)
                toSender = toSender.saturatingAdding(result.returned)
            } catch .unlockedAmountOverflow {
                stranded = stranded.saturatingAdding(retained)
            }
        }
        try release(amounts.participant1LockedRetained, of: p1, locks: swapped ? bLocks : aLocks,
                    toSender: &total1, toReceiver: &total2)
        try release(amounts.participant2LockedRetained, of: p2, locks: swapped ? aLocks : bLocks,
                    toSender: &total2, toReceiver: &total1)
        return swapped
            ? SettlementPayout(first: total2, second: total1, stranded: stranded)
            : SettlementPayout(first: total1, second: total2, stranded: stranded)
    }
}
