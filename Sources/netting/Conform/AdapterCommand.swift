import ArgumentParser
import Foundation
import NettingCodec
import NettingVectors

/// `netting adapter`: NettingKit's own machine behind the adapter protocol, or a deliberately
/// broken one (`--mutant`), so that `netting conform` can be run on both.
struct AdapterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter",
        abstract: "Serve NettingKit's machine over the adapter protocol (JSON lines on stdin/stdout; spec/adapter-protocol.md).",
        discussion: """
            Run by `netting conform`, not by hand. With --mutant, one of the deliberately
            broken machines the checker must catch (`netting adapter --list-mutants` names
            them).

            Output: the protocol is JSON lines already; --json makes a command-line error
            one {"error": …} object on standard output and --list-mutants one
            {"mutant", "doc"} object a line.

            Examples:
              netting conform --impl "netting adapter"
              netting conform --impl "netting adapter --mutant accepts_stale_nonce"
            """)

    @Option(help: "Serve a broken machine instead: one of `netting adapter --list-mutants`.") var mutant: String?
    @Flag(help: "List the mutants with what each one gets wrong.") var listMutants = false
    @Flag(help: "Errors and --list-mutants as JSON (the protocol itself is always JSON lines).") var json = false

    func run() throws {
        if listMutants {
            for m in Mutant.allCases {
                if json { printJSON(["mutant": m.rawValue, "doc": m.doc]) } else { print("\(m.rawValue)  \(m.doc)") }
            }
            return
        }
        let implementation: any VectorImplementation
        if let mutant {
            guard let m = Mutant(rawValue: mutant) else {
                throw CLIError(field: "--mutant", code: "input.invalid", reason: "\(mutant) is not a mutant (one of \(Mutant.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            implementation = MutantImplementation(m)
        } else {
            implementation = NettingKitImplementation()
        }
        let name = mutant.map { "nettingkit-mutant-\($0)" } ?? "nettingkit"
        while let line = Swift.readLine(strippingNewline: true) {
            let answer = Self.answer(Array(line.utf8), implementation: implementation, name: name)
            FileHandle.standardOutput.write(Data(answer + [0x0A]))
        }
    }

    static func answer(_ line: [UInt8], implementation: any VectorImplementation, name: String) -> [UInt8] {
        var w = JSONWriter(capacity: 8192)
        w.beginObject()
        guard case .object(let request)? = try? JSONParser.parse(line, maxDepth: 128), case .string(let id)? = request["id"], case .string(let op)? = request["op"] else {
            w.key("id"); w.null()
            error(&w, "adapter.bad_request", "a request is one JSON object with an id and an op")
            return w.bytes
        }
        w.key("id"); w.string(id)
        switch op {
        case "hello":
            w.key("ok"); w.beginObject()
            w.key("protocol"); w.string(AdapterProcess.protocolName)
            w.key("name"); w.string(name)
            w.key("version"); w.string(VectorsSpecTable.version)
            w.key("capabilities"); w.beginArray(); for c in AdapterOps.capabilities(implementation) { w.string(c) }; w.endArray()
            w.endObject()
        case "step":
            guard let implementation = implementation as? any ChannelImplementation else {
                error(&w, "adapter.unsupported", "no channel machine here")
                break
            }
            guard let state = request["state"], let input = request["input"] else {
                error(&w, "adapter.bad_request", "a step holds state and input")
                break
            }
            do {
                let r = try implementation.step(state: bytes(state), input: bytes(input))
                w.key("ok"); w.beginObject()
                w.key("state"); w.raw(r.state)
                w.key("outputs"); w.beginArray(); for o in r.outputs { w.raw(o) }; w.endArray()
                w.key("rejection"); if let rej = r.rejection { w.raw(rej) } else { w.null() }
                w.endObject()
            } catch {
                self.error(&w, "adapter.bad_request", "\(error)")
            }
        default:
            switch AdapterOps.serve(op: op, request, implementation: implementation) {
            case .success(let ok)?: w.key("ok"); w.raw(ok)
            case .failure(let f)?: error(&w, f.code, f.reason)
            case nil: error(&w, "adapter.unsupported", "op \(excerpt(op)) is not served here")
            }
        }
        w.endObject()
        return w.bytes
    }

    static func bytes(_ v: JSONValue) -> [UInt8] { var w = JSONWriter(capacity: 2048); w.value(v); return w.bytes }

    static func error(_ w: inout JSONWriter, _ code: String, _ reason: String) {
        w.key("error"); w.beginObject(); w.key("code"); w.string(code); w.key("reason"); w.string(reason); w.endObject()
    }
}
