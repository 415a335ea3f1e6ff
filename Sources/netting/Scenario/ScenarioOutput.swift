import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

/// Machine output of a scenario run: one JSON object per step, and the files of `--out`.
enum ScenarioJSON {
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
    let url = URL(fileURLWithPath: dir)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    let messages = runner.log.map { String(decoding: $0.wire, as: UTF8.self) }.joined(separator: "\n") + "\n"
    try messages.write(to: url.appendingPathComponent("messages.jsonl"), atomically: true, encoding: .utf8)
    for name in runner.names {
        let held = runner.heldBalanceProofMessage(name)
        let text = held.map { String(decoding: $0.wire, as: UTF8.self) } ?? "null"
        try (text + "\n").write(to: url.appendingPathComponent("\(name).holds.json"), atomically: true, encoding: .utf8)
        if let state = runner.states[name] {
            try Data(StateFile.encode(state)).write(to: url.appendingPathComponent("\(name).state.json"), options: .atomic)
        }
    }
    try (runner.settlementJSON() + "\n").write(to: url.appendingPathComponent("settlement.json"), atomically: true, encoding: .utf8)
}
