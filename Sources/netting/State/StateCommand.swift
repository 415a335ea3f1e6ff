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
              netting state init --key $ALICE_KEY --deposit 100 --partner-deposit 50 \\
                  --partner 0x1563915e194D8CfBA1943570603F7606A3115508 alice.json
              netting state show alice.json
            --json (init, show): the whole state on one line in the canonical form
            (spec/channel.yaml `canonical`), as the file holds it under "state".
            """,
        subcommands: [Init.self, Show.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new state: the channel opened on chain and both deposits seen.")

        @Option(help: "Our private key (its address is our end of the channel; the key is not stored).")
        var key: String
        @Option(help: "The partner's address.")
        var partner: String
        @Option(parsing: .unconditional, help: "Our total deposit (a decimal amount).") var deposit: String = "0"
        @Option(parsing: .unconditional, help: "The partner's total deposit (a decimal amount).") var partnerDeposit: String = "0"
        @Option(help: "Chain id.") var chainId: String = "337"
        @Option(help: "Token network address.") var tokenNetwork: String = "0x6e6574776f726b6e6574776f726b6e6574776f72"
        @Option(help: "Token address.") var token: String = "0x746f6b656e746f6b656e746f6b656e746f6b656e"
        @Option(help: "Channel identifier.") var channel: String = "1"
        @Option(parsing: .unconditional, help: "Settle timeout in blocks.") var settleTimeout: String = "500"
        @Option(parsing: .unconditional, help: "Reveal timeout in blocks.") var revealTimeout: String = "50"
        @Option(parsing: .unconditional, help: "The block the channel opened in.") var block: String = "100"
        @Option(parsing: .unconditional, help: """
            Seed of the message-identifier generator (default: our address's first 8
            bytes, big-endian, so that the two ends of a channel never draw the same
            identifiers).
            """) var seed: String?
        @Flag(help: "Overwrite an existing file.") var force = false
        @Flag(help: "Print the new state in the canonical JSON form (as `state show --json`), one line.") var json = false
        @Argument(help: "Where to write the state (JSON).") var file: String

        func run() throws {
            let us = try Arg.privateKey(key).address
            let them: Address
            do { them = try Address(hex: partner) } catch { throw CLIError(field: "--partner", error) }
            let id = CanonicalIdentifier(
                chainIdentifier: try Arg.amount(chainId, field: "--chain-id"),
                tokenNetworkAddress: try Arg.address(tokenNetwork, field: "--token-network"),
                channelIdentifier: try Arg.amount(channel, field: "--channel"))
            let block = try Arg.u64(block, field: "--block")
            let settleTimeout = try Arg.u64(settleTimeout, field: "--settle-timeout")
            let revealTimeout = try Arg.u64(revealTimeout, field: "--reveal-timeout")
            // TokenNetwork numbers channels from 1 (raiden-contracts TokenNetwork.openChannel:
            // channel_counter += 1); the codec refuses channel 0 in every message.
            guard !id.channelIdentifier.isZero else {
                throw CLIError(field: "--channel", code: "value.out_of_range", reason: "must be at least 1: TokenNetwork numbers channels from 1")
            }
            // The bounds scenarios use: no sum of a block number and a timeout comes near 2^64.
            for (value, range, field) in [
                (settleTimeout, 1...ScenarioLimits.timeout, "--settle-timeout"), (revealTimeout, 1...ScenarioLimits.timeout, "--reveal-timeout"),
                (block, 0...ScenarioLimits.openedAt, "--block"),
            ] where !range.contains(value) {
                throw CLIError(field: field, code: "value.out_of_range", reason: "must be from \(range.lowerBound) to \(range.upperBound), got \(value)")
            }
            let seed = try seed.map { try Arg.u64($0, field: "--seed") } ?? Self.defaultSeed(us)
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
            try StateAccess.create(state, at: file, overwrite: force)
            if json { return print(String(decoding: state.canonicalJSON, as: UTF8.self)) }
            print("wrote \(file): \(us.checksummed) ↔ \(them.checksummed), channel \(id.channelIdentifier), block \(block), seed \(seed)")
        }

        /// The default seed: the first 8 bytes of our address, big-endian (`Address.hi`). Each end of a channel
        /// has its own address, so their message identifiers differ.
        static func defaultSeed(_ address: Address) -> UInt64 {
            address.hi
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a saved state: both ends at a glance, or all of it with --json.")
        @Flag(help: "Print the whole state in the canonical JSON form (spec/channel.yaml `canonical`: integers as decimal strings, hex lowercase, every key present), one line.") var json = false
        @Argument(help: "The state file.") var file: String

        func run() throws {
            let state = try StateAccess.load(file, field: "<file>")
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

/// One output for people, or its canonical JSON line with `json`; a Send… output's message in
/// wire JSON (`signed`: it was signed with --key).
func describe(_ output: Output, signed: Bool, json: Bool) -> String {
    if json { return String(decoding: output.canonicalJSON, as: UTF8.self) }
    let name = output.name.rawValue
    if let (recipient, message) = output.outgoingMessage {
        return "\(name) to \(recipient.checksummed)\(signed ? "" : " (unsigned; pass --key to sign)"):\n  " + message.wire.wireJSONString
    }
    // The output's fields, in the canonical form without its `type` tag.
    var fields = String(decoding: output.canonicalJSON, as: UTF8.self)
    if let comma = fields.firstIndex(of: ",") { fields = "{" + fields[fields.index(after: comma)...] } else { fields = "{}" }
    return "\(name) \(fields)"
}
