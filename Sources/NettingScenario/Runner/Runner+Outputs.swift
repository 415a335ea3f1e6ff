import NettingCodec
import NettingCrypto
import NettingMachine

extension ScenarioRunner {
    /// The partner's latest balance-proof message `name` accepted: what it would submit on chain.
    public func heldBalanceProofMessage(_ name: String) -> WireRecord? {
        guard let held = states[name]!.partnerState.balanceProof else { return nil }
        return log.last { record in
            guard record.to == name, record.from == partner(of: name),
                let m = try? MessageCodec.decode(record.wire, policy: .strict).message
            else { return false }
            switch m {
            case .lockedTransfer(let t): return t.nonce == held.nonce && t.signature == held.signature
            case .unlock(let u): return u.nonce == held.nonce && u.signature == held.signature
            case .lockExpired(let e): return e.nonce == held.nonce && e.signature == held.signature
            case .refundTransfer(let r): return r.nonce == held.nonce && r.signature == held.signature
            case .processed, .delivered, .secretRequest, .revealSecret, .withdrawRequest, .withdrawConfirmation,
                .withdrawExpired, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
                return false
            }
        }
    }

    /// What settlement pays on the chain as it stands, or — before close — what it would pay if
    /// both parties submitted the latest proofs they hold now, and each receiver registered
    /// every secret it knows before its lock expires.
    public func settlementJSON() -> String {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        w.field("block", block)
        if let s = settlement {
            w.key("settled"); w.bool(true)
            w.key("paid_at_settle"); amounts(s.paid, &w)
            w.field("locked_for_unlock", s.lockedRetained)
            if let after = s.afterUnlock { w.key("after_unlock"); amounts(after, &w) } else { w.key("after_unlock"); w.null() }
        } else {
            w.key("settled"); w.bool(false)
            let (paid, after, locked) = predict()
            w.key("predicted_at_settle"); amounts(paid, &w)
            w.field("locked_for_unlock", locked)
            w.key("predicted_after_unlock"); amounts(after, &w)
        }
        w.key("pending_locks")
        w.beginArray()
        for sender in names {
            let receiver = partner(of: sender)
            for lock in states[sender]!.ourState.pendingLocks {
                w.beginObject()
                w.field("from", sender)
                w.field("to", receiver)
                w.field("amount", lock.amount)
                w.field("expiration", lock.expiration)
                w.field("secrethash", lock.secrethash)
                w.key("receiver_knows_secret"); w.bool(receiverKnowsSecret(receiver, lock.secrethash))
                w.key("registered_on_chain_at")
                if let b = chain.secretRevealBlock[lock.secrethash] { w.decimalString(String(b)) } else { w.null() }
                w.endObject()
            }
        }
        w.endArray()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    func amounts(_ values: [String: UInt256], _ w: inout JSONWriter) {
        w.beginObject()
        for n in names {
            w.key(n)
            w.decimalString(values[n] ?? .zero)
        }
        w.endObject()
    }

    func receiverKnowsSecret(_ receiver: String, _ secrethash: Hash32) -> Bool {
        states[receiver]!.targetTasks.contains { $0.lock.secrethash == secrethash && $0.secret != nil }
            || chain.secretRevealBlock[secrethash] != nil
    }

    /// Settle and unlock on the latest proofs each side holds now.
    func predict() -> (paid: [String: UInt256], afterUnlock: [String: UInt256], locked: UInt256) {
        var sides: [SettlementSide] = []
        var locks: [[Lock]] = []
        for n in names {
            let s = states[n]!
            // n's own proof is what its partner holds and would submit.
            let proof = states[partner(of: n)]!.partnerState.balanceProof
            sides.append(SettlementSide(
                address: address(n), deposit: s.ourState.contractBalance, withdrawn: s.ourState.totalWithdraw,
                transferred: proof?.transferredAmount ?? .zero, locked: proof?.lockedAmount ?? .zero,
                locksroot: proof?.locksroot ?? Lock.locksroot([])))
            locks.append(s.ourState.pendingLocks)
        }
        let registry: (Hash32) -> UInt64? = { hash in
            if let b = chain.secretRevealBlock[hash] { return b }
            for (i, n) in names.enumerated() where locks[i].contains(where: { $0.secrethash == hash }) {
                if receiverKnowsSecret(partner(of: n), hash) { return block }
            }
            return nil
        }
        let (p1, p2) = Settlement.order(sides[0], sides[1])
        guard let amounts = try? Settlement.settle(participant1: p1, participant2: p2),
            let payout = try? Settlement.payout(sides[0], locks: locks[0], sides[1], locks: locks[1], revealBlock: registry)
        else { return ([:], [:], .zero) }
        let firstIsP1 = p1.address == sides[0].address
        let paid = [
            names[0]: firstIsP1 ? amounts.participant1Transfer : amounts.participant2Transfer,
            names[1]: firstIsP1 ? amounts.participant2Transfer : amounts.participant1Transfer,
        ]
        return (paid, [names[0]: payout.first, names[1]: payout.second],
                amounts.participant1LockedRetained.saturatingAdding(amounts.participant2LockedRetained))
    }
}
