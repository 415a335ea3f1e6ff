import NettingCodec
import NettingCrypto
import NettingMachine

/// One step of one actor. A move carries everything it needs, so a trace replays on its own.
public enum Move: Equatable, Sendable {
    // The honest party's user actions.
    case pay(amount: UInt256)
    case withdraw(total: UInt256)
    case close
    // The adversary.
    /// A message it sends the honest party; `lie` names how it departs from an honest one
    /// (nil: the message an honest partner would send now).
    case send(Message, lie: Lie?)
    /// closeChannel with one of the honest party's proofs it holds (nil: none).
    case closeWith(SignedProof?)
    /// updateNonClosingBalanceProof with one of the honest party's proofs.
    case updateWith(SignedProof)
    case registerSecret(Hash32)
    /// setTotalWithdraw with the honest party's confirmation.
    case withdrawOnChain(WithdrawConfirmation)
    // The chain.
    case mine(blocks: UInt64)
    case settle

    /// The kind of move, for the report: `send:LockedTransfer`, `send:LockedTransfer:stale_nonce`, `close_with`, …
    public var kind: String {
        switch self {
        case .pay: "pay"
        case .withdraw: "withdraw"
        case .close: "close"
        case .send(let m, let lie): "send:" + type(of: m.wire).typeName + (lie.map { ":" + $0.rawValue } ?? "")
        case .closeWith: "close_with"
        case .updateWith: "update_with"
        case .registerSecret: "register_secret"
        case .withdrawOnChain: "withdraw_on_chain"
        case .mine: "mine"
        case .settle: "settle"
        }
    }

    /// The actor: honest, adversary or chain.
    public var actor: String {
        switch self {
        case .pay, .withdraw, .close: "honest"
        case .send, .closeWith, .updateWith, .registerSecret, .withdrawOnChain: "adversary"
        case .mine, .settle: "chain"
        }
    }
}

/// How an adversary's message departs from the honest one it is built from.
public enum Lie: String, CaseIterable, Sendable {
    /// The nonce before the last one (an older balance proof's).
    case staleNonce = "stale_nonce"
    /// The last nonce again.
    case reuseNonce = "reuse_nonce"
    /// One of its own earlier balance-proof messages, sent again unchanged.
    case staleProof = "stale_proof"
    case skipNonce = "skip_nonce"
    case wrongLocksroot = "wrong_locksroot"
    case wrongLockedAmount = "wrong_locked_amount"
    case wrongTransferred = "wrong_transferred"
    case wrongChain = "wrong_chain"
    case overspend
    case wrongSecret = "wrong_secret"
    case smallAmount = "small_amount"
    case overWithdraw = "over_withdraw"
    /// One of the honest party's own signed messages sent back to it (secp256k1 mode).
    case replay
    /// Signed by a third key in the adversary's name (secp256k1 mode).
    case forged
}

extension Move: CustomStringConvertible {
    public var description: String {
        switch self {
        case .pay(let a): return "alice pays bob \(a)"
        case .withdraw(let t): return "alice asks to withdraw up to \(t)"
        case .close: return "alice closes the channel"
        case .send(let m, let lie):
            return "bob sends \(Self.summary(m))" + (lie.map { " (lie: \($0.rawValue))" } ?? "")
        case .closeWith(let p): return "bob closes with " + (p.map { "alice's proof of nonce \($0.nonce) (T \($0.transferred), L \($0.locked))" } ?? "no proof")
        case .updateWith(let p): return "bob updates with alice's proof of nonce \(p.nonce) (T \(p.transferred), L \(p.locked))"
        case .registerSecret(let s): return "bob registers secret \(Self.short(s)) on chain"
        case .withdrawOnChain(let c): return "bob withdraws \(c.totalWithdraw) on chain"
        case .mine(let n): return "\(n) block\(n == 1 ? "" : "s") mined"
        case .settle: return "the channel is settled (and both unlocks run)"
        }
    }

    static func short(_ h: Hash32) -> String { String(h.hex.prefix(10)) + "…" }

    static func summary(_ m: Message) -> String {
        switch m {
        case .lockedTransfer(let t):
            "LockedTransfer nonce \(t.nonce) T \(t.transferredAmount) L \(t.lockedAmount) lock \(t.lock.amount)@\(t.lock.expiration)"
        case .unlock(let u): "Unlock nonce \(u.nonce) T \(u.transferredAmount) L \(u.lockedAmount) secret \(short(u.secret))"
        case .lockExpired(let e): "LockExpired nonce \(e.nonce) T \(e.transferredAmount) L \(e.lockedAmount)"
        case .secretRequest(let r): "SecretRequest payment \(r.paymentIdentifier) amount \(r.amount)"
        case .revealSecret(let r): "RevealSecret \(short(r.secret))"
        case .withdrawRequest(let w): "WithdrawRequest total \(w.totalWithdraw) nonce \(w.nonce)"
        case .withdrawConfirmation(let w): "WithdrawConfirmation total \(w.totalWithdraw) nonce \(w.nonce)"
        case .withdrawExpired(let w): "WithdrawExpired total \(w.totalWithdraw) nonce \(w.nonce)"
        case .processed, .delivered, .refundTransfer, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring: "\(m)"
        }
    }
}
