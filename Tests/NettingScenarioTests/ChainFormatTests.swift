import NettingCodec
import NettingCrypto
import NettingMachine
@testable import NettingScenario
import Testing

/// The chain logs and the chain file against spec/chain.yaml, through what is generated from it
/// (Sources/NettingScenario/Generated/ChainFormat.swift): every log ChainLog writes has exactly
/// the spec's keys, in order; every log of the spec is written; each log becomes, at both ends,
/// the spec's input with each field taken where the spec says; the chain file's records have the
/// spec's keys. The expected values come from the spec's mapping applied to the log's own JSON,
/// not from the Swift that converts it.
@Suite struct ChainFormatTests {
    static let alice = ChainLogTests.alice.address, bob = ChainLogTests.bob.address
    static let channel = ChainLogTests.channel

    /// One log of every kind ChainLog has; `kind(of:)` is an exhaustive switch, so a new case
    /// does not compile until it is added here.
    static let samples: [ChainLog] = [
        .channelNewDeposit(.init(blockNumber: 101, channel: channel, participant: bob, total: 80)),
        .channelWithdraw(.init(blockNumber: 102, channel: channel, participant: alice, total: 5)),
        .channelClosed(.init(blockNumber: 120, channel: channel, closingParticipant: bob, nonce: 3, balanceHash: Hash32(words: (9, 9, 9, 9)))),
        .nonClosingBalanceProofUpdated(.init(blockNumber: 121, channel: channel, closingParticipant: bob, nonce: 2, balanceHash: Hash32(words: (8, 8, 8, 8)))),
        // One side with a zero locksroot (no locks, as the contract keeps it), one with locks.
        .channelSettled(.init(
            blockNumber: 601, channel: channel, participant1: .init(address: bob, amount: 70, locksroot: .zero),
            participant2: .init(address: alice, amount: 73, locksroot: Hash32(words: (1, 2, 3, 4))))),
        .channelUnlocked(.init(
            blockNumber: 602, channel: channel, receiver: bob, sender: alice, locksroot: Hash32(words: (1, 2, 3, 4)), unlockedAmount: 7,
            returnedTokens: 1)),
        .secretRevealed(.init(blockNumber: 130, secret: Hash32(words: (3, 3, 3, 3)))),
    ]

    static func kind(of log: ChainLog) -> String {
        switch log {
        case .channelNewDeposit: "deposit"
        case .channelWithdraw: "withdraw"
        case .channelClosed: "closed"
        case .nonClosingBalanceProofUpdated: "updated"
        case .channelSettled: "settled"
        case .channelUnlocked: "unlocked"
        case .secretRevealed: "revealed"
        }
    }

    static func object(_ bytes: [UInt8]) throws -> JSONObject {
        guard case .object(let o) = try JSONParser.parse(bytes) else { throw Failure("not a JSON object") }
        return o
    }

    struct Failure: Error { let reason: String; init(_ r: String) { reason = r } }

    static func text(_ v: JSONValue?) -> String { v.map { $0.pretty() } ?? "absent" }

    static func string(_ v: JSONValue?) throws -> String {
        guard case .string(let s) = v else { throw Failure("not a string: \(text(v))") }
        return s
    }

    @Test func everyLogChainLogWritesHasTheSpecsKeysInOrder() throws {
        #expect(Set(Self.samples.map(Self.kind)).count == Self.samples.count, "one sample of each kind")
        for log in Self.samples {
            let spec = try #require(ChainFormat.log(log.typeName), "\(log.typeName) is not a log of spec/chain.yaml")
            let written = try Self.object(log.canonicalJSON)
            #expect(written.members.map(\.key) == spec.keys, "\(log.typeName)")
            #expect(Self.text(written["type"]) == Self.text(.string(spec.type)))
            // Read back: the reader takes the same keys.
            let read = try ChainLog(canonical: .object(written), path: "")
            #expect(read == log)
        }
    }

    @Test func everyLogOfTheSpecIsWrittenByChainLog() {
        #expect(Set(Self.samples.map(\.typeName)) == Set(ChainFormat.logs.map(\.type)))
        #expect(ChainLog.typeNames == ChainFormat.logs.map(\.type))
    }

