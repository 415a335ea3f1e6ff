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

    /// What the contract pays each party, as three figures and their sum: `withdrawn` (what
    /// setTotalWithdraw paid), `paid_at_settle` (what settleChannel transferred: its
    /// ChannelSettled log's amounts), `unlocked` (what unlock paid, null until it runs) and
    /// `total`. Before settle, the settle and unlock figures are predicted (`predicted_…`): what
    /// they would be if both parties submitted the latest proofs they hold now, and each
    /// receiver registered every secret it knows before its lock expires.
    public func settlementJSON() -> String {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        w.field("block", block)
        if let s = settlement {
            w.key("settled"); w.bool(true)
            w.key("withdrawn"); amounts(s.withdrawn, &w)
            w.key("paid_at_settle"); amounts(s.paidAtSettle, &w)
            w.field("locked_for_unlock", s.lockedRetained)
            w.key("unlocked")
            if let unlocked = s.unlocked { amounts(unlocked, &w) } else { w.null() }
            w.key("total"); amounts(s.total, &w)
        } else {
            w.key("settled"); w.bool(false)
            let p = predict()
            w.key("withdrawn"); amounts(p.withdrawn, &w)
            if let revert = p.revert {
                // Settling now would revert: no figures are made up (null), the code says why.
                for key in ["predicted_paid_at_settle", "locked_for_unlock", "predicted_unlocked", "predicted_total"] { w.key(key); w.null() }
                w.field("predicted_revert", revert)
            } else {
                w.key("predicted_paid_at_settle"); amounts(p.paidAtSettle, &w)
                w.field("locked_for_unlock", p.locked)
                w.key("predicted_unlocked"); amounts(p.unlocked, &w)
                w.key("predicted_total"); amounts(p.total, &w)
            }
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

    /// A settlement not yet on chain: the withdraws already paid, and settle and unlock on the
    /// latest proofs each side holds now, with the contract's records of deposits and withdraws.
    struct Prediction {
        var withdrawn: [String: UInt256] = [:]
        var paidAtSettle: [String: UInt256] = [:]
        var unlocked: [String: UInt256] = [:]
        var locked = UInt256.zero
        /// The contract's revert code when settling on these proofs would fail (the two deposits
        /// summing past 2^256 − 1, say): then there are no settle or unlock figures to predict.
        var revert: String?
        /// withdrawn + paid at settle + unlocked.
        var total: [String: UInt256] {
            withdrawn.merging(paidAtSettle, uniquingKeysWith: { $0.saturatingAdding($1) })
                .merging(unlocked, uniquingKeysWith: { $0.saturatingAdding($1) })
        }
    }

    /// Settle and unlock on the latest proofs each side holds now; settle and unlock figures
    /// are empty if the contract would revert.
    func predict() -> Prediction {
        var prediction = Prediction()
        var sides: [SettlementSide] = []
        var locks: [[Lock]] = []
        for n in names {
            let onchain = chain.participant(address(n))!
            prediction.withdrawn[n] = chain.payout(address(n)).withdrawn
            // n's own proof is what its partner holds and would submit.
            let proof = states[partner(of: n)]!.partnerState.balanceProof
            sides.append(SettlementSide(
                address: address(n), deposit: onchain.deposit, withdrawn: onchain.withdrawn,
                transferred: proof?.transferredAmount ?? .zero, locked: proof?.lockedAmount ?? .zero,
                locksroot: proof?.locksroot ?? Lock.locksroot([])))
            locks.append(states[n]!.ourState.pendingLocks)
        }
        let registry: (Hash32) -> UInt64? = { hash in
            if let b = chain.secretRevealBlock[hash] { return b }
            for (i, n) in names.enumerated() where locks[i].contains(where: { $0.secrethash == hash }) {
                if receiverKnowsSecret(partner(of: n), hash) { return block }
            }
            return nil
        }
        let (p1, p2) = Settlement.order(sides[0], sides[1])
        let amounts: SettlementAmounts, payout: SettlementPayout
        do throws(SettlementError) {
            amounts = try Settlement.settle(participant1: p1, participant2: p2)
            payout = try Settlement.payout(sides[0], locks: locks[0], sides[1], locks: locks[1], revealBlock: registry)
        } catch {
            prediction.revert = error.code
            return prediction
        }
        let firstIsP1 = p1.address == sides[0].address
        let atSettle = firstIsP1
            ? (amounts.participant1Transfer, amounts.participant2Transfer) : (amounts.participant2Transfer, amounts.participant1Transfer)
        prediction.paidAtSettle = [names[0]: atSettle.0, names[1]: atSettle.1]
        // Settlement.payout is settle plus unlock; unlock's share is what comes on top.
        prediction.unlocked = [names[0]: payout.first.saturatingSubtracting(atSettle.0), names[1]: payout.second.saturatingSubtracting(atSettle.1)]
        prediction.locked = amounts.participant1LockedRetained.saturatingAdding(amounts.participant2LockedRetained)
        return prediction
    }
}
