import NettingCodec
import NettingMachine

/// The `transitions` suite: single steps of one party's machine, a file per transition. Every
/// guard violated once (GuardCases: result invalid, its code and flags, the state unchanged
/// unless the guard is reject_committed), and every step of every honest journey (valid).
///
/// A case holds `pre` (a state), `input`, then what must follow: `post` (the state), `outputs`
/// (in order) and `rejection` (null when accepted). Rejection and output `reason` texts are
/// for people: a runner compares codes, not reasons.
public enum TransitionSuite {
    public static let name = "transitions"

    /// The case members of one step.
    static func members(pre: ChannelState, input: Input, step: Step) -> [(key: String, json: [UInt8])] {
        var outputs = JSONWriter(capacity: 1024)
        outputs.beginArray()
        for o in step.outputs { o.write(canonical: &outputs) }
        outputs.endArray()
        return [
            ("pre", pre.canonicalJSON), ("input", input.canonicalJSON), ("post", step.state.canonicalJSON),
            ("outputs", outputs.bytes), ("rejection", step.rejection?.canonicalJSON ?? Array("null".utf8)),
        ]
    }

    /// Every file of the suite, transitions in spec order; throws when a curated case does not
    /// do what it says (a guard case accepted or failing with another code, a journey step rejected).
    public static func files() throws -> [VectorFile] {
        var cases: [String: [VectorCase]] = [:]
        for c in GuardCases.all {
            let (pre, input) = try c.make()
            let step = ChannelMachine.step(pre, input)
            guard step.rejection?.code == c.code else {
                throw SituationError("guard case \(c.code.rawValue) gave \(step.rejection.map(\.code.rawValue) ?? "no rejection")")
            }
            let reason = c.code.rawValue.split(separator: ".").last.map(String.init) ?? c.code.rawValue
            let transition = DeclaredOutputs.specs[input.name]!.name
            cases[transition, default: []].append(VectorCase(
                id: vectorID(name, transition, reason), comment: "\(c.story) [\(c.code.rawValue), \(c.code.outcome.rawValue)]",
                result: .invalid, flags: VectorFlag.byGuardCode[c.code.rawValue] ?? [],
                members: [("code", Array("\"\(c.code.rawValue)\"".utf8))] + members(pre: pre, input: input, step: step)))
        }
        for journey in Journeys.all {
            var count: [String: Int] = [:]
            for s in try journey.run() {
                let transition = DeclaredOutputs.specs[s.input.name]!.name
                count[transition, default: 0] += 1
                let outputs = s.step.outputs.map(\.name.rawValue).joined(separator: ", ")
                cases[transition, default: []].append(VectorCase(
                    id: vectorID(name, transition, journey.name, String(count[transition]!)),
                    comment: "\(journey.name.replacingOccurrences(of: "_", with: " ")): \(s.party) takes \(s.input.name.rawValue)"
                        + (outputs.isEmpty ? "" : " → \(outputs)"),
                    result: .valid, flags: [], members: [("code", Array("null".utf8))] + members(pre: s.pre, input: s.input, step: s.step)))
            }
        }
        return ChannelSpecTable.transitions.compactMap { t in
            cases[t.name].map { VectorFile(suite: name, name: t.name, description: "Single steps of \(t.name): every guard violated, and the honest journeys' steps.", cases: $0) }
        }
    }

    // MARK: Running

    /// One transition case: the implementation's post-state, outputs and rejection against the
    /// case's, compared as JSON values with every `reason` text left out.
    static func run(id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> VectorRunner.Outcome {
        guard let implementation = implementation as? any ChannelImplementation else { return .skipped }
        guard let pre = c["pre"], let input = c["input"], let post = c["post"], case .array(let outputs)? = c["outputs"], let rejection = c["rejection"] else {
            return .failed(VectorFailure(caseID: id, path: "", expected: "pre, input, post, outputs, rejection", got: "a key missing"))
        }
        let got: (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?)
        do { got = try implementation.step(state: VectorRunner.compact(pre), input: VectorRunner.compact(input)) } catch {
            return .failed(VectorFailure(caseID: id, path: "", expected: "a step", got: "an error: \(error)"))
        }
        if let d = VectorRunner.stepDifference(rejection: rejection, outputs: .array(outputs), post: post, got: got, at: "") {
            return .failed(VectorFailure(caseID: id, path: d.0, expected: d.1, got: d.2))
        }
        return .passed
    }
}
