import Foundation
import NettingCodec
@testable import NettingMachine
import Testing

/// The outputs spec/channel.yaml declares for each transition, and the one check every step the
/// tests drive goes through (`Declared.step`, `Walk.apply`, `Fx.accepting`): an accepted input
/// emits only its transition's `outputs`, a rejected one (`reject`, `reject_committed`) only
/// its `on_reject`, an ignored one nothing.
///
/// Inside `Declared.$tally.withValue(tally) { … }` every checked step also records the
/// (transition, output) pairs it produced. The tally is task-local: tests running in parallel
/// record nothing into it, so `DeclaredOutputTests` sees only the steps it drives itself.
enum Declared {
    /// One output of one transition, from its `outputs` or its `on_reject` list.
    struct Pair: Hashable, Sendable, Comparable, CustomStringConvertible {
        enum List: String, Sendable {
            case outputs
            case onReject = "on_reject"
            /// What an ignored input emitted: never declared.
            case ignored
        }

        let transition: String
        let output: OutputName
        let list: List

        var description: String { "\(transition) → \(output.rawValue) (\(list.rawValue))" }

        static func < (a: Pair, b: Pair) -> Bool { a.description < b.description }
    }

    static let specs: [InputName: TransitionSpec] = Dictionary(uniqueKeysWithValues: ChannelSpecTable.transitions.map { ($0.input, $0) })

    /// Every declared pair: each transition's `outputs` and `on_reject` outputs.
    static let all: Set<Pair> = Set(ChannelSpecTable.transitions.flatMap { t in
        t.outputs.map { Pair(transition: t.name, output: $0, list: .outputs) }
            + t.onReject.map { Pair(transition: t.name, output: $0, list: .onReject) }
    })

    /// Which list of `input`'s transition `step` may draw on, and what it holds.
    static func allowed(_ input: Input, _ step: Step) -> (spec: TransitionSpec, list: Pair.List, names: [OutputName]) {
        let spec = specs[input.name]!
        switch step.rejection?.code.outcome {
        case nil: return (spec, .outputs, spec.outputs)
        case .reject?, .rejectCommitted?: return (spec, .onReject, spec.onReject)
        case .ignore?: return (spec, .ignored, [])
        }
    }

    /// One line for each output of `step` that `input`'s transition does not declare, naming the
    /// transition, the output and the declared list.
    static func violations(_ input: Input, _ step: Step) -> [String] {
        let (spec, list, names) = allowed(input, step)
        let how = step.rejection.map { "\($0.code.outcome.rawValue) with \($0.code.rawValue)" } ?? "accepted"
        let declared = list == .ignored ? "an ignored input emits nothing" : "declared \(list.rawValue): [\(names.map(\.rawValue).joined(separator: ", "))]"
        return step.outputs.map(\.name).filter { !names.contains($0) }.map { "\(spec.name) (\(how)) emitted \($0.rawValue); \(declared)" }
    }

    /// The pairs `step` produced.
    static func produced(_ input: Input, _ step: Step) -> Set<Pair> {
        let (spec, list, _) = allowed(input, step)
        return Set(step.outputs.map { Pair(transition: spec.name, output: $0.name, list: list) })
    }

    @TaskLocal static var tally: Tally?

    /// Fails for every output of `step` that `input`'s transition does not declare; records the
    /// produced pairs in the task's tally, if any.
    static func check(input: Input, step: Step, sourceLocation: SourceLocation = #_sourceLocation) {
        for v in violations(input, step) { Issue.record("\(v)", sourceLocation: sourceLocation) }
        tally?.record(produced(input, step))
    }

    /// `ChannelMachine.step`, checked against the declared outputs.
    static func step(_ state: ChannelState, _ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> Step {
        let step = ChannelMachine.step(state, input)
        check(input: input, step: step, sourceLocation: sourceLocation)
        return step
    }

    /// The (transition, output) pairs produced while it was the task's tally.
    final class Tally: @unchecked Sendable {  // every access holds `lock`
        private let lock = NSLock()
        private var pairs: Set<Pair> = []

        func record(_ new: Set<Pair>) { lock.withLock { pairs.formUnion(new) } }

        var produced: Set<Pair> { lock.withLock { pairs } }
    }
}
