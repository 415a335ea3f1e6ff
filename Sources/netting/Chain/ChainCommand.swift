import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

/// The TokenNetwork contract (raiden-contracts 0.40.2), offline, for a channel driven by hand:
/// each call is made on the model in Sources/NettingScenario/Chain with what the parties'
/// state files hold, and prints the logs it emits for both parties' `netting step`.
struct ChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "The channel's contract, offline: close, update, settle, unlock from the two state files.",
        discussion: """
            A chain file (--chain) holds the contract's storage for the channel.
            `chain open` makes it from the two parties' state files; every other call
            reads what it submits from them (the partner's balance proof a state holds,
            the locks a sender has pending), runs the contract's checks and arithmetic
            (TokenNetwork 0.40.2), saves the chain file, and prints what the chain says as
            JSON lines that both parties' `netting step --input` read unchanged: first the
            block in the canonical form ({"type":"Block","block_number":"…"}), then each
            log the call emitted, with the contract's event name and arguments (integers
            as decimal strings, hex lowercase):
              ChannelNewDeposit: participant, total_deposit
              ChannelWithdraw: participant, total_withdraw
              ChannelClosed, NonClosingBalanceProofUpdated:
                closing_participant, nonce, balance_hash
              ChannelSettled: participant1, participant1_amount,
                participant1_locksroot, and the same for participant2
              ChannelUnlocked: receiver, sender, locksroot,
                unlocked_amount, returned_tokens
              SecretRevealed: secrethash, secret
            TokenNetwork logs also carry block_number, token_network_address and
            channel_identifier. A line about the call goes to standard error (not with
            --json). A call the contract reverts prints its reason and its code (chain.…,
            netting explain) and changes nothing.

            Examples:
              netting chain open --chain chain.json alice.json bob.json
              netting chain close --chain chain.json --state bob.json \\
                  --key $BOB_KEY > chain.out
              netting chain update --chain chain.json --state alice.json \\
                  --key $ALICE_KEY > chain.out
              netting chain settle --chain chain.json alice.json bob.json
              netting chain unlock --chain chain.json alice.json bob.json
            """,
        subcommands: [Open.self, Deposit.self, Withdraw.self, Close.self, Update.self, Settle.self, Unlock.self, RegisterSecret.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the chain file: the channel as both state files saw it opened (deposits, withdraws).",
            discussion: "Example:\n  netting chain open --chain chain.json alice.json bob.json")
        @Option(help: "The chain file to create.") var chain: String
        @Flag(help: "Overwrite an existing chain file.") var force = false
        @Flag(help: "Print the chain file's contents as one line of canonical JSON instead of a summary.") var json = false
        @Argument(help: "The two parties' state files.") var states: [String]

        func run() throws {
            let (a, b) = try twoStates(states)
            guard force || !FileManager.default.fileExists(atPath: chain) else {
                throw CLIError(file: chain, path: "--chain", code: "output.exists", reason: "exists; pass --force to overwrite it")
            }
            let contents = ChainFile.Contents(block: max(a.blockNumber, b.blockNumber), chain: try chainCall("openChannel", chain: chain) { () throws(HandChain.Failure) in try HandChain.open(a, b) })
            try ChainFile.write(contents, to: chain)
            if json { return print(String(decoding: ChainFile.encode(contents, pretty: false), as: UTF8.self)) }
            let c = contents.chain
            print("wrote \(chain): channel \(c.channelIdentifier) in \(c.address.checksummed), block \(contents.block), "
                + c.participants.map { "\($0.address.checksummed) deposit \($0.deposit)" }.joined(separator: ", "))
        }
    }

    struct Deposit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "setTotalDeposit by the state's owner: its new total deposit.",
            discussion: "Example:\n  netting chain deposit --chain chain.json --state alice.json \\\n      --key $ALICE_KEY --total 120 > chain.out")
        @Option(help: "The chain file.") var chain: String
        @Option(help: "The depositor's state file.") var state: String
        @Option(help: "The depositor's private key.") var key: String
        @Option(parsing: .unconditional, help: "The new total deposit (decimal).") var total: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the latest block the chain file or the state has seen).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false

        func run() throws {
            let amount = try Arg.amount(total, field: "--total")
            let (_, _, signer, _) = try partyCall("setTotalDeposit", chain: chain, state: state, key: key, block: block) { (c, s, signer, at) throws(HandChain.Failure) in
                try HandChain.deposit(&c, by: s, key: signer, total: amount, block: at)
            }
            note(quiet: json, "\(signer.address.checksummed)'s total deposit is \(amount)")
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "setTotalWithdraw by the state's owner, with the partner's WithdrawConfirmation.",
            discussion: """
                The confirmation is read from a file of wire messages (the partner's
                `step --send` output): the last WithdrawConfirmation in it for the state's
                owner.
                Example:
                  netting chain withdraw --chain chain.json --state alice.json \\
                      --key $ALICE_KEY --confirmation bob.out > chain.out
                """)
        @Option(help: "The chain file.") var chain: String
        @Option(help: "The withdrawer's state file.") var state: String
        @Option(help: "The withdrawer's private key (it signs the withdraw too).") var key: String
        @Option(help: "A file of wire messages holding the partner's WithdrawConfirmation.") var confirmation: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the latest block the chain file or the state has seen).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false

        func run() throws {
            var file = try ChainFile.read(chain)
            let s = try StateAccess.load(state, field: "--state")
            let signer = try Arg.privateKey(key)
            let bytes = try Files.read(confirmation, role: "--confirmation")
            var found: WithdrawConfirmation?
            for (n, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() where line.contains(where: { $0 > 0x20 }) {
                let decoded: Decoded
                do { decoded = try MessageCodec.decode(Array(line), policy: .strict) } catch {
                    throw CLIError(error, file: confirmation, line: n + 1)
                }
                if case .withdrawConfirmation(let c) = decoded.message, c.participant == signer.address { found = c }
            }
            guard let found else {
                throw CLIError(field: "--confirmation", code: "input.invalid", reason: "\(confirmation) holds no WithdrawConfirmation for \(signer.address.checksummed)")
            }
            let at = try callBlock(block, file, [s])
            let log = try chainCall("setTotalWithdraw", chain: chain) { () throws(HandChain.Failure) in try HandChain.withdraw(&file.chain, by: s, key: signer, confirmation: found, block: at) }
            try finish(&file, at: at, logs: [log], chain: chain)
            note(quiet: json, "\(signer.address.checksummed) withdrew up to a total of \(found.totalWithdraw)")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "closeChannel by the state's owner, with the partner's latest balance proof it holds.",
            discussion: "Example:\n  netting chain close --chain chain.json --state bob.json \\\n      --key $BOB_KEY > chain.out")
        @Option(help: "The chain file.") var chain: String
        @Option(help: "The closer's state file.") var state: String
        @Option(help: "The closer's private key (it counter-signs the balance proof).") var key: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the latest block the chain file or the state has seen).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false

        func run() throws {
            let (file, log, signer, at) = try partyCall("closeChannel", chain: chain, state: state, key: key, block: block) { (c, s, signer, at) throws(HandChain.Failure) in
                try HandChain.close(&c, closer: s, key: signer, block: at)
            }
            guard case .closed(let settleBlock) = file.chain.phase, case .channelClosed(let l) = log else { return }
            note(quiet: json, "\(signer.address.checksummed) closed channel \(file.chain.channelIdentifier) at block \(at) with the partner's balance proof of nonce \(l.nonce); settle is allowed after block \(settleBlock)")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "updateNonClosingBalanceProof by the non-closer, with the closer's latest balance proof it holds.",
            discussion: "Example:\n  netting chain update --chain chain.json --state alice.json \\\n      --key $ALICE_KEY > chain.out")
        @Option(help: "The chain file.") var chain: String
        @Option(help: "The non-closer's state file.") var state: String
        @Option(help: "The non-closer's private key (it counter-signs the balance proof).") var key: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the latest block the chain file or the state has seen).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false

        func run() throws {
            let (_, log, signer, at) = try partyCall("updateNonClosingBalanceProof", chain: chain, state: state, key: key, block: block) { (c, s, signer, at) throws(HandChain.Failure) in
                try HandChain.update(&c, nonCloser: s, key: signer, block: at)
            }
            if case .nonClosingBalanceProofUpdated(let l) = log {
                note(quiet: json, "\(signer.address.checksummed) updated the closer's balance proof to nonce \(l.nonce) at block \(at)")
            }
        }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "settleChannel with the values behind both stored balance hashes, found in the two state files.",
            discussion: "Example:\n  netting chain settle --chain chain.json alice.json bob.json > chain.out")
        @Option(help: "The chain file.") var chain: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the first block settle is allowed in, or the latest seen if later).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false
        @Argument(help: "The two parties' state files.") var states: [String]

        func run() throws {
            var file = try ChainFile.read(chain)
            let (a, b) = try twoStates(states)
            var at = try callBlock(block, file, [a, b])
            if block == nil, case .closed(let settleBlock) = file.chain.phase, settleBlock < .max { at = max(at, settleBlock + 1) }
            let log = try chainCall("settleChannel", chain: chain) { () throws(HandChain.Failure) in try HandChain.settle(&file.chain, states: [a, b], block: at) }
            try finish(&file, at: at, logs: [log], chain: chain)
            if case .channelSettled(let l) = log {
                note(quiet: json, "settled at block \(at): \(l.participant1.address.checksummed) \(l.participant1.amount), \(l.participant2.address.checksummed) \(l.participant2.amount); \(file.chain.unlockData.reduce(UInt256.zero) { $0.saturatingAdding($1.lockedAmount) }) stays locked for unlock")
            }
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "unlock each direction settle kept tokens for, with the sender's pending locks from the state files.",
            discussion: "Example:\n  netting chain unlock --chain chain.json alice.json bob.json > chain.out")
        @Option(help: "The chain file.") var chain: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the latest block the chain file or the states have seen).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false
        @Argument(help: "The two parties' state files.") var states: [String]

        func run() throws {
            var file = try ChainFile.read(chain)
            let (a, b) = try twoStates(states)
            let at = try callBlock(block, file, [a, b])
            let logs = try chainCall("unlock", chain: chain) { () throws(HandChain.Failure) in try HandChain.unlock(&file.chain, states: [a, b], block: at) }
            try finish(&file, at: at, logs: logs, chain: chain)
            for case .channelUnlocked(let l) in logs {
                note(quiet: json, "unlock of \(l.sender.checksummed)'s locks: \(l.unlockedAmount) to \(l.receiver.checksummed), \(l.returnedTokens) back")
            }
            if logs.isEmpty { note(quiet: json, "settle kept nothing locked: nothing to unlock") }
        }
    }

    struct RegisterSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register-secret",
            abstract: "SecretRegistry.registerSecret: the secret's reveal block is recorded once.",
            discussion: "Example:\n  netting chain register-secret --chain chain.json --secret 0x… > chain.out")
        @Option(help: "The chain file.") var chain: String
        @Option(help: "The 32-byte secret, as hex.") var secret: String
        @Option(parsing: .unconditional, help: "The block of the call (default: the chain file's block).") var block: String?
        @Flag(help: "Machine output only: the JSON lines on standard output (always canonical), and no note on standard error.") var json = false

        func run() throws {
            var file = try ChainFile.read(chain)
            let value: Hash32
            try Arg.abbreviationCheck(secret, field: "--secret", digits: 64)
            do { value = try Hash32(hex: secret) } catch { throw CLIError(field: "--secret", error) }
            let at = try callBlock(block, file, [])
            let log = HandChain.registerSecret(&file.chain, secret: value, block: at)
            try finish(&file, at: at, logs: log.map { [$0] } ?? [], chain: chain)
            note(quiet: json, log == nil ? "the secret was registered before: no log" : "registered the secret at block \(at)")
        }
    }
}

