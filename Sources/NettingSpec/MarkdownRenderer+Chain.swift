extension MarkdownRenderer {
    /// The formats of a channel driven by hand (spec/chain.yaml): each chain log, the input it
    /// becomes at each party, and the chain file's records.
    mutating func chain(_ spec: ChainSpec) {
        line("## A channel by hand: chain logs and the chain file")
        line()
        line("`netting chain` makes each contract call from the two parties' state files, keeps the contract's storage in a chain file, and prints the logs the call emits; each party's `netting step` reads the logs and turns each into its own ContractReceive… input. Source: `spec/chain.yaml`; JSON Schemas: `spec/schemas/chain-log.schema.json`, `spec/schemas/chain-file.schema.json`.")
        line()
        line("### Chain logs")
        line()
        for r in spec.logRules { line("- \(Self.cell(r))") }
        line()
        for log in spec.logs {
            line("#### \(log.name) → \(log.input)")
            line()
            line("\(Self.sentence(log.doc)) Declared in `\(log.event)`; decoded as `\(log.decoder)`.\(log.sides.map { " " + Self.sentence($0) } ?? "")")
            line()
            line("| key | type | Solidity | note |")
            line("| --- | --- | --- | --- |")
            line("| `type` | string | | `\"\(log.name)\"` |")
            line("| `block_number` | u64 | | the block the log was mined in |")
            if log.contract == "TokenNetwork" { line("| `token_network_address` | address | | the TokenNetwork that emitted it |") }
            for a in log.args { line("| `\(a.name)` | \(a.type) | \(a.solidity) | \(Self.cell(a.doc ?? "")) |") }
            line()
            line("| \(log.input) field | from |")
            line("| --- | --- |")
            for f in log.fields { line("| `\(f.field)` | `\(f.from)`\(f.zero.map { "; zero means \($0)" } ?? "") |") }
            line()
        }
        line("### The chain file (`\(spec.chainFileFormat)`)")
        line()
        for r in spec.chainFileRules { line("- \(Self.cell(r))") }
        for e in spec.enumerations { line("- `\(e.name)`: one of \(e.values.map { "`\($0)`" }.joined(separator: ", ")) — \(Self.cell(e.doc))") }
        line()
        for r in spec.records {
            line("#### \(r.name)")
            line()
            line(Self.sentence(r.doc))
            line()
            line("| key | type | note |")
            line("| --- | --- | --- |")
            for f in r.fields {
                var note = f.doc ?? ""
                if r.name == spec.records[0].name, f.name == "format" { note = "`\"\(spec.chainFileFormat)\"`" }
                if let n = f.count { note += (note.isEmpty ? "" : "; ") + "exactly \(n) items" }
                if let n = f.maxCount { note += (note.isEmpty ? "" : "; ") + "at most \(n) items" }
                line("| `\(f.name)` | \(Self.cell(f.type)) | \(Self.cell(note)) |")
            }
            line()
        }
    }
}
