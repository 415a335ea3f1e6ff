import NettingCodec
import NettingMachine
import NettingScenario

/// The `traces` suite: two-party runs of the shipped scenarios (scenarios/*.yaml), a file per
/// scenario and a case per scenario step, so that a difference is found at its step. A case
/// holds both parties' states before the step (`pre`), every input the step fed a machine in
/// order with what that machine answered (`feeds`: party, input, outputs, rejection), the
/// messages that crossed (`messages`: from, to, wire object) and both states after (`post`).
/// Every input is explicit: the chain's logs and blocks come as ContractReceive… and Block
/// inputs, as the scenario runner's TokenNetwork model produced them; nothing is implied.
///
/// Case 0 of a file opens the channel from the parties' initial states.
public enum TraceSuite {
    public static let name = "traces"

    /// One file per scenario, in the order given; `scenarios` are (file name without .yaml, text).
    public static func files(scenarios: [(name: String, yaml: String)]) throws -> [VectorFile] {
        try scenarios.map { (name: String, yaml: String) throws -> VectorFile in
            let scenario: Scenario
            do { scenario = try Scenario.load(yaml: yaml, file: "\(name).yaml") } catch { throw SituationError("scenarios/\(name).yaml: \(error)") }
            var runner = ScenarioRunner(scenario)
            var cases = [try traceCase(scenario: name, step: "00_open", comment: "\(scenario.title): the channel opens and both deposit",
                                       pre: runner.initialStates, report: runner.opening, post: runner.states, names: runner.names)]
            for step in scenario.steps {
                let pre = runner.states
                let report = runner.run(step)
                let label = String(step.number < 10 ? "0\(step.number)" : "\(step.number)") + "_" + actionName(step.action)
                cases.append(try traceCase(scenario: name, step: label, comment: "\(scenario.title): step \(step.number), \(step.action.summary)",
                                           pre: pre, report: report, post: runner.states, names: runner.names))
            }
            return VectorFile(suite: Self.name, name: name, description: "scenarios/\(name).yaml run by two machines: \(scenario.title)", cases: cases)
        }
    }

    static func actionName(_ a: Action) -> String {
        switch a {
        case .pay: "pay"
        case .deposit: "deposit"
        case .withdraw: "withdraw"
        case .mine: "mine"
        case .close: "close"
        case .update: "update"
        case .settle: "settle"
        case .unlock: "unlock"
        case .registerSecret: "register_secret"
        case .drop: "drop"
        case .duplicate: "duplicate"
        case .delay: "delay"
        case .cheat(_, let move): "cheat_" + move.rawValue
        case .send: "send"
        case .closeWithProof: "close_with_proof"
        }
    }

    static func states(_ s: [String: ChannelState], _ names: [String]) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        for n in names { w.key(n); s[n]!.write(canonical: &w) }
        w.endObject()
        return w.bytes
    }

    /// Replays the step's feeds from `pre`: each feed's answer is recorded, and the replay must
    /// end in the runner's own states (the trace is what the machines did, nothing else).
    static func traceCase(scenario: String, step: String, comment: String, pre: [String: ChannelState], report: StepReport,
                          post: [String: ChannelState], names: [String]) throws -> VectorCase {
        var replay = pre
        var feeds = JSONWriter(capacity: 8192)
        feeds.beginArray()
        for f in report.inputs {
            let s = ChannelMachine.step(replay[f.party]!, f.input)
            replay[f.party] = s.state
            feeds.beginObject()
            feeds.key("party"); feeds.string(f.party)
            feeds.key("input"); f.input.write(canonical: &feeds)
            feeds.key("outputs"); s.outputs.write(canonical: &feeds)
            feeds.key("rejection"); s.rejection.write(canonical: &feeds)
            feeds.endObject()
        }
        feeds.endArray()
        guard replay == post else { throw SituationError("traces.\(scenario).\(step): replaying the feeds does not give the runner's states") }
        var messages = JSONWriter(capacity: 4096)
        messages.beginArray()
        for m in report.messages {
            messages.beginObject()
            messages.key("from"); messages.string(m.from)
            messages.key("to"); messages.string(m.to)
            messages.key("block"); messages.decimalString(String(m.block))
            messages.key("wire"); messages.raw(m.wire)
            messages.endObject()
        }
        messages.endArray()
        return VectorCase(
            id: vectorID(name, scenario, step), comment: comment, result: .valid, flags: [],
            members: [("pre", states(pre, names)), ("feeds", feeds.bytes), ("messages", messages.bytes), ("post", states(post, names))])
    }

    // MARK: Running

    /// Each feed in order to its party's machine, each answer compared, then both final states.
    static func run(id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> VectorRunner.Outcome {
        guard let implementation = implementation as? any ChannelImplementation else { return .skipped }
        guard case .object(let pre)? = c["pre"], case .array(let feeds)? = c["feeds"], case .object(let post)? = c["post"] else {
            return .failed(VectorFailure(caseID: id, path: "", expected: "pre, feeds, post", got: "a key missing"))
        }
        var states: [String: [UInt8]] = [:]
        for m in pre.members { states[m.key] = VectorRunner.compact(m.value) }
        for (k, feed) in feeds.enumerated() {
            let at = "feeds[\(k)]"
            guard case .object(let f) = feed, case .string(let party)? = f["party"], let input = f["input"], let state = states[party],
                let outputs = f["outputs"], let rejection = f["rejection"]
            else { return .failed(VectorFailure(caseID: id, path: at, expected: "party, input, outputs, rejection", got: "a key missing")) }
            let got: (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?)
            do { got = try implementation.step(state: state, input: VectorRunner.compact(input)) } catch {
                return .failed(VectorFailure(caseID: id, path: at, expected: "a step", got: "an error: \(error)"))
            }
            if let d = VectorRunner.stepDifference(rejection: rejection, outputs: outputs, post: nil, got: got, at: at) {
                return .failed(VectorFailure(caseID: id, path: d.0, expected: d.1, got: d.2))
            }
            states[party] = got.state
        }
        for m in post.members {
            guard let state = states[m.key] else { return .failed(VectorFailure(caseID: id, path: "post.\(m.key)", expected: "a party of pre", got: "none")) }
            let got = (try? JSONParser.parse(state, maxDepth: 64)) ?? .string("<not JSON>")
            if let d = VectorRunner.difference(m.value, got, path: "post.\(m.key)") { return .failed(VectorFailure(caseID: id, path: d.0, expected: d.1, got: d.2)) }
        }
        return .passed
    }
}
