import NettingCodec
import NettingCrypto

/// An integer that may be negative, as Raiden's Python integers are in balance arithmetic.
/// The magnitude has 64 extra bits, so sums and differences of a few amounts are exact.
public struct SignedAmount: Equatable, Sendable, Comparable {
    public var negative: Bool
    /// The magnitude is high · 2^256 + low.
    public var high: UInt64
    public var low: UInt256

    public init(_ value: UInt256) { (negative, high, low) = (false, 0, value) }
    init(negative: Bool, high: UInt64, low: UInt256) {
        (self.negative, self.high, self.low) = (negative && !(high == 0 && low.isZero), high, low)
    }

    private static func magnitudeLess(_ a: SignedAmount, _ b: SignedAmount) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    public static func + (a: SignedAmount, b: SignedAmount) -> SignedAmount {
        if a.negative == b.negative {
            let (low, carry) = a.low.addingReportingOverflow(b.low)
            return SignedAmount(negative: a.negative, high: a.high &+ b.high &+ (carry ? 1 : 0), low: low)
        }
        let (big, small) = magnitudeLess(a, b) ? (b, a) : (a, b)
        let (low, borrow) = big.low.subtractingReportingOverflow(small.low)
        return SignedAmount(negative: big.negative, high: big.high &- small.high &- (borrow ? 1 : 0), low: low)
    }

    public static prefix func - (a: SignedAmount) -> SignedAmount { SignedAmount(negative: !a.negative, high: a.high, low: a.low) }
    public static func - (a: SignedAmount, b: SignedAmount) -> SignedAmount { a + (-b) }

    public static func < (a: SignedAmount, b: SignedAmount) -> Bool {
        switch (a.negative, b.negative) {
        case (true, false): true
        case (false, true): false
        case (false, false): magnitudeLess(a, b)
        case (true, true): magnitudeLess(b, a)
        }
    }

    /// The value if it is in [0, 2^256).
    public var nonNegative: UInt256? { negative || high != 0 ? nil : low }
    /// The exact value in decimal, however far above 2^256 − 1 (a balance of deposits and
    /// transfers near the limit can exceed it).
    public var description: String {
        (negative ? "-" : "") + (high == 0 ? low.decimal : Self.decimalSum(Self.decimalProduct(Self.twoTo256, high), low.decimal))
    }

    /// 2^256 in decimal.
    static let twoTo256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936"

    /// `digits` × `factor`, schoolbook on decimal digits.
    static func decimalProduct(_ digits: String, _ factor: UInt64) -> String {
        var out: [UInt8] = []
        var carry: UInt64 = 0
        for d in digits.utf8.reversed() {
            // digit × factor + carry in 128 bits (high < 10, so the quotient fits), split into a digit and the next carry.
            let (high, low) = UInt64(d - 48).multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            let (q, r) = (10 as UInt64).dividingFullWidth((high + (overflow ? 1 : 0), sum))
            out.append(UInt8(r) + 48)
            carry = q
        }
        while carry > 0 { out.append(UInt8(carry % 10) + 48); carry /= 10 }
        while out.count > 1, out.last == 48 { out.removeLast() }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// The sum of two decimal strings.
    static func decimalSum(_ a: String, _ b: String) -> String {
        let x = Array(a.utf8.reversed()), y = Array(b.utf8.reversed())
        var out: [UInt8] = []
        var carry: UInt8 = 0
        for i in 0..<max(x.count, y.count) {
            let s = (i < x.count ? x[i] - 48 : 0) + (i < y.count ? y[i] - 48 : 0) + carry
            out.append(s % 10 + 48)
            carry = s / 10
        }
        if carry > 0 { out.append(carry + 48) }
        return String(decoding: out.reversed(), as: UTF8.self)
    }
}

/// The amount formulas of raiden/transfer/channel.py, each under the name of its Raiden function.
public enum Amounts {
    /// _get_balance(s, r, subtract_withdraws = true):
    /// s.contract_balance − total_withdraw(s) − T(s) + T(r).
    public static func balance(_ s: EndState, _ r: EndState) -> SignedAmount {
        SignedAmount(s.contractBalance) - SignedAmount(s.totalWithdraw) - SignedAmount(s.transferredAmount) + SignedAmount(r.transferredAmount)
    }

