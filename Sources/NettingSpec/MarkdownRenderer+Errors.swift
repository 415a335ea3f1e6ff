extension MarkdownRenderer {
    /// The whole of docs/spec.md from the loaded spec files: the channel, the messages, the
    /// formats of a channel driven by hand, and the error codes of spec/errors.yaml.
    public static func document(_ s: GeneratedFiles.Specs) -> String {
        var r = MarkdownRenderer()
        r.title()
        r.channel(s.channel)
        r.messages(s.messages)
        r.chain(s.chain)
        r.errors(s.errors)
        return r.text
    }

    /// The error codes no other spec file declares, and the contract's reverts with its reason
    /// strings: with the guard, canonical, decode and corpus codes above, the table
    /// `netting explain` reads.
    mutating func errors(_ spec: ErrorsSpec) {
        line("## Error codes")
        line()
        line("Every error netting prints is one line `file:line:column: key path: reason [code]` (or, with `--json`, `{\"error\": {\"code\", \"file\", \"line\", \"column\", \"path\", \"reason\"}}`), and its code is in one table: the guard codes of the transitions, the canonical form's codes, the decoding codes, the corpus's reverts and crypto codes, and the codes below. `netting explain CODE` prints any of them; `netting spec list codes` lists them all. Source: `spec/errors.yaml`.")
        line()
        line("| code | meaning |")
        line("| --- | --- |")
        for c in spec.codes { line("| `\(c.code)` | \(Self.cell(c.doc)) |") }
        line()
        line("### Contract reverts")
        line()
        line("How `netting run` reports a TokenNetwork call that fails (raiden-contracts 0.40.2, `TokenNetwork.sol`), with the contract's reason string; settle's and unlock's arithmetic reverts are the settlement suite's codes (`spec/vectors.yaml` `reverts`).")
        line()
        line("| code | the contract reverts with | when |")
        line("| --- | --- | --- |")
        for r in spec.reverts { line("| `\(r.code)` | \(Self.cell(r.revert)) | \(Self.cell(r.doc)) |") }
        line()
    }
}
