import NettingCodec
import NettingCrypto
import NettingMachine

/// A counterexample as a scenario file that `netting run` replays: Alice is the honest party,
/// Bob the adversary (`scripted: true`: his machine sends nothing on its own); each move becomes
/// a step, the adversary's messages `send` steps with their wire JSON, and the step where the
/// property fails says so and pins what the contract paid.
public enum CounterexampleScenario {
    /// The scenario's YAML, and the moves no scenario step expresses (then it does not replay
    /// exactly; the file says which).
    public static func yaml(_ v: ViolationReport, _ c: CheckConfig) -> String {
        var lines: [String] = []
        var unsupported: [String] = []
        var steps: [String] = []
        var world = World(c)
        var payments = 0
        var failingStep = 0
        for (i, move) in v.trace.enumerated() {
            let previous = world
            world.apply(move, c)
            let last = i == v.trace.count - 1
            var step: [String] = []
            switch move {
            case .pay(let amount):
                payments += 1
                step = ["pay: {from: alice, to: bob, amount: \"\(amount)\", secret: \"\(Cast.honestSecret(payments).hex)\", payment_id: \(payments)}"]
            case .close: step = ["close: {by: alice}"]
            case .send(let message, _):
                step = ["send: {by: bob, message: '\(String(decoding: message.wire.wireJSON, as: UTF8.self))'}"]
            case .closeWith(let p): step = ["close: {by: bob, partner_proof_nonce: \(p?.nonce ?? 0)}"]
            case .registerSecret(let s):
                if let k = (1...max(1, payments)).first(where: { Cast.honestSecret($0) == s }) {
                    step = ["register_secret: {by: bob, payment: \(k)}"]
                } else {
                    unsupported.append("step \(i + 1): \(move)")
                }
            case .mine(let n): step = ["mine: {blocks: \(n)}"]
            case .settle: step = ["settle: {}", "unlock: {}"]
            case .withdraw, .updateWith, .withdrawOnChain:
                unsupported.append("step \(i + 1): \(move)")
            }
            // The runner executes a party's transactions only in steps: the honest party's
            // automatic update and secret registration become steps of their own.
            if move != .close, world.chain.proof[1] != previous.chain.proof[1], case .closed = world.chain.phase {
                step.append("update: {by: alice}")
            }
            if world.chain.registry.count > previous.chain.registry.count, move.actor != "adversary" {
                for r in world.chain.registry.dropFirst(previous.chain.registry.count) {
                    if let k = (0..<payments).first(where: { SecretHash.of(Cast.honestSecret($0 + 1)) == r.secrethash }) {
                        step.append("register_secret: {by: alice, payment: \(k + 1)}")
                    } else {
                        unsupported.append("step \(i + 1): alice registers a secret of bob's on chain")
                    }
                }
            }
            guard !step.isEmpty else { continue }
            for (k, s) in step.enumerated() {
                var entry = "  - \(s)"
                let final = last && k == step.count - 1
                if final {
                    failingStep = steps.count + 1
                    entry += "\n    say: \"\(v.violation.property.rawValue) fails here: \(escape(v.violation.detail))\""
                    if v.violation.property == .honestPayoutAtLeastLatestView {
                        entry += "\n    expect: {payout: {alice: \"\(world.chain.total(0))\", bob: \"\(world.chain.total(1))\"}}"
                    }
                } else if k == 0 {
                    entry += "\n    say: \"[\(move.actor)] \(escape(move.description))\""
                }
                steps.append(entry)
            }
        }
        let title = "Counterexample: \(v.violation.kind)"
        lines.append("# Written by netting check (\(c.bug.map { "planted bug \($0.rawValue); " } ?? "")depth \(c.depth)). Replay: netting run <this file>")
        if !unsupported.isEmpty {
            lines.append("# Not expressible as scenario steps, left out (the replay may differ): " + unsupported.joined(separator: "; "))
        }
        lines.append("title: \"\(escape(title))\"")
        lines.append("narrative: >-")
        lines.append("  Alice runs the machine honestly; Bob (scripted) lies. \(escape(v.violation.known.map { "A known protocol property (spec/channel.yaml properties.\(v.violation.property.rawValue).known.\($0.rawValue)). " } ?? ""))The property \(v.violation.property.rawValue) fails at step \(failingStep): \(escape(v.violation.detail)).")
        lines.append("channel: {id: \"\(Cast.channelId)\", settle_timeout: \(c.settleTimeout), reveal_timeout: \(c.revealTimeout), opened_at: \(Cast.openedAt)}")
        lines.append("parties:")
        lines.append("  alice: {key: \"\(Cast.honestKeyHex)\", deposit: \"\(c.honestDeposit)\"}")
        lines.append("  bob: {key: \"\(Cast.adversaryKeyHex)\", deposit: \"\(c.adversaryDeposit)\", scripted: true}")
        lines.append("steps:")
        lines += steps
        return lines.joined(separator: "\n") + "\n"
    }

    /// The scenario step (1-based) at which the property fails: the last one.
    public static func failingStep(_ yaml: String) -> Int { yaml.components(separatedBy: "\n  - ").count - 1 }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "\"", with: "'") }
}
