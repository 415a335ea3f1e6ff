import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

/// Machine output of a scenario run: one JSON object per step, and the files of `--out`.
enum ScenarioJSON {
    /// The first line of `run --json`: the scenario's setting, before any step.
    static func header(_ s: Scenario, _ runner: ScenarioRunner) -> String {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("header")
        w.beginObject()
        w.field("format", "nettingkit.run/1")
        w.field("title", s.title)
        w.key("narrative"); if let n = s.narrative { w.string(n) } else { w.null() }
        w.field("chain_id", s.chain.chainId)
        w.field("token_network", s.chain.tokenNetwork)
        w.field("token", s.chain.token)
        w.field("channel_identifier", s.channel.id)
        w.field("settle_timeout", s.channel.settleTimeout)
        w.field("reveal_timeout", s.channel.revealTimeout)
        w.field("opened_at", s.channel.openedAt)
        w.key("parties")
        w.beginArray()
        for p in s.parties {
            w.beginObject(); w.field("name", p.name); w.field("address", runner.address(p.name)); w.field("deposit", p.deposit); w.endObject()
        }
        w.endArray()
        w.field("steps", UInt64(s.steps.count))
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// The last line of `run --json`: the failures, each party's balance, and settlement.json
    /// (what the contract paid or would pay each party, what stays locked, the pending locks).
    static func summary(_ runner: ScenarioRunner, steps: Int, failures: Int) -> String {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        w.key("summary")
        w.beginObject()
        w.field("steps", UInt64(steps))
        w.field("failures", UInt64(failures))
        w.key("balances")
        w.beginObject()
        for s in runner.snapshots { w.key(s.name); w.decimalString(s.balance) }
        w.endObject()
        w.key("settlement")
        w.raw(Array(runner.settlementJSON().utf8))
        w.key("unfired")
        w.beginArray()
        for fault in runner.unfiredFaults { w.string(fault) }
        w.endArray()
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func step(_ step: ScenarioStep, _ report: StepReport, _ runner: ScenarioRunner) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.field("step", UInt64(step.number))
        w.field("action", describe(step.action))
        w.field("block", runner.block)
        w.key("parties")
        w.beginArray()
        for s in runner.snapshots { snapshot(s, &w) }
        w.endArray()
        // Each party's whole state after the step, in the canonical form (spec/channel.yaml `canonical`).
        w.key("states")
        w.beginObject()
        for name in runner.names {
            guard let state = runner.states[name] else { continue }
            w.key(name)
            w.raw(state.canonicalJSON)
        }
        w.endObject()
        w.key("messages")
        w.beginArray()
        for m in report.messages { message(m, &w) }
        w.endArray()
        w.key("rejections")
        w.beginArray()
        for r in report.rejections {
            w.beginObject(); w.field("party", r.party); w.field("code", r.code); w.field("reason", r.reason); w.key("ignored"); w.bool(r.ignored); w.endObject()
        }
        w.endArray()
        w.key("notes"); w.beginArray(); for n in report.notes { w.string(n) }; w.endArray()
        w.key("failures"); w.beginArray(); for f in report.failures { w.string(f) }; w.endArray()
        w.endObject()
        return w.bytes
    }

    static func snapshot(_ s: PartySnapshot, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("name", s.name)
        w.key("deposit"); w.decimalString(s.deposit)
        w.key("withdrawn"); w.decimalString(s.withdrawn)
        w.key("transferred"); w.decimalString(s.transferred)
        w.key("locked"); w.decimalString(s.locked)
        w.key("balance"); w.decimalString(s.balance)
        w.field("nonce", s.nonce)
        w.field("status", s.status)
        w.endObject()
    }

    static func message(_ m: WireRecord, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("from", m.from)
        w.field("to", m.to)
        w.field("type", m.typeName)
        w.field("block", m.block)
        w.key("wire")
        do { try w.value(json: m.wire) } catch { w.null() }
        w.endObject()
    }
}

/// `--out DIR`: messages.jsonl (every signed wire message, in order), <party>.holds.json (the
/// partner's latest balance-proof message this party would submit on chain), <party>.state.json
/// (the party's final state as a state file, in the canonical form: `netting step` continues
/// from it) and settlement.json (what the contract paid or would pay each party — withdrawn,
/// paid at settle, unlocked, total — what settle kept locked, and the pending locks per direction).
func writeOutputs(_ runner: ScenarioRunner, to dir: String) throws {
    try Files.makeDirectory(dir, role: "--out")
    let url = URL(fileURLWithPath: dir)
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    let messages = runner.log.map { String(decoding: $0.wire, as: UTF8.self) }.joined(separator: "\n") + "\n"
    try Files.write(messages, to: path("messages.jsonl"))
    for name in runner.names {
        let held = runner.heldBalanceProofMessage(name)
        let text = held.map { String(decoding: $0.wire, as: UTF8.self) } ?? "null"
        try Files.write(text + "\n", to: path("\(name).holds.json"))
        if let state = runner.states[name] { try Files.write(StateFile.encode(state), to: path("\(name).state.json")) }
    }
    try Files.write(runner.settlementJSON() + "\n", to: path("settlement.json"))
}
