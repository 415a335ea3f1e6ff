import NettingMachine

/// The outputs spec/channel.yaml declares for each transition: an accepted input emits only its
/// transition's `outputs`, a rejected one (`reject`, `reject_committed`) only its `on_reject`,
/// an ignored one nothing. Situations, the vector generator and the tests all check steps here.
public enum DeclaredOutputs {
    /// One output of one transition, from its `outputs` or its `on_reject` list.
    public struct Pair: Hashable, Sendable, Comparable, CustomStringConvertible {
        public enum List: String, Sendable {
            case outputs
            case onReject = "on_reject"
            /// What an ignored input emitted: never declared.
            case ignored
        }

        public let transition: String
        public let output: OutputName
        public let list: List

        public init(transition: String, output: OutputName, list: List) { (self.transition, self.output, self.list) = (transition, output, list) }

        public var description: String { "\(transition) → \(output.rawValue) (\(list.rawValue))" }

        public static func < (a: Pair, b: Pair) -> Bool { a.description < b.description }
    }

    public static let specs: [InputName: TransitionSpec] = Dictionary(uniqueKeysWithValues: ChannelSpecTable.transitions.map { ($0.input, $0) })

    /// Every declared pair: each transition's `outputs` and `on_reject` outputs.
    public static let all: Set<Pair> = Set(ChannelSpecTable.transitions.flatMap { t in
        t.outputs.map { Pair(transition: t.name, output: $0, list: .outputs) }
            + t.onReject.map { Pair(transition: t.name, output: $0, list: .onReject) }
    })

    /// The transition of `input`, the list `step` may draw on, and what it holds.
    public static func allowed(_ input: Input, _ step: Step) -> (spec: TransitionSpec, list: Pair.List, names: [OutputName]) {
        let spec = specs[input.name]!  // every input has a transition: the spec loader checks it
        switch step.rejection?.code.outcome {
        case nil: return (spec, .outputs, spec.outputs)
        case .reject?, .rejectCommitted?: return (spec, .onReject, spec.onReject)
        case .ignore?: return (spec, .ignored, [])
        }
    }

    /// One line for each output of `step` that `input`'s transition does not declare, naming the
    /// transition, the output and the declared list.
    public static func violations(_ input: Input, _ step: Step) -> [String] {
        let (spec, list, names) = allowed(input, step)
        let how = step.rejection.map { "\($0.code.outcome.rawValue) with \($0.code.rawValue)" } ?? "accepted"
        let declared = list == .ignored ? "an ignored input emits nothing" : "declared \(list.rawValue): [\(names.map(\.rawValue).joined(separator: ", "))]"
        return step.outputs.map(\.name).filter { !names.contains($0) }.map { "\(spec.name) (\(how)) emitted \($0.rawValue); \(declared)" }
    }

    /// The pairs `step` produced.
    public static func produced(_ input: Input, _ step: Step) -> Set<Pair> {
        let (spec, list, _) = allowed(input, step)
        return Set(step.outputs.map { Pair(transition: spec.name, output: $0.name, list: list) })
    }
}
