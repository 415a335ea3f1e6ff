import NettingScenario

/// The scenario loader, then the runner: any text loads or throws a SpecError, and a scenario
/// that loads runs to its end (no trap, no hang; libFuzzer's -timeout catches a slow one).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Harness.run(data, size) { bytes in
        guard let text = String(validating: bytes, as: UTF8.self), let scenario = try? Scenario.load(yaml: text, file: "fuzz.yaml") else { return }
        var runner = ScenarioRunner(scenario)
        for step in scenario.steps { _ = runner.run(step) }
    }
}
