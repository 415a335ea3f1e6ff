import Foundation
import NettingCodec
@testable import NettingMachine
import NettingScenario
@testable import NettingVectors
import Testing

/// vectors/ is generated, committed, and what NettingKit's machine passes in full.
@Suite struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let vectors = root.appendingPathComponent("vectors")

    /// scenarios/*.yaml, as `netting vectors generate` reads them.
    static let scenarios: [(name: String, yaml: String)] = {
        let dir = root.appendingPathComponent("scenarios")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.map { (String($0.dropLast(5)), (try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) ?? "") }
    }()

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: vectors.appendingPathComponent(path).path) else {
            throw VectorFailure(caseID: path, path: "", expected: "the file vectors/\(path)", got: "nothing: run `netting vectors generate`")
        }
        return [UInt8](data)
    }

    /// Regenerating changes no byte, and vectors/ holds nothing else.
    @Test func theCommittedCorpusIsWhatTheGeneratorWrites() throws {
        #expect(Self.scenarios.count >= 5, "scenarios/ could not be read")
        let generated = try Corpus.generate(scenarios: Self.scenarios)
        for f in generated {
            #expect(try Self.read(f.path) == f.bytes, "vectors/\(f.path) is stale: run `netting vectors generate`")
        }
        let present = (FileManager.default.enumerator(atPath: Self.vectors.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".json") }
        #expect(Set(present) == Set(generated.map(\.path)), "vectors/ holds files the generator does not write")
    }

    @Test func generationIsDeterministic() throws {
        let a = try Corpus.generate(scenarios: Self.scenarios), b = try Corpus.generate(scenarios: Self.scenarios)
        #expect(a.map(\.path) == b.map(\.path))
        #expect(a.map(\.bytes) == b.map(\.bytes))
    }

    @Test func nettingKitsMachinePassesEveryCase() throws {
        let machine = NettingKitImplementation()
        let report = VectorRunner.run(read: Self.read, implementation: machine)
        #expect(report.failures == [], "\(report.failures.prefix(5))")
        #expect(report.notRun == [])
        let manifest = try JSONSerialization.jsonObject(with: Data(try Self.read("manifest.json"))) as! [String: Any]
        #expect(report.passed.count == Int(manifest["case_count"] as! String))
        #expect(report.allPassed)
    }

    /// A machine that forgets one output, or accepts a stale nonce, is caught with the case and path.
    @Test func aBrokenMachineIsCaught() throws {
        struct DropsLastOutput: ChannelImplementation {
            let inner = NettingKitImplementation()
            func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
                let r = try inner.step(state: state, input: input)
                return (r.state, Array(r.outputs.dropLast()), r.rejection)
            }
        }
        let report = VectorRunner.run(read: Self.read, implementation: DropsLastOutput())
        #expect(report.failures.count > 50)
        #expect(report.failures.contains { $0.caseID == "transitions.ReceiveLockedTransfer.nonce_mismatch" && $0.path == "outputs" })
    }

    @Test func aMissingFileFailsAndItsCasesAreNotRun() {
        let machine = NettingKitImplementation()
        let report = VectorRunner.run(read: { path in
            if path.hasSuffix("Block.json") { throw VectorFailure(caseID: path, path: "", expected: "", got: "gone") }
            return try Self.read(path)
        }, implementation: machine)
        #expect(!report.allPassed)
        #expect(report.notRun.contains("transitions.Block.block_number_decreased"))
    }

    /// Coverage has no gap: every guard violated by an invalid case, every transition that can
    /// succeed with a valid one, every declared (transition, output) pair produced and none
    /// undeclared, every flag carried; and every non-valid case carries a flag.
    @Test func theCorpusLeavesNoSpecItemWithoutACase() throws {
        let files = try Corpus.files(scenarios: Self.scenarios)
        #expect(Coverage(files).gaps == [])
        for c in files.flatMap(\.cases) where c.result != .valid { #expect(!c.flags.isEmpty, "\(c.id) has no flag") }
    }

    /// The gap check itself: a corpus without the journeys misses declared outputs and valid transitions.
    @Test func aCorpusWithoutTheJourneysHasGaps() throws {
        let invalidOnly = try TransitionSuite.files().map { f in
            VectorFile(suite: f.suite, name: f.name, description: f.description, cases: f.cases.filter { $0.result == .invalid })
        }
        let gaps = Coverage(invalidOnly).gaps
        #expect(gaps.contains("transition ReceiveUnlock: no valid case"))
        #expect(gaps.contains { $0.hasPrefix("ReceiveUnlock → SendProcessed (outputs)") })
    }
}

/// The traces suite: every shipped scenario, a case per step plus the opening.
@Suite struct TraceSuiteTests {
    @Test func everyScenarioStepIsACase() throws {
        let files = try TraceSuite.files(scenarios: CorpusTests.scenarios)
        #expect(files.map(\.name) == CorpusTests.scenarios.map(\.name))
        for (file, scenario) in zip(files, CorpusTests.scenarios) {
            let steps = try NettingScenario.Scenario.load(yaml: scenario.yaml, file: scenario.name).steps.count
            #expect(file.cases.count == steps + 1, "\(file.name)")
            #expect(file.cases.first?.id == vectorID("traces", file.name, "00_open"))
        }
    }

    /// A machine that accepts a replayed balance proof (it skips the nonce check) is caught at
    /// the liars' replay step, at the feed that carries it.
    @Test func aMachineThatTakesAStaleProofIsCaughtAtItsStep() throws {
        struct AcceptsAnyNonce: ChannelImplementation {
            func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
                var s = try ChannelState(canonicalJSON: state)
                let i = try Input(canonicalJSON: input)
                if case .receiveLockedTransfer(let t) = i { s.partnerState.nonce = t.message.nonce &- 1 }
                let step = ChannelMachine.step(s, i)
                return (step.state.canonicalJSON, step.outputs.map(\.canonicalJSON), step.rejection?.canonicalJSON)
            }
        }
        let report = VectorRunner.run(read: CorpusTests.read, implementation: AcceptsAnyNonce())
        let liars = report.failures.filter { $0.caseID.hasPrefix("traces.liars.") }
        #expect(liars.contains { $0.caseID.contains("cheat_stale_balance_proof") && $0.path.hasPrefix("feeds[") }, "\(liars.prefix(3))")
    }
}
