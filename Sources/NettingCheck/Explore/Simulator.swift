import Dispatch
import NettingMachine

/// Random deep walks beyond the exhaustive bound: `walks` walks of up to `depth` moves, each
/// move drawn uniformly among the enabled ones. Walk i draws from SplitMix64(seed, i) alone, so
/// a run is reproducible by its seed whatever the number of workers.
public struct Simulator: Sendable {
    public var config: CheckConfig
    public var walks: Int
    public var seed: UInt64
    public var workers: Int

    public init(config: CheckConfig, walks: Int, seed: UInt64, workers: Int = 2) {
        (self.config, self.walks, self.seed, self.workers) = (config, walks, seed, max(1, workers))
    }

    public func run(progress: @Sendable (CheckProgress) -> Void = { _ in }) -> CheckResult {
        let config = self.config, walks = self.walks, seed = self.seed
        let chunks = min(walks, workers * 8)
        let slots = Explorer.Slots([(Explorer.Tally, Set<Fingerprint>, Int)](repeating: (Explorer.Tally(), [], 0), count: max(chunks, 1)))
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            var tally = Explorer.Tally()
            var seen: Set<Fingerprint> = []
            var deepest = 0
            for walk in stride(from: k, to: walks, by: chunks) {
                var rng = SplitMix64(seed: seed ^ (UInt64(walk) &* 0x9E37_79B9_7F4A_7C15))
                var world = World(config)
                var path: [Move] = []
                for _ in 0..<config.depth {
                    let moves = world.moves(config)
                    guard !moves.isEmpty else { break }
                    let move = moves[Int(rng.next() % UInt64(moves.count))]
                    let previous = world
                    world.apply(move, config)
                    path.append(move)
                    tally.transitions += 1
                    tally.machineSteps += world.machineSteps
                    tally.reverts += world.reverted
                    for r in world.rejections { tally.rejections[r, default: 0] += 1 }
                    let fp = world.fingerprint
                    if seen.insert(fp).inserted { tally.newStates[move.kind, default: 0] += 1 }
                    deepest = max(deepest, path.count)
                    let violations = Properties.check(previous, world)
                    tally.record(violations, trace: path, fp: fp)
                    if violations.contains(where: { $0.known == nil }) { break }
                }
            }
            slots[k] = (tally, seen, deepest)
        }
        var tally = Explorer.Tally()
        var seen: Set<Fingerprint> = []
        var result = CheckResult()
        for (t, s, d) in slots.values {
            tally.merge(t)
            seen.formUnion(s)
            result.depthReached = max(result.depthReached, d)
        }
        result.states = seen.count
        result.transitions = tally.transitions
        result.machineSteps = tally.machineSteps
        result.reverts = tally.reverts
        result.rejections = Dictionary(uniqueKeysWithValues: tally.rejections.map { ($0.key.rawValue, $0.value) })
        result.newStatesByMove = tally.newStates
        for k in tally.order.sorted() {
            let v = tally.violations[k]!
            result.violations.append(ViolationReport(violation: v.violation, count: v.fps.count, trace: Shrink.trace(v.trace, kind: k, config)))
        }
        progress(CheckProgress(states: result.states, transitions: result.transitions, done: walks, of: walks, violations: result.violations.count))
        return result
    }
}