/// Reads exactly two state files, named in errors by their position.
func twoStates(_ paths: [String]) throws -> (ChannelState, ChannelState) {
    guard paths.count == 2 else {
        throw CLIError(field: "<states>", code: "usage.two_states", reason: "give the channel's two state files, got \(paths.count)")
    }
    return (try StateAccess.load(paths[0], field: "<states> \(paths[0])"), try StateAccess.load(paths[1], field: "<states> \(paths[1])"))
}

/// The call's block: --block, else the latest the chain file or the states have seen; never
/// before the chain's block.
func callBlock(_ text: String?, _ file: ChainFile.Contents, _ states: [ChannelState]) throws -> UInt64 {
    guard let text else { return states.map(\.blockNumber).reduce(file.block, max) }
    let block = try Arg.u64(text, field: "--block")
    guard block >= file.block else {
        throw CLIError(field: "--block", code: HandChain.Failure.Code.blockDecreased.rawValue, reason: "is \(block), before the chain file's block \(file.block)")
    }
    return block
}

/// A contract call by one participant (deposit, close, update): reads the chain file and the
/// caller's state, takes --block (or the latest block seen), makes the call on the contract,
/// saves the chain file and prints the block and the log. Returns them for the note.
func partyCall(
    _ function: String, chain: String, state: String, key: String, block: String?,
    _ call: (inout TokenNetwork, ChannelState, PrivateKey, UInt64) throws(HandChain.Failure) -> ChainLog
) throws -> (file: ChainFile.Contents, log: ChainLog, signer: PrivateKey, at: UInt64) {
    var file = try ChainFile.read(chain)
    let s = try StateAccess.load(state, field: "--state")
    let signer = try Arg.privateKey(key)
    let at = try callBlock(block, file, [s])
    let log = try chainCall(function, chain: chain) { () throws(HandChain.Failure) in try call(&file.chain, s, signer, at) }
    try finish(&file, at: at, logs: [log], chain: chain)
    return (file, log, signer, at)
}

/// Runs a contract call, turning its failure into the CLI's error, which names the chain file
/// and the contract function (`chain.json: closeChannel: the contract reverts: … [code]`).
func chainCall<T>(_ function: String?, chain: String?, _ call: () throws(HandChain.Failure) -> T) throws -> T {
    do { return try call() } catch { throw CLIError(file: chain, path: function ?? "", code: error.code, reason: error.reason) }
}

/// Saves the chain file, then prints the block and the logs as JSON lines.
func finish(_ file: inout ChainFile.Contents, at block: UInt64, logs: [ChainLog], chain: String) throws {
    file.block = block
    try ChainFile.write(file, to: chain)
    print(String(decoding: Input.block(.init(blockNumber: block)).canonicalJSON, as: UTF8.self))
    for log in logs { print(String(decoding: log.canonicalJSON, as: UTF8.self)) }
}

/// A line about the call for people, on standard error (left out with --json).
func note(quiet: Bool, _ line: String) {
    if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}

