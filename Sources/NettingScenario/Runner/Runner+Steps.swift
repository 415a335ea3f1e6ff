import NettingCodec
import NettingCrypto
import NettingMachine

extension ScenarioRunner {
    /// Runs one step and reports what happened, including expectations that did not hold.
    public mutating func run(_ step: ScenarioStep) -> StepReport {
        current = StepReport()
        switch step.action {
        case .pay(let from, let to, let amount, let complete, let secret, let paymentId):
            pay(from: from, to: to, amount: amount, complete: complete, secret: secret, paymentId: paymentId)
        case .deposit(let party, let total):
            do {
                try chain.setTotalDeposit(address(party), total: total)
                broadcastDeposit(party)
            } catch { current.rejections.append(StepRejection(party: party, code: codeOf(error), reason: reasonOf(error))) }
        case .withdraw(let party, let total):
            feed(party, .actionChannelWithdraw(.init(canonicalIdentifier: chain.canonicalIdentifier, totalWithdraw: total)))
            deliverAll()
            executeWithdraws(party)
        case .mine(let blocks): mine(blocks)
        case .close(let by): close(by: by, withOldProof: false)
        case .update(let by): update(by: by)
        case .settle: settle()
        case .unlock: unlock()
        case .registerSecret(let by, let payment): registerSecret(by: by, payment: payment)
        case .drop(let message): faults.append(Fault(typeName: message, kind: .drop))
        case .duplicate(let message): faults.append(Fault(typeName: message, kind: .duplicate))
        case .delay(let message, let blocks): faults.append(Fault(typeName: message, kind: .delay(blocks)))
        case .cheat(let by, let move): cheat(by: by, move: move)
        case .send(let by, let message): sendAsIs(by: by, message)
        case .closeWithProof(let by, let nonce): close(by: by, withOldProof: false, withPartnerProofNonce: nonce)
        }
        if let e = step.expect { check(e) }
        return current
    }

    mutating func pay(from: String, to: String, amount: UInt256, complete: Bool, secret: Hash32?, paymentId: UInt64?) {
        let id = paymentId ?? nextPaymentId
        // Saturating: the loader keeps given identifiers below 2^64 − 1, so only a run of default
        // identifiers after the largest could reach it, and then they repeat instead of trapping.
        let (next, overflow) = max(nextPaymentId, id).addingReportingOverflow(1)
        nextPaymentId = overflow ? .max : next
        // Deterministic default secret: keccak of the scenario title and the payment id.
        let secret = secret ?? Keccak256.hash(Array("\(scenario.title)/payment/\(id)".utf8))
        payments[id] = Payment(from: from, to: to, amount: amount, secret: secret)
        if !complete { faults.append(Fault(typeName: "SecretRequest", kind: .drop)) }
        feed(from, .actionInitInitiator(.init(
            paymentIdentifier: id, amount: amount, target: address(to), secret: secret, lockTimeout: nil)))
        deliverAll()
    }

    /// Executes the ContractSendChannelWithdraw `party` asked for, and tells both parties.
    mutating func executeWithdraws(_ party: String) {
        for output in takeTransactions(party) {
            guard case .contractSendChannelWithdraw(let w) = output else { pendingTransactions[party, default: []].append(output); continue }
            let request = WithdrawRequest(
                messageIdentifier: 0, chainId: chain.chainId, tokenNetworkAddress: chain.address,
                channelIdentifier: chain.channelIdentifier, participant: address(party), totalWithdraw: w.totalWithdraw,
                nonce: 1, expiration: w.expiration, coopSettle: false)
            let own = keys[party]!.signEIP191(request.signedBytes())
            do {
                try chain.setTotalWithdraw(
                    address(party), total: w.totalWithdraw, expiration: w.expiration, block: block,
                    participantSignature: own, partnerSignature: w.partnerSignature)
                broadcast(.contractReceiveChannelWithdraw(.init(
                    blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier, participant: address(party), totalWithdraw: w.totalWithdraw)))
            } catch { current.rejections.append(StepRejection(party: party, code: codeOf(error), reason: reasonOf(error))) }
        }
    }

    mutating func takeTransactions(_ party: String) -> [Output] {
        defer { pendingTransactions[party] = [] }
        return pendingTransactions[party] ?? []
    }

