import NettingMachine
import NettingScenario
import NettingSpec
import Testing

/// Issue 14, scenarios and step inputs: YAML aliases are refused before they can expand, and
/// mining a long quiet stretch as one Block gives exactly the states and messages of mining
/// it block by block.
@Suite struct HostileScenarioTests {
    static let parties = """
        parties:
          alice: {key: "0x1111111111111111111111111111111111111111111111111111111111111111", deposit: "90"}
          bob: {key: "0x2222222222222222222222222222222222222222222222222222222222222222", deposit: "50"}
        """

    /// Aliases used as mapping keys, nested: Yams hashed and compared them in time exponential
    /// in the file (this one never finished).
    static let aliasBomb: String = {
        var lines = ["a0: &a0 {x: 1, y: 2}"]
        for i in 1...24 { lines.append("a\(i): &a\(i) {*a\(i - 1) : 1, k\(i): *a\(i - 1)}") }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test(.timeLimit(.minutes(1)))
    func aScenarioWithAliasesIsRefusedNamingTheAlias() {
        do {
            _ = try Scenario.load(yaml: Self.aliasBomb + "title: t\n" + Self.parties + "\nsteps: []\n", file: "bomb.yaml")
            Issue.record("an alias bomb loaded")
        } catch {
            #expect(error.line == 2)
            #expect(error.reason.contains("alias *a0"), "\(error.reason)")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aStepInputWithAliasesIsRefused() throws {
        let scenario = try Scenario.load(yaml: "title: t\n" + Self.parties + "\nsteps: []\n", file: "s.yaml")
        let state = ScenarioRunner(scenario).states["alice"]!
        #expect(throws: SpecError.self) {
            try InputText.parse(Self.aliasBomb + "input: Block\nblock_number: 101\n", file: "in.yaml", state: state)
        }
        // An anchor without an alias is harmless and still reads.
        let input = try InputText.parse("input: Block\nblock_number: &b 101\n", file: "in.yaml", state: state)
        #expect(input == .block(.init(blockNumber: 101)))
    }

    /// The runner after the steps, and how many inputs the machines were given.
    static func run(_ steps: [String], channel: String) throws -> (runner: ScenarioRunner, inputs: Int) {
        let text = "title: t\n\(channel)\n" + Self.parties + "\nsteps:\n" + steps.map { "  - \($0)\n" }.joined()
        let scenario = try Scenario.load(yaml: text, file: "s.yaml")
        var runner = ScenarioRunner(scenario)
        var inputs = 0
        for step in scenario.steps { inputs += runner.run(step).inputs.count }
        return (runner, inputs)
    }

    /// A pending lock expires in the middle of 5,000 mined blocks, then the channel closes and
    /// settles after a long window: the same states and messages (with their blocks) whether the
    /// blocks come in one step (quiet stretches mined as one Block) or one step per block.
    @Test func miningAQuietStretchAtOnceMatchesMiningItBlockByBlock() throws {
        let channel = #"channel: {settle_timeout: "3000", reveal_timeout: "10"}"#
        let pay = #"pay: {from: alice, to: bob, amount: "7", complete: false}"#
        let tail = ["close: {by: bob}", "settle: {}"]
        let (atOnce, fewInputs) = try Self.run([pay, #"mine: {blocks: "5000"}"#] + tail, channel: channel)
        let (oneByOne, allInputs) = try Self.run([pay] + Array(repeating: #"mine: {blocks: "1"}"#, count: 5000) + tail, channel: channel)
        #expect(allInputs >= 2 * 5_000, "both machines saw every block")
        #expect(fewInputs < allInputs / 2, "quiet stretches were mined as one Block: \(fewInputs) inputs")
        #expect(atOnce.block == oneByOne.block)
        #expect(atOnce.states == oneByOne.states)
        #expect(atOnce.log == oneByOne.log)
        #expect(atOnce.log.contains { $0.typeName == "LockExpired" }, "the lock expired during the stretch")
        #expect(atOnce.settlement == oneByOne.settlement)
    }

    /// payment_id 2^64 − 1 trapped: the runner computes the next default identifier as the
    /// largest used + 1. The largest allowed still runs, and the next payment gets the id after.
    @Test func aPaymentIdentifierThatLeavesNoNextOneIsRefused() throws {
        let pay = { (id: String) in #"pay: {from: alice, to: bob, amount: "3", payment_id: "\#(id)"}"# }
        do {
            _ = try Self.run([pay("18446744073709551615")], channel: "")
            Issue.record("payment_id 2^64 - 1 loaded")
        } catch let error as SpecError {
            #expect(error.path == "steps[0].pay.payment_id")
        }
        let (runner, _) = try Self.run([pay("18446744073709551614"), #"pay: {from: alice, to: bob, amount: "2"}"#], channel: "")
        #expect(runner.payments.keys.sorted() == [18_446_744_073_709_551_614, 18_446_744_073_709_551_615] as [UInt64])
    }
}
