extension Action {
    /// The step in a few words, as `netting run` narrates it and the trace vectors name it.
    public var summary: String {
        switch self {
        case .pay(let from, let to, let amount, let complete, _, _): "pay \(from) → \(to) \(amount)\(complete ? "" : " (lock left pending)")"
        case .deposit(let p, let t): "deposit \(p) to a total of \(t)"
        case .withdraw(let p, let t): "withdraw \(p) to a total of \(t)"
        case .mine(let b): "mine \(b) block\(b == 1 ? "" : "s")"
        case .close(let by): "close by \(by)"
        case .update(let by): "update by \(by)"
        case .settle: "settle"
        case .unlock: "unlock"
        case .registerSecret(let by, let p): "register the secret of payment \(p) (by \(by))"
        case .drop(let m): "drop the next \(m)"
        case .duplicate(let m): "duplicate the next \(m)"
        case .delay(let m, let b): "delay the next \(m) by \(b) blocks"
        case .cheat(let by, let move): "\(by) cheats: \(move.rawValue.replacingOccurrences(of: "_", with: " "))"
        case .send(let by, let message): "\(by) sends \(type(of: message.wire).typeName)"
        case .closeWithProof(let by, let nonce): "close by \(by) with the partner's proof of nonce \(nonce)"
        }
    }
}
