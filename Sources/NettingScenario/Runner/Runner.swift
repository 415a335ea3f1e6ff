import NettingCodec
import NettingCrypto
import NettingMachine

/// Runs a scenario: each party runs its own pure `ChannelMachine`; every message between them
/// is signed by its sender's key, encoded to wire JSON, decoded (strict) and recovered by the
/// receiver — nothing is shortcut. Contract calls go to a `TokenNetwork` model whose logs come
/// back to both parties as `ContractReceive*` inputs. Pure: no I/O, no clock.
public struct ScenarioRunner {
    public let scenario: Scenario
    let keys: [String: PrivateKey]
    public internal(set) var states: [String: ChannelState]
    public internal(set) var chain: TokenNetwork
    public internal(set) var block: UInt64
    /// Every signed wire message, in the order it was sent.
    public internal(set) var log: [WireRecord] = []
    /// Payments by identifier: who paid whom, how much, with which secret.
    public internal(set) var payments: [UInt64: Payment] = [:]
    /// What the contract paid each party, once settle ran.
    public internal(set) var settlement: SettlementReport?

    var inFlight: [WireRecord] = []
    var delayed: [(until: UInt64, record: WireRecord)] = []
    var faults: [Fault] = []
    /// ContractSend* outputs each party has asked for and the runner has not executed yet.
    var pendingTransactions: [String: [Output]] = [:]
    /// (transferred, locked, locksroot) behind every balance hash seen, for settle.
    var balanceData: [Hash32: TokenNetwork.BalanceData] = [:]
    var nextPaymentId: UInt64 = 1
    /// What the current step produced.
    var current = StepReport()
    /// Each party's state before the channel opened, and what opening it fed them.
    public private(set) var initialStates: [String: ChannelState] = [:]
    public private(set) var opening = StepReport()