    /// decode.py's `…_from_event` functions, as spec/chain.yaml states each field's source: the
    /// input at each end, field by field, is the log's value (or the state's channel), a zero
    /// locksroot standing for LOCKSROOT_OF_NO_LOCKS.
    @Test func eachLogBecomesTheSpecsInputFieldByFieldAtBothEnds() throws {
        let ends = [ChainLogTests.state(ChainLogTests.alice, ChainLogTests.bob), ChainLogTests.state(ChainLogTests.bob, ChainLogTests.alice)]
        var zeroRuleApplied = 0
        for log in Self.samples {
            let spec = try #require(ChainFormat.log(log.typeName))
            let line = try Self.object(log.canonicalJSON)
            for state in ends {
                let input = try Self.object(try log.input(for: state).canonicalJSON)
                #expect(Self.text(input["type"]) == Self.text(.string(spec.input)), "\(log.typeName)")
                #expect(Set(input.members.map(\.key)) == Set(["type"] + spec.fields.map(\.field)), "\(log.typeName): the input's fields are the spec's mapped fields")
                // {our}: the participant number whose address is this state's own.
                let ours = ["1", "2"].first { Self.text(line["participant\($0)"]) == Self.text(.string(state.ourState.address.hex)) }
                for f in spec.fields {
                    let expected: String
                    switch f.from {
                    case "block_number": expected = Self.text(line["block_number"])
                    case "channel":
                        let id = CanonicalIdentifier(
                            chainIdentifier: state.canonicalIdentifier.chainIdentifier,
                            tokenNetworkAddress: try Address(hex: try Self.string(line["token_network_address"])),
                            channelIdentifier: try UInt256(decimal: try Self.string(line["channel_identifier"])))
                        var w = JSONWriter(capacity: 256)
                        id.write(canonical: &w)
                        expected = Self.text(try JSONParser.parse(w.bytes))
                    default:
                        var key = f.from
                        if key.contains("{our}") || key.contains("{partner}") {
                            let ourNumber = try #require(ours, "\(log.typeName) names this state's end")
                            key = key.replacingOccurrences(of: "{our}", with: ourNumber).replacingOccurrences(of: "{partner}", with: ourNumber == "1" ? "2" : "1")
                        }
                        let value = try #require(line[key], "\(log.typeName) has no key \(key)")
                        if let zero = f.zero, Self.text(value) == Self.text(.string(Hash32.zero.hex)) {
                            expected = Self.text(.string(zero.hex))
                            zeroRuleApplied += 1
                        } else {
                            expected = Self.text(value)
                        }
                    }
                    #expect(Self.text(input[f.field]) == expected, "\(log.typeName) → \(spec.input).\(f.field) at \(state.ourState.address.hex)")
                }
            }
        }
        // Alice's partner locksroot and Bob's own: the rule was exercised at both ends.
        #expect(zeroRuleApplied == 2)
    }

    /// The chain file's records (spec/chain.yaml chain_file) as TokenNetwork writes them, with
    /// every list holding an entry.
    @Test func theChainFilesRecordsHaveTheSpecsKeysInOrder() throws {
        var chain = TokenNetwork(chainId: 337, address: ChainLogTests.id.tokenNetworkAddress, channelIdentifier: 1, settleTimeout: 500, participants: (Self.alice, Self.bob))
        chain.secretRevealBlock[Hash32(words: (5, 5, 5, 5))] = 130
        chain.unlockData.append(.init(sender: Self.alice, receiver: Self.bob, locksroot: Hash32(words: (1, 2, 3, 4)), lockedAmount: 7))
        var w = JSONWriter(capacity: 2048)
        chain.write(canonical: &w)
        let network = try Self.object(w.bytes)
        #expect(network.members.map(\.key) == ChainFormat.keys("TokenNetwork"))
        for (key, record) in [("participants", "Participant"), ("secret_reveal_blocks", "SecretRevealBlock"), ("unlock_data", "UnlockData"), ("payouts", "Payout")] {
            guard case .array(let items) = try #require(network[key]) else { Issue.record("\(key) is not an array"); continue }
            #expect(!items.isEmpty, "\(key)")
            for item in items {
                guard case .object(let o) = item else { Issue.record("\(key) holds a non-object"); continue }
                #expect(o.members.map(\.key) == ChainFormat.keys(record), "\(key)")
            }
        }
        #expect(ChainFormat.keys("ChainFile") == ["format", "block", "token_network"])
        // Every list but the two participants is bounded by the spec, and the reader holds to it.
        #expect(Set(ChainFormat.chainFileMaxCounts.keys) == ["TokenNetwork.secret_reveal_blocks", "TokenNetwork.unlock_data", "TokenNetwork.payouts"])
        for (key, most) in ChainFormat.chainFileMaxCounts {
            let field = String(key.dropFirst("TokenNetwork.".count))
            for (count, accepted) in [(most, true), (most + 1, false)] {
                var o = network
                let k = try #require(o.members.firstIndex { $0.key == field })
                o.members[k].value = .array(Array(repeating: .string("not an entry"), count: count))
                do {
                    _ = try TokenNetwork(canonical: .object(o), path: "")
                    Issue.record("\(field) with \(count) non-entries was read")
                } catch {
                    // Within the bound, the first entry is refused for what it is; past it, the list for its length.
                    #expect((error.code == .outOfRange) == !accepted, "\(field) × \(count): \(error.code) \(error.path)")
                }
            }
        }
        #expect(ChainFormat.chainFileFormat == "nettingkit.chain/1")
    }
}
