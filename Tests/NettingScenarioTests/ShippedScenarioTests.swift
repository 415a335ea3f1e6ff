import Foundation
import NettingScenario
import Testing

/// Every shipped scenario is a test: each step's `expect` must hold. A scenario folder that
/// cannot be read, or is empty, fails.
@Suite struct ShippedScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let files: [String] = {
        let dir = root.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func thereAreScenarios() {
        #expect(Self.files.count >= 5)
        #expect(Self.files.contains("story.yaml"))
        #expect(Self.files.contains("reference.yaml"))
    }

    @Test(arguments: files)
    func scenarioMeetsItsExpectations(file: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("scenarios/\(file)"), encoding: .utf8)
        let scenario = try Scenario.load(yaml: text, file: file)
        var runner = ScenarioRunner(scenario)
        for step in scenario.steps {
            let report = runner.run(step)
            #expect(report.failures.isEmpty, "\(file) step \(step.number): \(report.failures.joined(separator: "; "))")
        }
    }

    /// The reference story's numbers, stated independently of the scenario file: deposits 100
    /// and 50; alice pays 30, bob pays 10, alice locks 7; nobody withdraws. Settle pays alice
    /// 100 − 30 + 10 − 7 = 73 and bob 50 − 10 + 30 = 70 with 7 locked; unlock with the secret
    /// registered in time pays the 7 to bob: 77 in total.
    @Test func referenceStoryPayouts() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("scenarios/reference.yaml"), encoding: .utf8)
        let scenario = try Scenario.load(yaml: text, file: "reference.yaml")
        var runner = ScenarioRunner(scenario)
        for step in scenario.steps { _ = runner.run(step) }
        let s = try #require(runner.settlement)
        #expect(s.withdrawn == ["alice": 0, "bob": 0])
        #expect(s.paidAtSettle == ["alice": 73, "bob": 70])
        #expect(s.lockedRetained == 7)
        #expect(s.unlocked == ["alice": 0, "bob": 7])
        #expect(s.total == ["alice": 73, "bob": 77])
    }

    @Test func scenarioErrorsNameTheKeyAndLine() {
        let bad = """
            title: t
            parties:
              a: {key: "0x1111111111111111111111111111111111111111111111111111111111111111", deposit: "1"}
              b: {key: "0x2222222222222222222222222222222222222222222222222222222222222222", deposit: "1"}
            steps:
              - pay: {from: a, to: c, amount: "1"}
            """
        #expect(throws: (any Error).self) { try Scenario.load(yaml: bad, file: "bad.yaml") }
        do { _ = try Scenario.load(yaml: bad, file: "bad.yaml") } catch {
            #expect(error.path == "steps[0].pay.to")
            #expect(error.line == 6, "1-based YAML line of the bad step")
        }
    }
}