    public var names: [String] { scenario.parties.map(\.name) }

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        var keys: [String: PrivateKey] = [:]
        var states: [String: ChannelState] = [:]
        for (i, p) in scenario.parties.enumerated() {
            let key = try! PrivateKey(secret: p.key)  // validated when the scenario was loaded
            keys[p.name] = key
            states[p.name] = ChannelState(ourAddress: key.address, seed: UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15)
        }
        self.keys = keys
        self.states = states
        self.block = scenario.channel.openedAt
        let a = keys[scenario.parties[0].name]!.address, b = keys[scenario.parties[1].name]!.address
        chain = TokenNetwork(
            chainId: scenario.chain.chainId, address: scenario.chain.tokenNetwork, channelIdentifier: scenario.channel.id,
            settleTimeout: scenario.channel.settleTimeout, participants: (a, b))
        balanceData[.zero] = .empty
        initialStates = states
        open()
    }

    public func address(_ name: String) -> Address { keys[name]!.address }
    public func partner(of name: String) -> String { names[0] == name ? names[1] : names[0] }

    func name(of address: Address) -> String? { names.first { keys[$0]!.address == address } }

    /// Opens the channel on chain at `opened_at` and deposits each party's deposit.
    mutating func open() {
        for n in names {
            let partner = address(partner(of: n))
            feed(n, .contractReceiveChannelNew(.init(
                blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier, tokenAddress: scenario.chain.token,
                partnerAddress: partner, revealTimeout: scenario.channel.revealTimeout, settleTimeout: scenario.channel.settleTimeout)))
            feed(n, .block(.init(blockNumber: block)))
        }
        for p in scenario.parties where !p.deposit.isZero {
            try! chain.setTotalDeposit(address(p.name), total: p.deposit)
            broadcastDeposit(p.name)
        }
        opening = current
        current = StepReport()
    }

    // MARK: Feeding inputs

    /// Gives `input` to `party`'s machine and routes what comes out.
    mutating func feed(_ party: String, _ input: Input) {
        current.inputs.append(PartyInput(party: party, input: input))
        // The party's state changed where it is stored: a copy taken out of the dictionary would
        // make the machine copy the lock arrays it appends to.
        var outputs: [Output] = []
        let rejection = ChannelMachine.apply(&states[party]!, input, appendingTo: &outputs)
        if let r = rejection {
            current.rejections.append(StepRejection(party: party, code: r.code.rawValue, reason: r.reason, ignored: r.code.outcome == .ignore))
        }
        for output in outputs { route(party, output) }
    }

    mutating func broadcast(_ input: Input) {
        for n in names { feed(n, input) }
    }

    /// Sends messages (signed, encoded), queues contract calls, and records events.
    mutating func route(_ party: String, _ output: Output) {
        current.outputs.append(PartyOutput(party: party, output: output))
        if let (recipient, message) = output.outgoingMessage {
            send(from: party, to: recipient, message)
        } else if output.isContractSend {
            pendingTransactions[party, default: []].append(output)
        }
    }

    /// Signs `message` with `party`'s key and puts it in flight.
    mutating func send(from party: String, to recipient: Address, _ message: Message) {
        guard let to = name(of: recipient) else { return }
        // A scripted party sends only what its steps say.
        guard scenario.parties.first(where: { $0.name == party })?.scripted != true else { return }
        let signed = message.wire.signed(with: keys[party]!)
        rememberBalanceData(signed.message)
        let record = WireRecord(from: party, to: to, typeName: type(of: signed).typeName, wire: signed.wireJSON, block: block)
        log.append(record)
        current.messages.append(record)
        inFlight.append(record)
    }

    mutating func rememberBalanceData(_ message: Message) {
        let values: (UInt256, UInt256, Hash32)?
        switch message {
        case .lockedTransfer(let m): values = (m.transferredAmount, m.lockedAmount, m.locksroot)
        case .refundTransfer(let m): values = (m.transferredAmount, m.lockedAmount, m.locksroot)
        case .unlock(let m): values = (m.transferredAmount, m.lockedAmount, m.locksroot)
        case .lockExpired(let m): values = (m.transferredAmount, m.lockedAmount, m.locksroot)
        case .processed, .delivered, .secretRequest, .revealSecret, .withdrawRequest, .withdrawConfirmation,
            .withdrawExpired, .pfsCapacityUpdate, .pfsFeeUpdate, .requestMonitoring:
            values = nil
        }
        if let (t, l, r) = values {
            balanceData[BalanceHash.of(transferred: t, locked: l, locksroot: r)] = .init(transferred: t, locked: l, locksroot: r)
        }
    }

    /// Delivers messages until none is in flight (bounded, in case two machines ping-pong).
    mutating func deliverAll() {
        var budget = 10_000
        while !inFlight.isEmpty, budget > 0 {
            budget -= 1
            let record = inFlight.removeFirst()
            if let i = faults.firstIndex(where: { $0.matches(record) }) {
                let fault = faults.remove(at: i)
                switch fault.kind {
                case .drop:
                    current.notes.append("\(record.typeName) from \(record.from) to \(record.to) was lost")
                    continue
                case .duplicate:
                    current.notes.append("\(record.typeName) from \(record.from) to \(record.to) arrived twice")
                    receive(record)
                case .delay(let blocks):
                    current.notes.append("\(record.typeName) from \(record.from) to \(record.to) is delayed \(blocks) blocks")
                    delayed.append((block + blocks, record))
                    continue
                }
            }
            receive(record)
        }
    }

    /// The receiver decodes the wire bytes (strict), recovers the signer and feeds its machine.
    /// The machine's own check of the message's signature reuses the sender's recovery (`RecoveryMemo`).
    mutating func receive(_ record: WireRecord) {
        RecoveryMemo.scope {
            let decoded: Decoded
            let sender: Address
            do throws(DecodeError) {
                decoded = try MessageCodec.decode(record.wire, policy: .strict)
                sender = try decoded.message.wire.recoverSender()
            } catch {
                current.rejections.append(StepRejection(party: record.to, code: error.code.rawValue, reason: error.reason))
                return
            }
            guard var input = Input.receiving(decoded.message, from: sender) else { return }
            // The message layer asks the secret registry first (MessageHandler.handle_message_lockedtransfer).
            if case .receiveLockedTransfer(var i) = input {
                i.secretRegistered = chain.secretRevealBlock[i.message.lock.secrethash] != nil
                input = .receiveLockedTransfer(i)
            }
            feed(record.to, input)
        }
    }

    // MARK: Blocks

    /// Mines `count` blocks: both parties see each; delayed messages whose time has come arrive.
    ///
    /// A stretch of more than `quietStretch` blocks in which neither machine would do anything
    /// but note the block number is mined as one Block input for its last block: the states
    /// and outputs are the same as block by block (every deadline a Block checks is a block
    /// number passed, so nothing skipped can fire), and settling after a settle_timeout of
    /// millions of blocks takes microseconds instead of minutes and gigabytes. Raiden's own
    /// node also sees only the latest block after a gap (raiden/blockchain/events.py polls it).
    mutating func mine(_ count: UInt64) {
        var left = count
        var checkFrom = block  // no quiet stretch starts before this block (checked already)
        while left > 0 {
            if left > Self.quietStretch, block >= checkFrom {
                let quiet = quietBlocks(upTo: left)
                if quiet > Self.quietStretch {
                    block += quiet
                    left -= quiet
                    broadcast(.block(.init(blockNumber: block)))
                    continue
                }
                checkFrom = block + Self.quietStretch
            }
            block += 1
            left -= 1
            broadcast(.block(.init(blockNumber: block)))
            let due = delayed.filter { $0.until <= block }.map(\.record)
            delayed.removeAll { $0.until <= block }
            inFlight.append(contentsOf: due)
            deliverAll()
        }
    }

    /// Quiet stretches at most this long are mined block by block (the shipped scenarios' are).
    static let quietStretch: UInt64 = 1_000

    /// How many of the next `limit` blocks can be mined as one: the largest n such that a
    /// Block at `block + n` changes nothing in either machine but its block number, emits
    /// nothing, and no message is in flight or due by then. 0 when even `quietStretch + 1`
    /// blocks are not quiet. Every deadline is monotonic in the block number, so a jump that is
    /// quiet has only quiet blocks before it; a binary search finds the longest.
    func quietBlocks(upTo limit: UInt64) -> UInt64 {
        guard inFlight.isEmpty else { return 0 }
        func quiet(_ n: UInt64) -> Bool {
            let target = block + n
            guard !delayed.contains(where: { $0.until <= target }) else { return false }
            for name in names {
                let before = states[name]!
                let step = ChannelMachine.step(before, .block(.init(blockNumber: target)))
                var expected = before
                expected.blockNumber = target
                guard step.outputs.isEmpty, step.rejection == nil, step.state == expected else { return false }
            }
            return true
        }
        guard quiet(Self.quietStretch + 1) else { return 0 }
        if quiet(limit) { return limit }
        var (low, high) = (Self.quietStretch + 1, limit)  // quiet(low), !quiet(high)
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if quiet(mid) { low = mid } else { high = mid }
        }
        return low
    }

    mutating func broadcastDeposit(_ party: String) {
        broadcast(.contractReceiveChannelDeposit(.init(
            blockNumber: block, canonicalIdentifier: chain.canonicalIdentifier, participant: address(party),
            contractBalance: chain.participant(address(party))!.deposit)))
    }
}

