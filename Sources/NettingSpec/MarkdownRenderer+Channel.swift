extension MarkdownRenderer {
    /// The whole of docs/spec.md: the channel first (what implementers check most), then the messages.
    public static func document(messages: MessagesSpec, channel: ChannelSpec) -> String {
        var r = MarkdownRenderer()
        r.title()
        r.channel(channel)
        r.messages(messages)
        return r.text
    }

    /// The channel part: lifecycle diagram, constants, state, every transition's guards in
    /// evaluation order with their codes, effects and outputs, invariants, quirks, deviations.
    mutating func channel(_ spec: ChannelSpec) {
        line("## The channel")
        line()
        line("One node's view of one channel with its partner and of its direct payments over it, as `ChannelMachine.transition(state, input) -> (state, [output])` implements it. Source: `spec/channel.yaml`.")
        line()
        line("### Lifecycle")
        line()
        line("```mermaid")
        line("stateDiagram-v2")
        for (from, to, label) in Self.lifecycle where spec.statuses.contains(where: { $0.name == from || from == "[*]" }) {
            line("    \(from) --> \(to)" + (label.isEmpty ? "" : ": \(label)"))
        }
        line("```")
        line()
        line("| status | meaning |")
        line("| --- | --- |")
        for s in spec.statuses { line("| `\(s.name)` | \(Self.cell(s.doc)) |") }
        line()
        line("### Constants")
        line()
        line("| name | value | meaning | Raiden |")
        line("| --- | --- | --- | --- |")
        for c in spec.constants { line("| `\(c.name)` | \(Self.cell(c.value)) | \(Self.cell(c.doc)) | \(Self.cell(c.source)) |") }
        line()
        line("### State")
        line()
        for record in spec.state {
            line("#### \(record.name)")
            line()
            line(Self.sentence(record.doc))
            line()
            line("| field | type | meaning |")
            line("| --- | --- | --- |")
            for f in record.fields { line("| `\(f.name)` | `\(Self.cell(f.type))` | \(Self.cell(f.doc ?? "")) |") }
            line()
        }
        line("### Transitions")
        line()
        line("Guards run in the order listed; the first that fails decides. `reject`: the state is unchanged and the input is answered with Raiden's `EventInvalid…` output carrying the code. `ignore`: the state is unchanged and nothing is emitted, as Raiden drops the input.")
        line()
        for t in spec.transitions {
            line("#### \(t.input)")
            line()
            if let input = spec.inputs.first(where: { $0.name == t.input }) {
                if let doc = input.doc { line(Self.sentence(doc)) ; line() }
                if !input.fields.isEmpty {
                    line("Fields: " + input.fields.map { "`\($0.name)` (\($0.type))" }.joined(separator: ", ") + ".")
                    line()
                }
            }
            line("Applies in: \(t.statuses.map { "`\($0)`" }.joined(separator: ", ")). Raiden: \(Self.cell(t.source)).")
            line()
            if !t.guards.isEmpty {
                line("| # | code | outcome | fails when | Raiden |")
                line("| --- | --- | --- | --- | --- |")
                for (i, g) in t.guards.enumerated() {
                    let clause = g.clause.map { "\($0); " } ?? ""
                    let role = g.role.map { " (\($0) only)" } ?? ""
                    line("| \(i + 1) | `\(g.code)` | \(g.outcome.rawValue) | \(Self.cell(g.when))\(role) | \(clause)\(Self.cell(g.source)) |")
                }
                line()
            }
            if !t.effects.isEmpty {
                line("Effects:")
                line()
                for e in t.effects { line("- \(Self.cell(e))") }
                line()
            }
            if !t.outputs.isEmpty { line("Outputs: " + t.outputs.map { "`\($0)`" }.joined(separator: ", ") + "."); line() }
            if !t.onReject.isEmpty { line("On reject: " + t.onReject.map { "`\($0)`" }.joined(separator: ", ") + "."); line() }
        }
        line("### Outputs")
        line()
        line("| output | kind | fields | meaning |")
        line("| --- | --- | --- | --- |")
        for o in spec.outputs {
            line("| `\(o.name)` | \(o.kind) | \(o.fields.map { "`\($0.name)`" }.joined(separator: ", ")) | \(Self.cell(o.doc ?? "")) |")
        }
        line()
        line("### Invariants")
        line()
        line("Checked after every transition in the tests (`Invariants.check`).")
        line()
        line("| invariant | holds when | Raiden |")
        line("| --- | --- | --- |")
        for i in spec.invariants { line("| `\(i.name)` | \(Self.cell(i.check)) | \(Self.cell(i.source)) |") }
        line()
        line("### Properties checked by `netting check`")
        line()
        line("Checked after every step of an exhaustive exploration against a lying partner (Sources/NettingCheck).")
        line()
        line("| property | holds when | known violations of the real protocol |")
        line("| --- | --- | --- |")
        for p in spec.properties {
            let known = p.known.map { "`\($0.name)`: \(Self.cell($0.text)) _(\(Self.cell($0.support)))_" }.joined(separator: "<br>")
            line("| `\(p.name)` | \(Self.cell(p.check)) | \(known.isEmpty ? "none" : known) |")
        }
        line()
        line("Under these bounds and abstractions:")
        line()
        for a in spec.checkAssumptions { line("- **\(a.name)**: \(Self.cell(a.text)) _(\(Self.cell(a.support)))_") }
        line()
        line("### Raiden quirks kept on purpose")
        line()
        for q in spec.quirks { line("- **\(q.name)**: \(Self.cell(q.text)) _(\(Self.cell(q.support)))_") }
        line()
        line("### Where NettingKit deliberately differs from Raiden")
        line()
        for d in spec.deviations { line("- **\(d.name)**: \(Self.cell(d.text)) _(\(Self.cell(d.support)))_") }
        line()
        line("### The canonical JSON form")
        line()
        line("States, inputs, outputs and rejections as state files, `netting step`, `netting run --json`, the vectors and the adapter write them.")
        line()
        for r in spec.canonical.rules { line("- \(Self.cell(r))") }
        line()
        line("| code | the input is rejected when |")
        line("| --- | --- |")
        for e in spec.canonical.errors { line("| `\(e.name)` | \(Self.cell(e.doc)) |") }
        line()
    }

    /// The lifecycle edges between statuses, by the input that moves the channel along.
    static let lifecycle: [(String, String, String)] = [
        ("[*]", "nonexistent", ""),
        ("nonexistent", "opened", "ContractReceiveChannelNew"),
        ("opened", "waiting_for_close", "ActionChannelClose"),
        ("opened", "closed", "ContractReceiveChannelClosed"),
        ("waiting_for_close", "closed", "ContractReceiveChannelClosed"),
        ("closed", "waiting_for_settle", "Block after close + settle_timeout"),
        ("closed", "settled", "ContractReceiveChannelSettled"),
        ("waiting_for_settle", "settled", "ContractReceiveChannelSettled"),
        ("settled", "removed", "ContractReceiveChannelBatchUnlock (both sides)"),
        ("removed", "opened", "ContractReceiveChannelNew (a reopen)"),
        ("closed", "removed", "ContractReceiveChannelSettled with no locks"),
        ("waiting_for_settle", "removed", "ContractReceiveChannelSettled with no locks"),
    ]
}
