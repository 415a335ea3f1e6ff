import ArgumentParser
import Foundation
import NettingSpec

struct SpecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "The protocol spec (spec/*.yaml): validate it and generate the Swift that follows it.",
        discussion: """
            spec/ is the source of truth. `generate` rewrites the generated Swift from it;
            `generate --check` (run by the tests) fails when the committed files differ.

            Examples:
              netting spec check
              netting spec generate
              netting spec generate --check
              netting spec render --output - | less
            """,
        subcommands: [Check.self, Generate.self, Render.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "The repository root (holds spec/ and Sources/).")
        var root: String = "."
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load and validate every spec file; print a summary.")
        @OptionGroup var options: Options

        func run() throws {
            let spec = try loadMessages(root: options.root)
            print("spec/messages.yaml: ok — \(spec.messages.count) messages, \(spec.structs.count) structs, \(spec.layouts.count) layouts, \(spec.errors.count) error codes, \(spec.leniencies.count) leniency codes")
            let channel = try loadChannelWithText(root: options.root).0
            print("spec/channel.yaml: ok — \(channel.inputs.count) inputs, \(channel.outputs.count) outputs, \(channel.transitions.count) transitions, \(channel.codes.count) guard codes, \(channel.invariants.count) invariants")
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the spec for people as Markdown (docs/spec.md): lifecycle diagram, transitions, layouts, codes.")
        @OptionGroup var options: Options

        @Option(help: "Where to write it; - for standard output.")
        var output: String = "docs/spec.md"

        func run() throws {
            let (messages, _) = try loadMessagesWithText(root: options.root)
            let (channel, _) = try loadChannelWithText(root: options.root)
            let text = MarkdownRenderer.document(messages: messages, channel: channel)
            if output == "-" { print(text, terminator: ""); return }
            let url = output.hasPrefix("/") ? URL(fileURLWithPath: output) : URL(fileURLWithPath: options.root).appendingPathComponent(output)
            try text.write(to: url, atomically: true, encoding: .utf8)
            print("wrote \(output)")
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the generated Swift from spec/ (or, with --check, verify it is up to date).")
        @OptionGroup var options: Options

        @Flag(help: "Do not write; exit 1 if a generated file would change.")
        var check = false

        func run() throws {
            let root = URL(fileURLWithPath: options.root)
            var stale: [String] = []
            for output in try generatedFiles(root: options.root) {
                let url = root.appendingPathComponent(output.path)
                let current = try? String(contentsOf: url, encoding: .utf8)
                if current == output.contents {
                    print("unchanged  \(output.path)")
                    continue
                }
                if check {
                    stale.append(output.path)
                    print("STALE      \(output.path)")
                } else {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try output.contents.write(to: url, atomically: true, encoding: .utf8)
                    print("wrote      \(output.path)")
                }
            }
            if !stale.isEmpty {
                throw CLIError(field: "spec", code: "spec.stale", reason: "generated files differ from spec/: run `netting spec generate` and commit")
            }
        }
    }
}

/// Everything generated from spec/, with the repository-relative path it lives at.
func generatedFiles(root: String) throws -> [(path: String, contents: String)] {
    let (spec, text) = try loadMessagesWithText(root: root)
    let (channel, channelText) = try loadChannelWithText(root: root)
    let (vectors, vectorsText) = try loadVectorsWithText(root: root, channel: channel, messages: spec)
    return GeneratedFiles.all(.init(
        messages: spec, messagesText: text, channel: channel, channelText: channelText, vectors: vectors, vectorsText: vectorsText))
}

func loadMessages(root: String) throws -> MessagesSpec { try loadMessagesWithText(root: root).0 }

func loadMessagesWithText(root: String) throws -> (MessagesSpec, String) {
    let path = URL(fileURLWithPath: root).appendingPathComponent("spec/messages.yaml").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw CLIError(field: "--root", code: "spec.missing", reason: "no spec/messages.yaml under \(root)")
    }
    do { return (try MessagesSpec.load(yaml: text), text) } catch {
        throw CLIError(field: "spec/messages.yaml", code: "spec.invalid", reason: error.description)
    }
}

func loadVectorsWithText(root: String, channel: ChannelSpec, messages: MessagesSpec) throws -> (VectorsSpec, String) {
    let path = URL(fileURLWithPath: root).appendingPathComponent("spec/vectors.yaml").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw CLIError(field: "--root", code: "spec.missing", reason: "no spec/vectors.yaml under \(root)")
    }
    do { return (try VectorsSpec.load(yaml: text, channel: channel, messages: messages), text) } catch {
        throw CLIError(field: "spec/vectors.yaml", code: "spec.invalid", reason: error.description)
    }
}

func loadChannelWithText(root: String) throws -> (ChannelSpec, String) {
    let path = URL(fileURLWithPath: root).appendingPathComponent("spec/channel.yaml").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw CLIError(field: "--root", code: "spec.missing", reason: "no spec/channel.yaml under \(root)")
    }
    do { return (try ChannelSpec.load(yaml: text), text) } catch {
        throw CLIError(field: "spec/channel.yaml", code: "spec.invalid", reason: error.description)
    }
}
