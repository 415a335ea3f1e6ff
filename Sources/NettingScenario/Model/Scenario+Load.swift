import NettingCodec
import NettingCrypto
import NettingSpec

extension Scenario {
    /// Parses a scenario file, naming the key path and line of anything wrong.
    public static func load(yaml text: String, file: String) throws(SpecError) -> Scenario {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.record(required: ["title", "parties", "steps"], optional: ["narrative", "chain", "channel"])
        var chain = Chain()
        if let node = top["chain"] {
            let r = try node.record(required: [], optional: ["chain_id", "token_network", "token"])
            if let v = r["chain_id"] { chain.chainId = try v.amount() }
            if let v = r["token_network"] { chain.tokenNetwork = try v.address() }
            if let v = r["token"] { chain.token = try v.address() }
        }
        var channel = Channel()
        if let node = top["channel"] {
            let r = try node.record(required: [], optional: ["id", "settle_timeout", "reveal_timeout", "opened_at"])
            if let v = r["id"] { channel.id = try v.amount() }
            if let v = r["settle_timeout"] { channel.settleTimeout = try v.blocks(1...ScenarioLimits.timeout) }
            if let v = r["reveal_timeout"] { channel.revealTimeout = try v.blocks(1...ScenarioLimits.timeout) }
            if let v = r["opened_at"] { channel.openedAt = try v.blocks(0...ScenarioLimits.openedAt) }
        }
        var parties: [Party] = []
        for (name, node) in try top["parties"]!.mapping() {
            let r = try node.record(required: ["key", "deposit"], optional: ["scripted"])
            let key = try r["key"]!.hash32()
            guard (try? PrivateKey(secret: key)) != nil else { throw r["key"]!.fail("is not a valid secp256k1 private key") }
            parties.append(Party(name: name, key: key, deposit: try r["deposit"]!.amount(), scripted: try r["scripted"]?.bool() ?? false))
        }
        guard parties.count == 2 else { throw top["parties"]!.fail("must name exactly two parties (a channel has two ends)") }
        guard parties[0].key != parties[1].key else { throw top["parties"]!.fail("the two parties must have different keys") }
        let names = Set(parties.map(\.name))
        var steps: [ScenarioStep] = []
        var payments = PaymentNumbers()
        for (i, node) in try top["steps"]!.sequence().enumerated() {
            steps.append(try step(node, number: i + 1, parties: names, payments: &payments))
        }
        return Scenario(
            title: try top.string("title"), narrative: try top.optionalString("narrative"), chain: chain,
            channel: channel, parties: parties, steps: steps)
    }

    static let actions: Set<String> = [
        "pay", "deposit", "withdraw", "mine", "close", "update", "settle", "unlock", "register_secret",
        "drop", "duplicate", "delay", "cheat", "send",
    ]

    /// settle: {} and unlock: {} take no keys: a key there is a typo that would be ignored.
    static func noKeys(_ body: YAMLNode, _ kind: String) throws(SpecError) {
        if let (key, value) = try body.mapping().first {
            throw SpecError(value.path, line: value.line, column: value.column, "is not a known key here (`\(kind)` takes no keys: write `\(kind): {}`; was `\(key)` meant for another step?)")
        }
    }

    /// The `message` of drop / duplicate / delay: a wire message type, exactly as Raiden names it.
    static func messageType(_ r: Record) throws(SpecError) -> String {
        let name = try r.string("message")
        guard NettingCodec.Message.typeNames.contains(name) else {
            throw r["message"]!.fail("`\(name)` is not a message type (one of \(NettingCodec.Message.typeNames.joined(separator: ", ")))")
        }
        return name
    }

    /// The identifiers the runner gives the `pay` steps so far (`payment_id`, or the next one
    /// after the highest), so `register_secret` is checked when the file loads.
    struct PaymentNumbers {
        var made: Set<UInt64> = []
        var next: UInt64 = 1

        mutating func pay(_ id: UInt64?) {
            let id = id ?? next
            made.insert(id)
            let highest = max(next, id)
            next = highest == .max ? .max : highest + 1
        }
    }

