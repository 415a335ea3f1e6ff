import Foundation
import NettingSpec
import Testing

/// spec/chain.yaml against its independent sources, and its loader's refusals: each log is the
/// event raiden-contracts 0.40.2 declares (name, argument names and Solidity types, in order, read
/// from the .sol files `make test` unpacks in .raiden-src); each cited Raiden function exists; a
/// mapping to an unknown input, field or argument is refused with its key path.
@Suite struct ChainSpecTests {
    static func text() throws -> String { try GeneratedCodeTests.read("spec/chain.yaml") }

    static func load(_ text: String) -> SpecError? {
        let s = try! GeneratedCodeTests.specs()
        do { _ = try ChainSpec.load(yaml: text, channel: s.channel); return nil } catch { return error }
    }

    static func source(_ path: String) throws -> String {
        try String(contentsOf: GeneratedCodeTests.root.appendingPathComponent(".raiden-src").appendingPathComponent(path), encoding: .utf8)
    }

    /// `event Name(type [indexed] name, …);` in a .sol file: its arguments, or nil.
    static func event(_ name: String, in sol: String) -> [(type: String, name: String)]? {
        guard let start = sol.range(of: "event \(name)(") else { return nil }
        guard let end = sol[start.upperBound...].range(of: ");") else { return nil }
        return sol[start.upperBound..<end.lowerBound].split(separator: ",").map { part in
            let words = part.split(whereSeparator: \.isWhitespace).filter { $0 != "indexed" }
            return (type: String(words.first ?? ""), name: String(words.last ?? ""))
        }
    }

    @Test func everyLogIsTheEventTheContractDeclares() throws {
        let chain = try GeneratedCodeTests.specs().chain
        #expect(chain.logs.count == 7)
        for log in chain.logs {
            let path = try #require(log.event.components(separatedBy: ", event ").first)
            let declared = try #require(Self.event(log.name, in: try Self.source(path)), "no event \(log.name) in \(path)")
            #expect(declared.map(\.name) == log.args.map(\.name), "\(log.name): argument names")
            #expect(declared.map(\.type) == log.args.map(\.solidity), "\(log.name): Solidity types")
        }
    }

    @Test func theEventParserReadsADeclarationAndMissesAnAbsentOne() {
        let sol = "contract C {\n    event ChannelClosed(\n        uint256 indexed channel_identifier,\n        address indexed closing_participant\n    );\n}"
        let args = Self.event("ChannelClosed", in: sol)
        #expect(args?.map(\.name) == ["channel_identifier", "closing_participant"])
        #expect(args?.map(\.type) == ["uint256", "address"])
        #expect(Self.event("ChannelOpened", in: sol) == nil)
    }

    /// Every `raiden/….py, function` the spec cites (decoder, sides) is a def of that file.
    @Test func everyCitedRaidenFunctionExists() throws {
        let chain = try GeneratedCodeTests.specs().chain
        let pattern = try NSRegularExpression(pattern: "(raiden/[a-z_/]+\\.py), ([a-z_]+)")
        var cited = 0
        for text in chain.logs.flatMap({ [$0.decoder, $0.sides ?? ""] }) {
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let file = (text as NSString).substring(with: m.range(at: 1)), function = (text as NSString).substring(with: m.range(at: 2))
                #expect(try Self.source(file).contains("\ndef \(function)("), "\(file) has no def \(function)")
                cited += 1
            }
        }
        #expect(cited == 8, "seven decoders and ChannelSettled's sides")
    }

    @Test func theSpecLoadsAndMapsEveryLogToAContractInput() throws {
        let text = try Self.text()
        #expect(Self.load(text) == nil)
        let chain = try GeneratedCodeTests.specs().chain
        #expect(chain.logs.map(\.input) == [
            "ContractReceiveChannelDeposit", "ContractReceiveChannelWithdraw", "ContractReceiveChannelClosed", "ContractReceiveUpdateTransfer",
            "ContractReceiveChannelSettled", "ContractReceiveChannelBatchUnlock", "ContractReceiveSecretReveal",
        ])
    }

    @Test func anUnknownInputNameIsRefused() throws {
        let text = try Self.text()
        let bad = text.replacingOccurrences(of: "input: ContractReceiveChannelWithdraw\n", with: "input: ContractReceiveChannelWithdrawal\n")
        let e = try #require(Self.load(bad))
        #expect(e.path == "logs.events[1].input")
        #expect(e.reason.contains("`ContractReceiveChannelWithdrawal` is not an input of kind contract in spec/channel.yaml"), "\(e)")
        // An input that exists but is not a chain log's (an action) is refused too.
        let action = text.replacingOccurrences(of: "input: ContractReceiveChannelWithdraw\n", with: "input: ActionChannelClose\n")
        #expect(Self.load(action)?.reason.contains("is not an input of kind contract") == true)
    }

    @Test func aMappingOfAnUnknownFieldOrArgumentOrOfTheWrongTypeIsRefused() throws {
        let text = try Self.text()
        func refused(_ old: String, _ new: String, _ reason: String) {
            #expect(text.contains(old), "the mutation applies: \(old)")
            let e = Self.load(text.replacingOccurrences(of: old, with: new))
            #expect(e?.reason.contains(reason) == true, "\(old) → \(new): \(String(describing: e))")
        }
        refused("{field: contract_balance, from: total_deposit}", "{field: contract_balanse, from: total_deposit}", "is not a field of ContractReceiveChannelDeposit")
        refused("{field: contract_balance, from: total_deposit}", "{field: participant, from: total_deposit}", "is mapped twice")
        refused("{field: contract_balance, from: total_deposit}", "{field: contract_balance, from: total_deposits}", "is neither block_number, channel nor an argument of ChannelNewDeposit")
        refused("{field: contract_balance, from: total_deposit}", "{field: contract_balance, from: participant}", "is of type address; ContractReceiveChannelDeposit.contract_balance is of type u256")
        refused("        - {field: contract_balance, from: total_deposit}\n", "", "does not say where ContractReceiveChannelDeposit.contract_balance comes from")
        refused("{field: secret, from: secret}", "{field: secret, from: channel}", "known only from a TokenNetwork log")
        refused("zero: LOCKSROOT_OF_NO_LOCKS}", "zero: EMPTY_LOCKSROOT}", "must be a bytes32 constant of spec/channel.yaml")
        refused("{name: total_withdraw, type: u256, solidity: uint256}", "{name: total_withdraw, type: u256, solidity: address}", "a u256 is declared uint256")
        refused("event: \"raiden_contracts/data/source/raiden/TokenNetwork.sol, event ChannelWithdraw\"", "event: \"TokenNetwork.sol ChannelWithdraw\"", "must be `raiden_contracts/data/source/raiden/TokenNetwork.sol, event ChannelWithdraw`")
        refused("decoder: \"raiden/blockchain/decode.py, contractreceivechannelwithdraw_from_event\"", "decoder: \"decode.py contractreceivechannelwithdraw_from_event\"", "must be `raiden/<path>.py, <function>`")
        refused("{name: participants, type: \"[Participant]\", count: 2}", "{name: participants, type: \"[Participants]\", count: 2}", "is not a base type, record or enumeration of the chain file")
    }
}
