import NettingMachine

/// Shrinks a counterexample: drops moves one at a time while the same kind of violation still
/// happens, then cuts the trace after the step where it first happens. A candidate is only
/// kept if each of its moves is still enabled where it is played (a move carries its message or
/// proof, and without the moves before it the adversary may not hold it any more).
public enum Shrink {
    /// The 1-based step at which a violation of `kind` first happens, or nil.
    public static func failingStep(_ trace: [Move], kind: String, _ c: CheckConfig) -> Int? {
        var world = World(c)
        for (i, move) in trace.enumerated() {
            guard world.moves(c).contains(move) else { return nil }
            let previous = world
            world.apply(move, c)
            if Properties.check(previous, world).contains(where: { $0.kind == kind }) { return i + 1 }
        }
        return nil
    }

    public static func trace(_ trace: [Move], kind: String, _ c: CheckConfig) -> [Move] {
        guard let end = failingStep(trace, kind: kind, c) else { return trace }
        var t = Array(trace.prefix(end))
        var changed = true
        while changed {
            changed = false
            var i = t.count - 2
            while i >= 0 {
                var candidate = t
                candidate.remove(at: i)
                if let end = failingStep(candidate, kind: kind, c) {
                    t = Array(candidate.prefix(end))
                    changed = true
                }
                i = min(i - 1, t.count - 2)
            }
        }
        return t
    }
}