/// A message fault armed by a step: applies to the next matching message in flight.
struct Fault {
    enum Kind { case drop, duplicate, delay(UInt64) }
    var typeName: String
    var kind: Kind
    func matches(_ r: WireRecord) -> Bool { r.typeName == typeName }

    /// `drop Processed`, `duplicate Unlock`, `delay SecretRequest by 3 blocks`.
    var summary: String {
        switch kind {
        case .drop: "drop \(typeName)"
        case .duplicate: "duplicate \(typeName)"
        case .delay(let blocks): "delay \(typeName) by \(blocks) blocks"
        }
    }
}

extension ScenarioRunner {
    /// The drop, duplicate and delay steps whose message was never sent after them, in the
    /// order they were given: a scenario that asked for a fault it never got says so.
    public var unfiredFaults: [String] { faults.map(\.summary) }
}

/// One signed message as it went on the wire.
public struct WireRecord: Equatable, Sendable {
    public var from: String
    public var to: String
    public var typeName: String
    public var wire: [UInt8]
    public var block: UInt64
}

public struct Payment: Equatable, Sendable {
    public var from: String
    public var to: String
    public var amount: UInt256
    public var secret: Hash32
    public var secrethash: Hash32 { SecretHash.of(secret) }
}

public struct PartyOutput: Equatable, Sendable {
    public var party: String
    public var output: Output
}

/// An input the runner gave one party's machine.
public struct PartyInput: Equatable, Sendable {
    public var party: String
    public var input: Input
}

/// An input a party's machine refused (or a contract call that reverted: a chain.* code, or settle.* / unlock.* for the contract's arithmetic).
public struct StepRejection: Equatable, Sendable {
    public var party: String
    public var code: String
    public var reason: String
    /// Dropped silently, as Raiden drops it (a guard with outcome `ignore`), not answered with
    /// an EventInvalid… output.
    public var ignored = false
}

/// What the contract paid each party, by party name and by the call that paid it, once the
/// channel is settled; and what settle kept locked for unlock.
public struct SettlementReport: Equatable, Sendable {
    /// Each party's withdrawn, paid-at-settle and unlocked figures (and their total).
    public var payouts: [String: TokenNetwork.Payout]
    /// What settle kept in the contract for unlock, both directions.
    public var lockedRetained: UInt256
    /// Whether an `unlock` step has run; until then the unlocked figures are not reported.
    public var unlockRan = false

    /// What setTotalWithdraw paid each party while the channel was open.
    public var withdrawn: [String: UInt256] { payouts.mapValues(\.withdrawn) }
    /// What settleChannel transferred to each party (its ChannelSettled log's amounts).
    public var paidAtSettle: [String: UInt256] { payouts.mapValues(\.paidAtSettle) }
    /// What unlock paid each party (unlocked to it, or returned to it), once unlock has run.
    public var unlocked: [String: UInt256]? { unlockRan ? payouts.mapValues(\.unlocked) : nil }
    /// Everything the contract paid each party: withdrawn + paid at settle + unlocked.
    public var total: [String: UInt256] { payouts.mapValues(\.total) }
}

/// Everything one step produced.
public struct StepReport: Equatable, Sendable {
    /// Every input given to a machine, in order (received messages, chain logs, blocks, actions).
    public var inputs: [PartyInput] = []
    public var messages: [WireRecord] = []
    public var outputs: [PartyOutput] = []
    public var rejections: [StepRejection] = []
    public var notes: [String] = []
    /// Expectations of the step that did not hold.
    public var failures: [String] = []
}

/// What a failed contract call reverted with, in words.
func reasonOf(_ error: ChainRevert) -> String { error.description }

/// The stable code of a failed contract call (spec/errors.yaml or spec/vectors.yaml `reverts`).
func codeOf(_ error: ChainRevert) -> String { error.code }
