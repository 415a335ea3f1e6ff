import NettingScenario
import NettingSpec
import Testing

/// Issue 14's reproducers: block numbers, timeouts and block spans from a scenario file are
/// checked when it loads, so no sum of them overflows (a trap) and no step mines for ever.
@Suite struct ScenarioLimitsTests {
    static func scenario(channel: String = "", step: String = #"mine: {blocks: "1"}"#) -> String {
        """
        title: limits
        \(channel)
        parties:
          alice: {key: "0x1111111111111111111111111111111111111111111111111111111111111111", deposit: "100"}
          bob: {key: "0x2222222222222222222222222222222222222222222222222222222222222222", deposit: "50"}
        steps:
          - \(step)
        """
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let path: String
        var testDescription: String { path }
    }

    static let cases: [Case] = [
        Case(text: scenario(channel: #"channel: {settle_timeout: "18446744073709551615"}"#), path: "channel.settle_timeout"),
        Case(text: scenario(channel: #"channel: {settle_timeout: "0"}"#), path: "channel.settle_timeout"),
        Case(text: scenario(channel: #"channel: {reveal_timeout: "0"}"#), path: "channel.reveal_timeout"),
        Case(text: scenario(channel: #"channel: {opened_at: "18446744073709551615"}"#), path: "channel.opened_at"),
        Case(text: scenario(step: #"mine: {blocks: "18446744073709551615"}"#), path: "steps[0].mine.blocks"),
        Case(text: scenario(step: #"delay: {message: LockedTransfer, blocks: "18446744073709551615"}"#), path: "steps[0].delay.blocks"),
    ]

    @Test(arguments: cases)
    func anOutOfRangeBlockNumberIsATypedErrorNamingItsField(_ c: Case) {
        #expect(throws: SpecError.self) { try Scenario.load(yaml: c.text, file: "limits.yaml") }
        do {
            _ = try Scenario.load(yaml: c.text, file: "limits.yaml")
        } catch {
            #expect(error.path == c.path, "\(error)")
            #expect(error.reason.contains("blocks, got"), "\(error)")
        }
    }

    @Test func theLargestSpansStillRun() throws {
        let text = Self.scenario(channel: #"channel: {settle_timeout: "10000000", opened_at: "1000000000000"}"#, step: #"mine: {blocks: "100000"}"#)
        var runner = ScenarioRunner(try Scenario.load(yaml: text, file: "limits.yaml"))
        for step in runner.scenario.steps { #expect(runner.run(step).failures.isEmpty) }
        #expect(runner.block == 1_000_000_100_000)
    }
}