    static func step(_ node: YAMLNode, number: Int, parties: Set<String>, payments: inout PaymentNumbers) throws(SpecError) -> ScenarioStep {
        let entries = try node.mapping(optional: actions.union(["say", "expect"]))
        let kinds = entries.map(\.0).filter { actions.contains($0) }
        guard kinds.count == 1, let kind = kinds.first, let body = entries.first(where: { $0.0 == kind })?.1 else {
            throw node.fail("a step has exactly one action: \(actions.sorted().joined(separator: ", "))")
        }
        func party(_ r: Record, _ key: String) throws(SpecError) -> String {
            let name = try r.string(key)
            guard parties.contains(name) else { throw r[key]!.fail("names no party (parties: \(parties.sorted().joined(separator: ", ")))") }
            return name
        }
        let action: Action
        switch kind {
        case "pay":
            let r = try body.record(required: ["from", "to", "amount"], optional: ["complete", "secret", "payment_id"])
            let from = try party(r, "from"), to = try party(r, "to")
            guard from != to else { throw body.fail("a payment goes from one party to the other") }
            action = .pay(
                from: from, to: to, amount: try r["amount"]!.amount(), complete: try r["complete"]?.bool() ?? true,
                secret: try r["secret"]?.hash32(), paymentId: try r["payment_id"]?.paymentId())
            if case .pay(_, _, _, _, _, let id) = action { payments.pay(id) }
        case "deposit":
            let r = try body.record(required: ["party", "total"])
            action = .deposit(party: try party(r, "party"), total: try r["total"]!.amount())
        case "withdraw":
            let r = try body.record(required: ["party", "total"])
            action = .withdraw(party: try party(r, "party"), total: try r["total"]!.amount())
        case "mine":
            let r = try body.record(required: ["blocks"])
            action = .mine(blocks: try r["blocks"]!.blocks(0...ScenarioLimits.blocksPerStep))
        case "close":
            let r = try body.record(required: ["by"], optional: ["partner_proof_nonce"])
            if let n = r["partner_proof_nonce"] {
                action = .closeWithProof(by: try party(r, "by"), partnerProofNonce: try n.u64())
            } else {
                action = .close(by: try party(r, "by"))
            }
        case "update": action = .update(by: try party(try body.record(required: ["by"]), "by"))
        case "settle": try noKeys(body, kind); action = .settle
        case "unlock": try noKeys(body, kind); action = .unlock
        case "register_secret":
            let r = try body.record(required: ["by", "payment"])
            let payment = try r["payment"]!.u64()
            guard payments.made.contains(payment) else {
                let made = payments.made.sorted().map(String.init).joined(separator: ", ")
                throw r["payment"]!.fail("names no payment made by an earlier `pay` step (\(made.isEmpty ? "none yet" : "payments: " + made))")
            }
            action = .registerSecret(by: try party(r, "by"), payment: payment)
        case "drop": action = .drop(message: try messageType(try body.record(required: ["message"])))
        case "duplicate": action = .duplicate(message: try messageType(try body.record(required: ["message"])))
        case "delay":
            let r = try body.record(required: ["message", "blocks"])
            action = .delay(message: try messageType(r), blocks: try r["blocks"]!.blocks(0...ScenarioLimits.blocksPerStep))
        case "cheat":
            let r = try body.record(required: ["by", "move"])
            let text = try r.string("move")
            guard let move = Cheat(rawValue: text) else {
                throw r["move"]!.fail("is not a known move (\(Cheat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            action = .cheat(by: try party(r, "by"), move: move)
        case "send":
            let r = try body.record(required: ["by", "message"])
            let text = try r.string("message")
            guard text.utf8.count <= ScenarioLimits.messageBytes else { throw r["message"]!.fail("is longer than \(ScenarioLimits.messageBytes) bytes") }
            let decoded: Decoded
            do { decoded = try MessageCodec.decode(Array(text.utf8), policy: .strict, allowUnsigned: true) } catch {
                throw r["message"]!.fail("is not a message in Raiden's wire JSON: \(error)")
            }
            action = .send(by: try party(r, "by"), message: decoded.message)
        default:
            throw body.fail("unknown action `\(kind)`")
        }
        var expectation: Expectation?
        if let node = entries.first(where: { $0.0 == "expect" })?.1 {
            let r = try node.record(
                required: [], optional: ["rejected", "balances", "payout", "withdrawn", "paid_at_settle", "unlocked", "locked"])
            var e = Expectation()
            e.rejected = try r.optionalString("rejected")
            if let code = e.rejected, !rejectionCodes.contains(code) {
                let near = rejectionCodes.filter { $0.hasPrefix(code.split(separator: ".").first.map { $0 + "." } ?? code) }.sorted().prefix(6)
                throw r["rejected"]!.fail("`\(code)` is not a rejection code" + (near.isEmpty ? " (netting spec list codes lists them)" : " (codes of that input: \(near.joined(separator: ", ")), …)"))
            }
            let perParty: [(String, WritableKeyPath<Expectation, [String: UInt256]>)] = [
                ("balances", \.balances), ("payout", \.payout), ("withdrawn", \.withdrawn),
                ("paid_at_settle", \.paidAtSettle), ("unlocked", \.unlocked),
            ]
            for (key, target) in perParty {
                guard let m = r[key] else { continue }
                for (name, v) in try m.mapping() {
                    guard parties.contains(name) else { throw v.fail("names no party") }
                    e[keyPath: target][name] = try v.amount()
                }
            }
            e.locked = try r["locked"]?.amount()
            expectation = e
        }
        let say = try entries.first(where: { $0.0 == "say" })?.1.string()
        return ScenarioStep(action: action, say: say, expect: expectation, number: number, line: node.line)
    }
}

extension YAMLNode {
    func amount() throws(SpecError) -> UInt256 {
        let text = try string()
        do { return try UInt256(decimal: text) } catch { throw fail("must be a decimal amount: \(error.reason)") }
    }

    /// A number of blocks, or a block number, within `range`: a scenario's blocks and timeouts
    /// stay far below 2^64, so no sum of them can overflow, and no step mines for ever.
    func blocks(_ range: ClosedRange<UInt64>) throws(SpecError) -> UInt64 {
        let n = try u64()
        guard range.contains(n) else { throw fail("must be from \(range.lowerBound) to \(range.upperBound) blocks, got \(n)") }
        return n
    }

    /// A payment identifier below 2^64 − 1: the runner gives the next payment without one the
    /// identifier after the largest used, which must fit too.
    func paymentId() throws(SpecError) -> UInt64 {
        let id = try u64()
        guard id < .max else { throw fail("must be below 18446744073709551615 (the next payment takes the identifier after it)") }
        return id
    }

    func u64() throws(SpecError) -> UInt64 {
        let text = try string()
        do { return try UInt64(canonicalDecimal: text) } catch { throw fail("must be a whole number below 2^64: \(error.reason)") }
    }

    func address() throws(SpecError) -> Address {
        let text = try string()
        do { return try Address(hex: text) } catch { throw fail("must be an address: \(error.reason)") }
    }

    func hash32() throws(SpecError) -> Hash32 {
        let text = try string()
        do { return try Hash32(hex: text) } catch { throw fail("must be 32 bytes of 0x-hex: \(error.reason)") }
    }
}

/// The bounds a scenario's block numbers and timeouts are held to (scenario files are input from
/// outside: every number is checked).
public enum ScenarioLimits {
    /// settle_timeout and reveal_timeout, in blocks.
    public static let timeout: UInt64 = 10_000_000
    /// The block the channel opens in.
    public static let openedAt: UInt64 = 1_000_000_000_000
    /// What one `mine` or `delay` step may span: the runner mines block by block.
    public static let blocksPerStep: UInt64 = 100_000
    /// A `send` step's message, in bytes of wire JSON.
    public static let messageBytes = 16_384
}
