import ArgumentParser
import Foundation
import NettingCodec
import NettingSpec

extension SpecCommand {
    /// What a spec declares, for people and scripts: the inputs a machine takes (what `netting
    /// step` reads), the outputs it emits, the wire messages and every error code.
    struct List: ParsableCommand {
        enum Section: String, CaseIterable, ExpressibleByArgument { case inputs, outputs, messages, codes }

        static let configuration = CommandConfiguration(
            abstract: "List the machine's inputs and outputs, the wire messages, and every error code.",
            discussion: """
                Sections: inputs, outputs, messages, codes (all of them by default). --json
                prints one object with the sections asked for: "inputs" and "outputs", arrays
                of {"name", "kind", "doc", "fields": [{"name", "type"}]}; "messages", an array
                of names; "codes", an array of {"code", "kind", "source", "doc"}.
                Examples:
                  netting spec list inputs
                  netting spec list codes --json
                """)
        @OptionGroup var options: SpecCommand.Options
        @Argument(help: "The sections to list: inputs, outputs, messages, codes.") var sections: [Section] = []
        @Flag(help: "Print one JSON object (see above).") var json = false

        func run() throws {
            let s = try SpecSource.load(root: options.root).specs
            let wanted = sections.isEmpty ? Section.allCases : sections
            if json {
                var w = JSONWriter(capacity: 65536)
                w.beginObject()
                for section in wanted {
                    w.key(section.rawValue)
                    w.beginArray()
                    switch section {
                    case .inputs: for m in s.channel.inputs { Self.write(m, &w) }
                    case .outputs: for m in s.channel.outputs { Self.write(m, &w) }
                    case .messages: for m in s.messages.messages { w.string(m.name) }
                    case .codes:
                        for e in s.errorTable {
                            w.beginObject(); w.field("code", e.code); w.field("kind", e.kind); w.field("source", e.source); w.field("doc", e.doc); w.endObject()
                        }
                    }
                    w.endArray()
                }
                w.endObject()
                print(String(decoding: w.bytes, as: UTF8.self))
                return
            }
            for section in wanted {
                switch section {
                case .inputs: Self.printMessages("Inputs (netting step reads them; `input:` names one)", s.channel.inputs)
                case .outputs: Self.printMessages("Outputs", s.channel.outputs)
                case .messages: print("Wire messages: " + s.messages.messages.map(\.name).joined(separator: ", ") + "\n")
                case .codes:
                    print("Error codes (netting explain CODE):")
                    let width = s.errorTable.map(\.code.count).max() ?? 0
                    for e in s.errorTable { print("  " + e.code.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + e.kind.padding(toLength: 9, withPad: " ", startingAt: 0) + " " + e.doc) }
                    print("")
                }
            }
        }

        static func write(_ m: ChannelSpec.Message, _ w: inout JSONWriter) {
            w.beginObject()
            w.field("name", m.name)
            w.field("kind", m.kind)
            w.key("doc"); if let d = m.doc { w.string(d) } else { w.null() }
            w.key("fields"); w.beginArray()
            for f in m.fields { w.beginObject(); w.field("name", f.name); w.field("type", f.type); w.endObject() }
            w.endArray()
            w.endObject()
        }

        static func printMessages(_ title: String, _ list: [ChannelSpec.Message]) {
            print(title + ":")
            for m in list {
                print("  \(m.name) (\(m.kind))" + (m.fields.isEmpty ? "" : ": " + m.fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ")))
            }
            print("")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an error or rejection code: what it means, where the spec declares it.",
        discussion: """
            Every code netting prints is in one table (spec/errors.yaml with the guard,
            decode, canonical and revert codes of the other spec files; `netting spec list
            codes` lists it). --json prints {"code", "kind", "source", "doc", "details":
            [...]}.
            Examples:
              netting explain LockedTransfer.nonce_mismatch
              netting explain scenario.invalid --json
            """)
    @Argument(help: "The code, as printed between [ ] or in an error's \"code\".") var code: String
    @Flag(help: "Print one JSON object (see above).") var json = false

    func run() throws {
        let table = try SpecSource.errorTable()
        let wanted = code.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        guard let e = table.first(where: { $0.code == wanted }) else {
            let near = table.map(\.code).filter { $0.hasPrefix(String(wanted.split(separator: ".").first ?? "")) }.prefix(8)
            throw CLIError(field: "<code>", code: "explain.unknown_code",
                reason: "\(excerpt(wanted)) is not a code netting knows" + (near.isEmpty ? " (netting spec list codes lists them)" : " (similar: \(near.joined(separator: ", ")))"))
        }
        if json {
            var w = JSONWriter(capacity: 1024)
            w.beginObject()
            w.field("code", e.code); w.field("kind", e.kind); w.field("source", e.source); w.field("doc", e.doc)
            w.key("details"); w.beginArray(); for d in e.details { w.string(d) }; w.endArray()
            w.endObject()
            print(String(decoding: w.bytes, as: UTF8.self))
            return
        }
        print("\(e.code) — \(e.kind)")
        print(wrap(e.doc, indent: "  "))
        for d in e.details { print(wrap(d, indent: "  ")) }
        print("  declared in \(e.source)")
    }
}