    /// get_max_withdraw_amount: the balance without subtracting withdraws.
    public static func maxWithdraw(_ s: EndState, _ r: EndState) -> SignedAmount {
        SignedAmount(s.contractBalance) - SignedAmount(s.transferredAmount) + SignedAmount(r.transferredAmount)
    }

    /// get_current_balanceproof's (T, L): from the balance proof and the lock maps, zeros without one.
    static func current(_ s: EndState) -> (transferred: UInt256, locked: UInt256) {
        guard let bp = s.balanceProof else { return (.zero, .zero) }
        return (bp.transferredAmount, s.amountLocked)
    }

    /// get_distributable: min(max(MAX − T − L, 0), balance − locked).
    public static func distributable(_ s: EndState, _ r: EndState) -> SignedAmount {
        let (t, l) = current(s)
        let headroom = UInt256.max.saturatingSubtracting(t).saturatingSubtracting(l)
        let spendable = balance(s, r) - SignedAmount(s.amountLocked)
        return Swift.min(SignedAmount(headroom), spendable)
    }

    /// get_capacity: D_our − W_our + D_partner − W_partner.
    public static func capacity(_ a: EndState, _ b: EndState) -> SignedAmount {
        SignedAmount(a.contractBalance) - SignedAmount(a.totalWithdraw) + SignedAmount(b.contractBalance) - SignedAmount(b.totalWithdraw)
    }

    /// T + L + amount ≤ MAX (is_valid_amount), exactly.
    static func fitsOnchain(_ t: UInt256, _ l: UInt256, plus amount: UInt256 = .zero) -> Bool {
        let (s1, o1) = t.addingReportingOverflow(l)
        let (_, o2) = s1.addingReportingOverflow(amount)
        return !o1 && !o2
    }

    /// keccak of the locks' 96-byte encodings concatenated, in order; keccak("")
    /// (LOCKSROOT_OF_NO_LOCKS, not hashed again) without locks.
    public static func locksroot(_ locks: [Lock]) -> Hash32 { locksroot(locks, removingAt: nil) }

    /// The locksroot of `locks` with the lock at `removed` left out (none if nil), without
    /// building that array.
    static func locksroot(_ locks: [Lock], removingAt removed: Int?) -> Hash32 {
        guard locks.count > (removed == nil ? 0 : 1) else { return BalanceProofConstants.locksrootOfNoLocks }
        var hasher = Keccak256()
        for (k, lock) in locks.enumerated() where k != removed { absorb(lock, into: &hasher) }
        return hasher.finalize()
    }

    /// The locksroot of `locks` with `added` appended, without building that array.
    static func locksroot(_ locks: [Lock], adding added: Lock) -> Hash32 {
        var hasher = Keccak256()
        for lock in locks { absorb(lock, into: &hasher) }
        absorb(added, into: &hasher)
        return hasher.finalize()
    }

    /// Hashes a lock's 96-byte encoding (expiration ‖ amount ‖ secrethash, big-endian words,
    /// as `Lock.encoded`), written on the stack.
    private static func absorb(_ lock: Lock, into hasher: inout Keccak256) {
        let (e, a, h) = (lock.expiration, lock.amount, lock.secrethash)
        var words = (
            e.w0.bigEndian, e.w1.bigEndian, e.w2.bigEndian, e.w3.bigEndian,
            a.w0.bigEndian, a.w1.bigEndian, a.w2.bigEndian, a.w3.bigEndian,
            h.w0.bigEndian, h.w1.bigEndian, h.w2.bigEndian, h.w3.bigEndian)
        withUnsafeBytes(of: &words) { hasher.update($0) }
    }
}
