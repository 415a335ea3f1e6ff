import Foundation
import NettingCodec
@testable import NettingMachine
import NettingVectors
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
    typealias Pair = DeclaredOutputs.Pair
    static var all: Set<Pair> { DeclaredOutputs.all }
    static func violations(_ input: Input, _ step: Step) -> [String] { DeclaredOutputs.violations(input, step) }
    static func produced(_ input: Input, _ step: Step) -> Set<Pair> { DeclaredOutputs.produced(input, step) }

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
