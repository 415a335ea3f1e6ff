import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Apply inputs to a saved state: received messages, chain logs, actions. Prints the outputs and saves the new state.",
        discussion: """
            --input is a file (- for standard input) holding one hand-written input — a
            YAML or JSON mapping whose `input` names it (spec/channel.yaml `inputs`) and
            whose other keys are its fields, every key known — or JSON lines, one object a
            line:
              · a message exactly as Raiden sends it (what --send writes),
                its sender recovered from its signature, received as:
            \(StepInputs.receiveMapping.map { "      \($0.message) → \($0.input)"
            }.joined(separator: "\n"))
              · an input in the canonical form, tagged with `type`:
                {"type":"Block","block_number":"700"}
              · a contract log as `netting chain` prints it (ChannelClosed,
                NonClosingBalanceProofUpdated, ChannelSettled, ChannelUnlocked,
                SecretRevealed): this party's ContractReceive… input
              · a Send… output as `step --json` prints it: its message
              · a hand-written input: {"input": "Block", "block_number": 700}
            The inputs are applied in order, each as if stepped alone; the state after the
            last is saved atomically before any message it signed is printed. An ignored
            input (Raiden drops it silently) is reported on standard error in an error's
            shape ({"ignored": {…}} with --json) and the next one applied; a rejected
            input stops there: the state of the inputs before it is kept, its line and
            code are printed, and the exit status is 1.

            Output: for people, each input and its outputs; with --json, each output on
            one line in the canonical form (spec/channel.yaml `canonical`: `type` names
            the output, integers are decimal strings, a Send… output's `message` is the
            wire object, signed with --key). --send FILE writes each message sent, signed
            with --key, as one wire JSON line, which the partner's
            `netting step --input FILE` reads unchanged (--send - writes them to standard
            output, and the report to standard error).

            Examples:
              netting step --state alice.json --key $ALICE_KEY \\
                  --input pay.yaml --send alice.out
              netting step --state bob.json --key $BOB_KEY \\
                  --input alice.out --send bob.out
              echo '{"input": "Block", "block_number": 700}' \\
                  | netting step --state alice.json --input -
            """)

    @Option(help: "The state file to step (rewritten atomically unless the first input is rejected).")
    var state: String
    @Option(help: "The inputs: a file (YAML, JSON, or JSON lines); - for standard input.")
    var input: String
    @Option(help: "Sign outgoing messages with this key (our key).")
    var key: String?
    @Option(help: "Write each message sent, signed, as one wire JSON line to this file (- for standard output). Needs --key.")
    var send: String?
    @Option(help: "How strictly to read a received message: strict or raiden.")
    var policy: DecodePolicy = .strict
    @Flag(help: "Print each output as one line in the canonical JSON form (`type` names it); a Send… output's message is signed with --key.")
    var json = false

    func validate() throws {
        if send != nil && key == nil {
            throw CLIError(field: "--send", code: "usage.requires_key", reason: "messages are sent signed: pass --key with our private key")
        }
        if send == "-" && json {
            throw CLIError(field: "--send", code: "usage.conflict", reason: "--send - and --json would both write to standard output; give --send a file")
        }
    }

    func run() throws {
        let signer = try key.map { try Arg.privateKey($0) }
        // The state file first: a missing state is the error, whatever the input holds.
        try StateAccess.check(state, field: "--state")
        let inputs: StepInputs
        do {
            inputs = try StepInputs(try Files.read(input, role: "--input", limit: InputLimits.stepInput, what: "a step input"))
        } catch let e as StepInputs.Failure { throw CLIError(input, e) }

        // Locked, read, stepped and durably saved before anything is printed or sent: a party
        // never signs two different messages with one nonce. A reject_committed input changes
        // the state too.
        typealias Stepped = (now: ChannelState, applied: [(name: String, outputs: [Output])], notes: [CLIError], stop: CLIError?)
        let (now, applied, notes, stop) = try StateAccess.transaction(state, field: "--state") { current -> (state: ChannelState?, result: Stepped) in
            if let signer, signer.address != current.ourState.address {
                throw CLIError(field: "--key", code: "usage.wrong_key", reason: "is \(signer.address.checksummed)'s key; \(state) is \(current.ourState.address.checksummed)'s state")
            }
            var now = current
            var applied: [(name: String, outputs: [Output])] = []
            var notes: [CLIError] = []
            var stop: CLIError?
            for item in inputs.items {
                let next: Input
                do throws(StepInputs.Failure) { next = try item.input(for: now, policy: policy, file: input) } catch {
                    stop = CLIError(input, error)
                    break
                }
                let step = ChannelMachine.step(now, next)
                now = step.state
                applied.append((next.name.rawValue, step.outputs))
                if let r = step.rejection {
                    if r.code.outcome == .ignore {
                        notes.append(CLIError(file: input == "-" ? nil : input, line: item.line, path: next.name.rawValue, code: r.code.rawValue, reason: "ignored: \(r.reason)"))
                        continue
                    }
                    let kept = step.state != current ? "state saved up to here" : "state unchanged"
                    stop = CLIError(file: input == "-" ? nil : input, line: item.line, path: next.name.rawValue, code: r.code.rawValue, reason: "rejected: \(r.reason) (\(kept))")
                    break
                }
            }
            return (now, (now, applied, notes, stop))
        }
        let signed = applied.map { ($0.name, $0.outputs.map { o in signer.map { o.signingMessage(with: $0) } ?? o }) }
        var wire: [String] = []
        for (_, outputs) in signed {
            for o in outputs { if let (_, m) = o.outgoingMessage { wire.append(m.wire.wireJSONString) } }
        }
        let report: (String) -> Void = send == "-" ? { FileHandle.standardError.write(Data(($0 + "\n").utf8)) } : { print($0) }
        if let send, send != "-" {
            try Files.write(Array(wire.map { $0 + "\n" }.joined().utf8), to: send)
        }
        for (name, outputs) in signed {
            if !json && inputs.items.count > 1 { report("← \(name)") }
            for o in outputs { report(describe(o, signed: signer != nil, json: json)) }
        }
        if send == "-" { for line in wire { print(line) } }
        // An ignored input is no error (exit 0): a note on standard error, in the error's shape
        // (`{"ignored": {…}}` with --json), so standard output stays what the partner reads.
        for note in notes { FileHandle.standardError.write(Data(((json ? note.json(key: "ignored") : note.description) + "\n").utf8)) }
        if let stop { throw stop }
        if !json {
            report("saved \(state): \(now.status.rawValue), block \(now.blockNumber), our nonce \(now.ourState.nonce)"
                + (send.map { $0 == "-" ? "; \(wire.count) message(s) on standard output" : "; \(wire.count) message(s) in \($0)" } ?? ""))
        }
    }
}

extension CLIError {
    init(_ file: String, _ e: StepInputs.Failure) {
        self.init(file: file == "-" ? nil : file, line: e.line, column: e.column, path: e.path, code: e.code, reason: e.reason)
    }
}
