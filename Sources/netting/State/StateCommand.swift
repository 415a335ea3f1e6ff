import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Create and inspect saved channel states (one party's view), for `netting step`.",
        discussion: """
            Examples:
              netting state init --key 0x11…11 --partner 0x1563915e194D8CfBA1943570603F7606A3115508 \\
                  --deposit 100 --partner-deposit 50 alice.json
              netting state show alice.json
            """,
        subcommands: [Init.self, Show.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new state: the channel opened on chain and both deposits seen.")

        @Option(help: "Our private key (its address is our end of the channel; the key is not stored).")
        var key: String
        @Option(help: "The partner's address.")
        var partner: String
        @Option(help: "Our total deposit.") var deposit: String = "0"
        @Option(help: "The partner's total deposit.") var partnerDeposit: String = "0"
        @Option(help: "Chain id.") var chainId: String = "337"
        @Option(help: "Token network address.") var tokenNetwork: String = "0x6e6574776f726b6e6574776f726b6e6574776f72"
        @Option(help: "Token address.") var token: String = "0x746f6b656e746f6b656e746f6b656e746f6b656e"
        @Option(help: "Channel identifier.") var channel: String = "1"
        @Option(help: "Settle timeout in blocks.") var settleTimeout: UInt64 = 500
        @Option(help: "Reveal timeout in blocks.") var revealTimeout: UInt64 = 50
        @Option(help: "The block the channel opened in.") var block: UInt64 = 100
        @Option(help: "Seed of the message-identifier generator.") var seed: UInt64 = 1
        @Flag(help: "Overwrite an existing file.") var force = false
        @Argument(help: "Where to write the state (JSON).") var file: String

        func run() throws {
            let us = try Arg.privateKey(key).address
            let them: Address
            do { them = try Address(hex: partner) } catch { throw CLIError(field: "--partner", error) }
            guard force || !FileManager.default.fileExists(atPath: file) else {
                throw CLIError(field: "<file>", code: "output.exists", reason: "\(file) exists; pass --force to overwrite it")
            }
            let id = CanonicalIdentifier(
                chainIdentifier: try Arg.amount(chainId, field: "--chain-id"),
                tokenNetworkAddress: try Arg.address(tokenNetwork, field: "--token-network"),
                channelIdentifier: try Arg.amount(channel, field: "--channel"))
            var state = ChannelState(ourAddress: us, seed: seed)
            var inputs: [Input] = [
                .contractReceiveChannelNew(.init(
                    blockNumber: block, canonicalIdentifier: id, tokenAddress: try Arg.address(token, field: "--token"),
                    partnerAddress: them, revealTimeout: revealTimeout, settleTimeout: settleTimeout)),
                .block(.init(blockNumber: block)),
            ]
            for (who, amount, field) in [(us, deposit, "--deposit"), (them, partnerDeposit, "--partner-deposit")] {
                let total = try Arg.amount(amount, field: field)
                if !total.isZero {
                    inputs.append(.contractReceiveChannelDeposit(.init(blockNumber: block, canonicalIdentifier: id, participant: who, contractBalance: total)))
                }
            }
            for input in inputs {
                let step = ChannelMachine.step(state, input)
                if let r = step.rejection { throw CLIError(field: "state", code: r.code.rawValue, reason: r.reason) }
                state = step.state
            }
            try StateFile.write(state, to: file)
            print("wrote \(file): \(us.checksummed) ↔ \(them.checksummed), channel \(id.channelIdentifier), block \(block)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a saved state: both ends at a glance, or all of it with --json.")
        @Flag(help: "Print the whole state in the canonical JSON form (spec/channel.yaml `canonical`), one line.") var json = false
        @Argument(help: "The state file.") var file: String

        func run() throws {
            let state = try StateFile.read(file)
            if json {
                print(String(decoding: state.canonicalJSON, as: UTF8.self))
                return
            }
            printState(state)
        }
    }
}

func printState(_ s: ChannelState) {
    print("channel \(s.canonicalIdentifier.channelIdentifier) · \(s.status.rawValue) · block \(s.blockNumber) · reveal \(s.revealTimeout) · settle \(s.settleTimeout)")
    let header = ["end", "address", "deposit", "withdrawn", "transferred", "locked", "balance", "nonce", "locks"]
    let rows = [("us", s.ourState, s.partnerState), ("partner", s.partnerState, s.ourState)].map { name, e, other in
        [name, e.address.checksummed, e.contractBalance.decimal, e.totalWithdraw.decimal, e.transferredAmount.decimal,
         e.amountLocked.decimal, Amounts.balance(e, other).description, String(e.nonce), String(e.pendingLocks.count)]
    }
    let widths = header.indices.map { i in max(header[i].count, rows.map { $0[i].count }.max() ?? 0) }
    for r in [header] + rows { print(r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")) }
    for t in s.initiatorTasks { print("paying   #\(t.paymentIdentifier): \(t.amount) to the partner, lock expires \(t.lock.expiration), \(t.transferState.rawValue)") }
    for t in s.targetTasks { print("receiving #\(t.paymentIdentifier): lock of \(t.lock.amount) expiring \(t.lock.expiration), \(t.state.rawValue)") }
}

struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Apply one input to a saved state: print the outputs and save the new state atomically.",
        discussion: """
            The input is a YAML or JSON mapping: `input` names it (spec/channel.yaml), the other
            keys are its fields. A rejected input prints its code and leaves the file untouched.
            Examples:
              echo 'input: Block
              block_number: 101' > b.yaml && netting step --state alice.json --input b.yaml
              echo 'input: ActionInitInitiator
              payment_identifier: 1
              amount: "30"
              secret: "0x…"' > pay.yaml && netting step --state alice.json --input pay.yaml --key 0x11…11
              netting step --state bob.json --input received.yaml     # input: ReceiveLockedTransfer, message: '<wire JSON>'
            With --key, outgoing messages are signed with it and printed as wire JSON, ready to be
            given to the partner's state as a Receive… input.
            """)

    @Option(help: "The state file to step (rewritten atomically unless the input is rejected).")
    var state: String
    @Option(help: "The input file (YAML or JSON); - for standard input.")
    var input: String
    @Option(help: "Sign outgoing messages with this key (our key) and print them as wire JSON.")
    var key: String?
    @Option(help: "How strictly to read a received message: strict or raiden.")
    var policy: DecodePolicy = .strict
    @Flag(help: "Print each output as one line in the canonical JSON form (`type` names it); a Send* output's message is signed with --key.")
    var json = false

    func run() throws {
        let current = try StateFile.read(state)
        let text = String(decoding: try readInput(input), as: UTF8.self)
        let parsed: Input
        do { parsed = try InputText.parse(text, file: input, state: current, policy: policy) } catch {
            throw CLIError(field: input + (error.line.map { ":\($0)" } ?? "") + " " + error.path, code: "input.invalid", reason: error.reason)
        }
        let signer = try key.map { try Arg.privateKey($0) }
        let step = ChannelMachine.step(current, parsed)
        // The new state is on disk before any message it signed is printed: a party never signs
        // two different messages with one nonce. A reject_committed input changes the state too.
        let changed = step.state != current
        if changed { try StateFile.write(step.state, to: state) }
        for output in step.outputs { printOutput(output, signer: signer, json: json) }
        if let r = step.rejection {
            let verb = r.code.outcome == .ignore ? "ignored" : "rejected"
            FileHandle.standardError.write(Data("\(verb): \(r.code.rawValue) — \(r.reason) (\(changed ? "state saved: Raiden records this input first" : "state unchanged"))\n".utf8))
            throw ExitCode(1)
        }
        if !json { print("saved \(state): \(step.state.status.rawValue), block \(step.state.blockNumber), our nonce \(step.state.ourState.nonce)") }
    }
}

func printOutput(_ output: Output, signer: PrivateKey?, json: Bool) {
    let output = signer.map { output.signingMessage(with: $0) } ?? output
    if json { return print(String(decoding: output.canonicalJSON, as: UTF8.self)) }
    let name = output.name.rawValue
    if let (recipient, message) = output.outgoingMessage {
        print("\(name) to \(recipient.checksummed)\(signer == nil ? " (unsigned; pass --key to sign)" : ""):")
        print("  " + message.wire.wireJSONString)
    } else {
        // The output's fields, in the canonical form without its `type` tag.
        var fields = String(decoding: output.canonicalJSON, as: UTF8.self)
        if let comma = fields.firstIndex(of: ",") { fields = "{" + fields[fields.index(after: comma)...] } else { fields = "{}" }
        print("\(name) \(fields)")
    }
}
