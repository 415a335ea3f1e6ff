import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingSpec

struct SpecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "The protocol spec (spec/*.yaml): validate it, list it, render it, generate the Swift that follows it.",
        discussion: """
            spec/ is the source of truth. `generate` rewrites the generated Swift from it;
            `generate --check` (run by the tests) fails when the committed files differ.
            `check`, `list` and `render` read spec/ under --root, or under the current
            folder when it is there, or else the spec built into netting: they work
            anywhere.

            Examples:
              netting spec check
              netting spec list codes
              netting spec generate
              netting spec generate --check --json
              netting spec render --output - | less
            """,
        subcommands: [Check.self, List.self, Generate.self, Render.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "The repository root holding spec/ (default: the current folder if it has spec/, else the spec built into netting).")
        var root: String?
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and validate every spec file; print a summary.",
            discussion: """
                --json prints one object: {"origin", "version", "sha256", "files": [{"path",
                "sha256"}], "counts": {"messages", "structs", "layouts", "decode_errors",
                "leniencies", "inputs", "outputs", "transitions", "guard_codes", "invariants",
                "error_codes", "reverts", "chain_logs"}}, counts as decimal strings.
                """)
        @OptionGroup var options: Options
        @Flag(help: "Print one JSON object (see above).") var json = false

        func run() throws {
            let source = try SpecSource.load(root: options.root)
            let s = source.specs
            let counts: KeyValuePairs<String, Int> = [
                "messages": s.messages.messages.count, "structs": s.messages.structs.count, "layouts": s.messages.layouts.count,
                "decode_errors": s.messages.errors.count, "leniencies": s.messages.leniencies.count, "inputs": s.channel.inputs.count,
                "outputs": s.channel.outputs.count, "transitions": s.channel.transitions.count, "guard_codes": s.channel.codes.count,
                "invariants": s.channel.invariants.count, "error_codes": s.errors.codes.count, "reverts": s.errors.reverts.count + s.vectors.reverts.count,
                "chain_logs": s.chain.logs.count,
            ]
            if json {
                var w = JSONWriter(capacity: 1024)
                w.beginObject()
                w.field("origin", source.origin)
                w.field("version", s.vectors.version)
                w.field("sha256", EmbeddedSpecGenerator.combinedSHA256(s.files))
                w.key("files"); w.beginArray()
                for f in s.files { w.beginObject(); w.field("path", f.path); w.field("sha256", sha256(f.text)); w.endObject() }
                w.endArray()
                w.key("counts"); w.beginObject()
                for (k, v) in counts { w.key(k); w.string(String(v)) }
                w.endObject()
                w.endObject()
                print(String(decoding: w.bytes, as: UTF8.self))
                return
            }
            print("spec (\(source.origin)), version \(s.vectors.version), sha256 \(EmbeddedSpecGenerator.combinedSHA256(s.files))")
            print("spec/messages.yaml: ok — \(s.messages.messages.count) messages, \(s.messages.structs.count) structs, \(s.messages.layouts.count) layouts, \(s.messages.errors.count) error codes, \(s.messages.leniencies.count) leniency codes")
            print("spec/channel.yaml: ok — \(s.channel.inputs.count) inputs, \(s.channel.outputs.count) outputs, \(s.channel.transitions.count) transitions, \(s.channel.codes.count) guard codes, \(s.channel.invariants.count) invariants")
            print("spec/vectors.yaml: ok — version \(s.vectors.version), \(s.vectors.suites.count) suites, \(s.vectors.flags.count) flags, \(s.vectors.reverts.count) settlement reverts")
            print("spec/errors.yaml: ok — \(s.errors.codes.count) error codes, \(s.errors.reverts.count) chain reverts")
            print("spec/chain.yaml: ok — \(s.chain.logs.count) chain logs, \(s.chain.records.count) chain file records")
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the spec for people as Markdown (docs/spec.md): lifecycle diagram, transitions, layouts, codes.",
            discussion: """
                Works anywhere: without spec/ here, the spec built into netting is rendered;
                --diagram prints the lifecycle diagram alone.
                --json prints {"path", "bytes"} for the file written, {"markdown"} with
                --output -, and {"diagram"} with --diagram (the text as one JSON string).
                Example:
                  netting spec render --output - > spec.md
                """)
        @OptionGroup var options: Options

        @Option(help: "Where to write it (relative to --root when given); - for standard output.")
        var output: String = "docs/spec.md"

        @Flag(help: "Print JSON (see above) instead of text.") var json = false

        @Flag(help: "Print only the channel's lifecycle diagram (Mermaid stateDiagram-v2) on standard output.") var diagram = false

        func run() throws {
            let s = try SpecSource.load(root: options.root).specs
            let text = MarkdownRenderer.document(s)
            if diagram {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                guard let start = lines.firstIndex(of: "```mermaid"), let end = lines[(start + 1)...].firstIndex(of: "```") else { return }
                let mermaid = lines[(start + 1)..<end].joined(separator: "\n")
                if json { printJSON(["diagram": mermaid + "\n"]) } else { print(mermaid) }
                return
            }
            if output == "-" {
                if json { printJSON(["markdown": text]) } else { print(text, terminator: "") }
                return
            }
            let path = output.hasPrefix("/") || options.root == nil ? output : URL(fileURLWithPath: options.root!).appendingPathComponent(output).path
            try Files.makeDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path, role: "--output")
            try Files.write(text, to: path)
            if json { printJSON(["path": path, "bytes": String(text.utf8.count)]) } else { print("wrote \(path)") }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the generated Swift from spec/ (or, with --check, verify it is up to date).",
            discussion: """
                Reads spec/ under --root (default: the current folder) and writes every
                generated file under it. --json prints one object per file, {"path", "status"}
                with status unchanged, written or stale, then a stale check's error object.
                """)
        @OptionGroup var options: Options

        @Flag(help: "Do not write; exit 1 if a generated file would change.")
        var check = false

        @Flag(help: "Print one JSON object per generated file (see above).") var json = false

        func run() throws {
            let rootPath = options.root ?? "."
            guard FileManager.default.fileExists(atPath: URL(fileURLWithPath: rootPath).appendingPathComponent("spec").path) else {
                throw CLIError(file: rootPath, path: "--root", code: "spec.missing", reason: "has no spec/ folder: generate runs in the repository (or give --root)")
            }
            let specs = try SpecSource.load(root: rootPath).specs
            let root = URL(fileURLWithPath: rootPath)
            var stale: [String] = []
            for output in GeneratedFiles.all(specs) {
                let url = root.appendingPathComponent(output.path)
                let current = try? String(contentsOf: url, encoding: .utf8)
                let status: String
                if current == output.contents {
                    status = "unchanged"
                } else if check {
                    stale.append(output.path)
                    status = "stale"
                } else {
                    try Files.makeDirectory(url.deletingLastPathComponent().path, role: "--root")
                    try Files.write(output.contents, to: url.path)
                    status = "written"
                }
                if json { printJSON(["path": output.path, "status": status]) } else { print(status.uppercased() == "STALE" ? "STALE      \(output.path)" : "\(status == "written" ? "wrote" : status)\(String(repeating: " ", count: max(1, 11 - (status == "written" ? 5 : status.count))))\(output.path)") }
            }
            if !stale.isEmpty {
                throw CLIError(field: "spec", code: "spec.stale", reason: "\(stale.count) generated files differ from spec/ (\(stale.prefix(3).joined(separator: ", "))): run `netting spec generate` and commit")
            }
        }
    }
}

func sha256(_ text: String) -> String { String(SecretHash.sha256(Array(text.utf8)).hex.dropFirst(2)) }