    // MARK: On chain

    /// The codec's BalanceProof for a proof `state` holds, in this channel.
    func onchainProof(_ proof: BalanceProofState) -> BalanceProof {
        BalanceProof(
            chainId: chain.chainId, tokenNetworkAddress: chain.address, channelIdentifier: chain.channelIdentifier,
            nonce: proof.nonce, balanceHash: BalanceHash.of(transferred: proof.transferredAmount, locked: proof.lockedAmount, locksroot: proof.locksroot),
            additionalHash: proof.messageHash, signature: proof.signature)
    }

    mutating func close(by: String, withOldProof: Bool, withPartnerProofNonce nonce: UInt64? = nil) {
        feed(by, .actionChannelClose(.init(canonicalIdentifier: chain.canonicalIdentifier)))
        var proof: BalanceProof?
        for output in takeTransactions(by) {
            if case .contractSendChannelClose(let c) = output { proof = c.balanceProof.map(onchainProof) }
        }
        if withOldProof, let old = oldestPartnerProof(of: by) { proof = old }
        if let nonce { proof = nonce == 0 ? nil : partnerProofs(of: by).first { $0.proof.nonce == nonce }?.proof }
        let unsigned = proof ?? BalanceProof(
            chainId: chain.chainId, tokenNetworkAddress: chain.address, channelIdentifier: chain.channelIdentifier,
            nonce: 0, balanceHash: .zero, additionalHash: .zero, signature: .empty)
        let closing = keys[by]!.signEIP191(unsigned.balanceProofCloseData())
        do {
            try chain.closeChannel(closer: address(by), partnerBalanceProof: proof, closingSignature: closing, block: block)
        } catch {
            current.rejections.append(StepRejection(party: by, code: codeOf(error), reason: reasonOf(error)))
            return
        }
        current.notes.append("\(by) closed the channel on chain with \(proof.map { "the partner's balance proof of nonce \($0.nonce)" } ?? "no balance proof")")
        broadcast(.contractReceiveChannelClosed(.init(
            blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier, transactionFrom: address(by))))
        deliverAll()
    }

    /// An old balance proof of `by`'s partner to lie with: the latest one before its newest
    /// that had nothing locked (a settled earlier state), else the oldest.
    func oldestPartnerProof(of by: String) -> BalanceProof? {
        let older = partnerProofs(of: by).dropLast()
        return older.last(where: { $0.locked.isZero })?.proof ?? older.first?.proof
    }

    /// Every balance proof `by`'s partner sent it, in order.
    func partnerProofs(of by: String) -> [(proof: BalanceProof, locked: UInt256)] {
        var proofs: [(proof: BalanceProof, locked: UInt256)] = []
        for record in log where record.from == partner(of: by) {
            guard let m = try? MessageCodec.decode(record.wire, policy: .strict).message else { continue }
            switch m {
            case .lockedTransfer(let t): proofs.append((t.balanceProof, t.lockedAmount))
            case .unlock(let u): proofs.append((u.balanceProof, u.lockedAmount))
            case .lockExpired(let e): proofs.append((e.balanceProof, e.lockedAmount))
            case .refundTransfer(let r): proofs.append((r.balanceProof, r.lockedAmount))
            case .processed, .delivered, .secretRequest, .revealSecret, .withdrawRequest, .withdrawConfirmation,
                .withdrawExpired, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
                continue
            }
        }
        return proofs
    }

    /// The locks of `sender`'s balance proof whose locksroot is `root`: its pending locks, or
    /// those of an older proof it sent (rebuilt from its messages), as the receiver knows them.
    func locks(of sender: String, root: Hash32) -> [Lock] {
        let pending = states[sender]!.ourState.pendingLocks
        if Lock.locksroot(pending) == root { return pending }
        var locks: [Lock] = []
        for record in log where record.from == sender {
            guard let m = try? MessageCodec.decode(record.wire, policy: .strict).message else { continue }
            switch m {
            case .lockedTransfer(let t): locks.append(t.lock)
            case .unlock(let u): locks.removeAll { $0.secrethash == SecretHash.of(u.secret) }
            case .lockExpired(let e): locks.removeAll { $0.secrethash == e.secrethash }
            case .refundTransfer, .processed, .delivered, .secretRequest, .revealSecret, .withdrawRequest, .withdrawConfirmation,
                .withdrawExpired, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
                continue
            }
            if Lock.locksroot(locks) == root { return locks }
        }
        return pending
    }

    mutating func update(by: String) {
        var done = false
        for output in takeTransactions(by) {
            guard case .contractSendChannelUpdateTransfer(let u) = output else { pendingTransactions[by, default: []].append(output); continue }
            let proof = onchainProof(u.balanceProof)
            let signature = keys[by]!.signEIP191(proof.balanceProofUpdateData())
            do {
                try chain.updateNonClosingBalanceProof(nonCloser: address(by), closerBalanceProof: proof, nonClosingSignature: signature)
                done = true
                current.notes.append("\(by) updated the closer's balance proof on chain to nonce \(proof.nonce)")
                broadcast(.contractReceiveUpdateTransfer(.init(
                    blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier, nonce: proof.nonce)))
            } catch { current.rejections.append(StepRejection(party: by, code: codeOf(error), reason: reasonOf(error))) }
        }
        if !done { current.notes.append("\(by) had no balance proof of its partner to update with") }
    }

    mutating func settle() {
        guard case .closed(let settleBlock) = chain.phase else {
            current.rejections.append(StepRejection(party: names[0], code: ChainRevertCode.settleChannelNotClosed.rawValue, reason: ChainRevert(.settleChannelNotClosed).description))
            return
        }
        if block <= settleBlock { mine(settleBlock + 1 - block) }
        var data: [Address: TokenNetwork.BalanceData] = [:]
        for p in chain.participants { data[p.address] = balanceData[p.balanceHash] ?? .empty }
        let log: TokenNetwork.ChannelSettled
        do { log = try chain.settleChannel(data, block: block) } catch {
            current.rejections.append(StepRejection(party: names[0], code: codeOf(error), reason: reasonOf(error)))
            return
        }
        for n in names { pendingTransactions[n]?.removeAll { if case .contractSendChannelSettle = $0 { true } else { false } } }
        let report = SettlementReport(
            payouts: Dictionary(uniqueKeysWithValues: names.map { ($0, chain.payout(address($0))) }), lockedRetained: log.lockedRetained)
        settlement = report
        let kept = log.lockedRetained
        current.notes.append("settle at block \(block) transferred " + perParty(report.paidAtSettle, " and ")
            + " (withdrawn before: " + perParty(report.withdrawn) + "; total paid by the contract: " + perParty(report.total) + ")"
            + (kept.isZero ? "" : "; \(kept) stays locked in the contract for unlock"))
        // Raiden's listener turns the ChannelSettled log into ContractReceiveChannelSettled with
        // the log's own amounts: what settle transferred, not what the contract paid in total
        // (raiden/blockchain/decode.py, contractreceivechannelsettled_from_event).
        for n in names {
            let ours = log.side(of: address(n))!, theirs = log.side(of: address(partner(of: n)))!
            feed(n, .contractReceiveChannelSettled(.init(
                blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier,
                ourOnchainLocksroot: ours.locksroot, ourTransferredAmount: ours.amount,
                partnerOnchainLocksroot: theirs.locksroot, partnerTransferredAmount: theirs.amount)))
        }
        deliverAll()
    }

    mutating func unlock() {
        for record in chain.unlockData {
            guard let sender = name(of: record.sender) else { continue }
            let locks = self.locks(of: sender, root: record.locksroot)
            do {
                let result = try chain.unlock(receiver: record.receiver, sender: record.sender, locks: locks)
                current.notes.append("unlock of \(sender)'s locks: \(result.unlocked) to \(name(of: record.receiver)!), \(result.returned) back to \(sender)")
                broadcast(.contractReceiveChannelBatchUnlock(.init(
                    blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier, receiver: record.receiver,
                    sender: record.sender, locksroot: record.locksroot, unlockedAmount: result.unlocked, returnedTokens: result.returned)))
            } catch { current.rejections.append(StepRejection(party: sender, code: codeOf(error), reason: reasonOf(error))) }
        }
        guard var report = settlement else { return }
        report.payouts = Dictionary(uniqueKeysWithValues: names.map { ($0, chain.payout(address($0))) })
        report.unlockRan = true
        settlement = report
        current.notes.append("after unlock the contract has paid " + perParty(report.total, " and ") + " in total (unlocked: "
            + perParty(report.unlocked ?? [:]) + ")")
    }

    /// "alice 55, bob 65", in the scenario's party order.
    func perParty(_ values: [String: UInt256], _ separator: String = ", ") -> String {
        names.map { "\($0) \(values[$0] ?? .zero)" }.joined(separator: separator)
    }

    mutating func registerSecret(by: String, payment: UInt64) {
        guard let p = payments[payment] else {
            current.rejections.append(StepRejection(party: by, code: "scenario.unknown_payment", reason: "no payment \(payment)"))
            return
        }
        guard knowsSecret(by, p) else {
            current.rejections.append(StepRejection(party: by, code: "scenario.secret_unknown", reason: "\(by) does not know the secret of payment \(payment)"))
            return
        }
        if chain.registerSecret(p.secret, block: block) {
            current.notes.append("\(by) registered the secret of payment \(payment) on chain at block \(block)")
            broadcast(.contractReceiveSecretReveal(.init(blockNumber: block, secrethash: p.secrethash, secret: p.secret)))
            deliverAll()
        }
    }

    func knowsSecret(_ party: String, _ p: Payment) -> Bool {
        if p.from == party { return true }
        if states[party]!.targetTasks.contains(where: { $0.lock.secrethash == p.secrethash && $0.secret != nil }) { return true }
        // A scripted party knows every secret it was sent, whatever its machine made of it.
        guard scenario.parties.first(where: { $0.name == party })?.scripted == true else { return false }
        return log.contains { record in
            guard record.to == party, let m = try? MessageCodec.decode(record.wire, policy: .strict).message else { return false }
            switch m {
            case .revealSecret(let r): return r.secret == p.secret
            case .unlock(let u): return u.secret == p.secret
            case .lockedTransfer, .refundTransfer, .lockExpired, .processed, .delivered, .secretRequest, .withdrawRequest,
                .withdrawConfirmation, .withdrawExpired, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
                return false
            }
        }
    }

    // MARK: Expectations

    mutating func check(_ e: Expectation) {
        if let code = e.rejected {
            if !current.rejections.contains(where: { $0.code == code }) {
                let seen = current.rejections.map(\.code)
                current.failures.append("expected a rejection with \(code), got \(seen.isEmpty ? "none" : seen.joined(separator: ", "))")
            }
        } else if let r = current.rejections.first(where: { !$0.ignored }) {
            current.failures.append("unexpected rejection \(r.code) by \(r.party): \(r.reason)")
        }
        for (n, expected) in e.balances.sorted(by: { $0.key < $1.key }) {
            let actual = snapshot(n).balance
            if actual != expected.decimal { current.failures.append("\(n)'s balance is \(actual), expected \(expected)") }
        }
        for (n, expected) in e.payout.sorted(by: { $0.key < $1.key }) {
            let p = chain.payout(address(n))
            if p.total != expected {
                current.failures.append("the contract paid \(n) \(p.total) in total (withdrawn \(p.withdrawn) + paid at settle \(p.paidAtSettle) + unlocked \(p.unlocked)), expected \(expected)")
            }
        }
        let figures: [(String, [String: UInt256], KeyPath<TokenNetwork.Payout, UInt256>)] = [
            ("withdrawn", e.withdrawn, \.withdrawn), ("paid_at_settle", e.paidAtSettle, \.paidAtSettle), ("unlocked", e.unlocked, \.unlocked),
        ]
        for (figure, expectations, keyPath) in figures {
            for (n, expected) in expectations.sorted(by: { $0.key < $1.key }) {
                let actual = chain.payout(address(n))[keyPath: keyPath]
                if actual != expected { current.failures.append("\(n)'s \(figure) is \(actual), expected \(expected)") }
            }
        }
        if let locked = e.locked, let s = settlement, s.lockedRetained != locked {
            current.failures.append("settle kept \(s.lockedRetained) locked, expected \(locked)")
        }
    }
}
