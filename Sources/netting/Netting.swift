import ArgumentParser
import Foundation
import NettingCodec
import NettingSpec

@main
struct Netting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netting",
        abstract: "NettingKit: an offline spec kit for Raiden-style payment channels.",
        discussion: """
            Everything runs offline and is deterministic. Hex goes in with or without 0x
            and comes out as lowercase 0x-hex; amounts are decimal. Every command that
            prints data takes --json: its output as JSON in the canonical form (integers
            as decimal strings), one object per line, described in its --help.

            Errors: one line `file:line:column: path: reason [code]` on standard error,
            exit status 1 (64 for a wrong command line). With --json, the error is one
            object {"error": {"code", "file", "line", "column", "path", "reason"}} on
            standard output (unknown parts null). `netting explain CODE` says what a code
            means.

            Examples:
              netting crypto keccak --text abc
              netting crypto address --key \\
                0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
              netting explain LockedTransfer.nonce_mismatch
              netting completion bash > /etc/bash_completion.d/netting
            """,
        version: "netting \(EmbeddedSpec.version) (spec sha256 \(EmbeddedSpec.sha256))",
        subcommands: [
            CryptoCommand.self, MessageCommand.self, RunCommand.self, PlayCommand.self, StateCommand.self, StepCommand.self, ChainCommand.self, PayoutCommand.self,
            SpecCommand.self, VectorsCommand.self, ConformCommand.self, AdapterCommand.self, CheckCommand.self, ExplainCommand.self, CompletionCommand.self,
        ]
    )

    /// Parses and runs the command; every error goes through `ErrorRenderer` (one line or one
    /// JSON object, with a code), except help and --version, which ArgumentParser prints.
    static func main() {
        // `netting --version --json`: ArgumentParser prints --version itself, as text.
        if Set(CommandLine.arguments.dropFirst()) == ["--version", "--json"] {
            printJSON(["version": EmbeddedSpec.version, "spec_sha256": EmbeddedSpec.sha256])
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard let status = ErrorRenderer.handle(error) else { exit(withError: error) }
            Foundation.exit(status)
        }
    }
}

struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print a shell completion script for netting: bash, zsh or fish.",
        discussion: """
            Examples:
              netting completion bash > ~/.local/share/bash-completion/completions/netting
              netting completion zsh > "${fpath[1]}/_netting"
              netting completion fish > ~/.config/fish/completions/netting.fish

            Output: the script; with --json, one object {"shell", "script"}.
            """)

    @Argument(help: "The shell: bash, zsh or fish.") var shell: String
    @Flag(help: "Print {\"shell\", \"script\"} instead of the script.") var json = false

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw CLIError(field: "<shell>", code: "usage.invalid", reason: "\(excerpt(shell)) is not a shell netting completes (bash, zsh, fish)")
        }
        let script = Netting.completionScript(for: kind)
        if json { printJSON(["shell": kind.rawValue, "script": script]) } else { print(script, terminator: "") }
    }
}
