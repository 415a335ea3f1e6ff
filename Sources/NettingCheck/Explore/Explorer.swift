import Dispatch
import NettingMachine
import Synchronization

/// What an exploration found and did.
public struct CheckResult: Sendable {
    /// Distinct states (fingerprints) within the depth bound, the opened channel included.
    public var states = 0
    /// Moves played (transitions of the whole system; states reached again at a smaller depth
    /// are expanded again, so this depends a little on the workers' timing).
    public var transitions = 0
    /// Inputs the honest machine took (its own transitions).
    public var machineSteps = 0
    /// The largest depth at which a new state was found.
    public var depthReached = 0
    /// Distinct states by the smallest depth they are reached at.
    public var statesPerDepth: [Int] = []
    /// How often a move was refused by each guard of the honest machine (by rejection code).
    public var rejections: [String: Int] = [:]
    /// New states each kind of move led to.
    public var newStatesByMove: [String: Int] = [:]
    /// Chain calls that reverted.
    public var reverts = 0
    /// Each kind of violation: how many states showed it and a shrunk trace.
    public var violations: [ViolationReport] = []

    public var unknownViolations: [ViolationReport] { violations.filter { $0.violation.known == nil } }
}

public struct ViolationReport: Sendable {
    public var violation: PropertyViolation
    /// Distinct states that showed it.
    public var count: Int
    /// The moves from the opened channel, shrunk; the property fails after the last one.
    public var trace: [Move]
}

/// Progress of a running exploration, for the progress line. Reported from any worker, often:
/// the receiver decides how often to show it (and must be thread-safe).
public struct CheckProgress: Sendable {
    public var states: Int
    public var transitions: Int
    /// Subtrees done of those shared among the workers.
    public var done: Int
    public var of: Int
    public var violations: Int
}

/// Exhaustive exploration of every interleaving up to the depth bound. A breadth-first prefix
/// splits the state space into subtrees that `workers` threads explore depth-first, sharing
/// one table of fingerprints with the smallest depth each was reached at (a state reached
/// again closer to the root is expanded again, so nothing within the bound is missed). Memory
/// is the table (a few dozen bytes a state) and one path per worker. The set of states is the
/// same whatever the workers' timing.
public struct Explorer: Sendable {
    public var config: CheckConfig
    public var workers: Int

    public init(config: CheckConfig, workers: Int = 2) {
        self.config = config
        self.workers = max(1, workers)
    }

    /// The fingerprint table, sharded under locks.
    final class Table: Sendable {
        final class Shard: Sendable { let map = Mutex<[Fingerprint: UInt8]>([:]) }
        let shards = (0..<64).map { _ in Shard() }

        /// Records `fp` at `depth`; false if it was already reached at this depth or closer.
        func claim(_ fp: Fingerprint, _ depth: Int) -> Bool {
            shards[Int(fp.a & 63)].map.withLock { map in
                if let d = map[fp], Int(d) <= depth { return false }
                map[fp] = UInt8(depth)
                return true
            }
        }

        func depths() -> [Int] {
            var counts: [Int] = []
            for s in shards {
                s.map.withLock { map in
                    for d in map.values {
                        while counts.count <= Int(d) { counts.append(0) }
                        counts[Int(d)] += 1
                    }
                }
            }
            return counts
        }
    }

    /// What one worker gathered.
    struct Tally {
        var transitions = 0
        var machineSteps = 0
        var reverts = 0
        var rejections: [RejectionCode: Int] = [:]
        var newStates: [String: Int] = [:]
        var violations: [String: (violation: PropertyViolation, trace: [Move], fps: Set<Fingerprint>)] = [:]
        var order: [String] = []

        /// Records the violations found in the state `fp`, reached by `trace`: the first of each
        /// kind, the fingerprints of all, and the shortest trace.
        mutating func record(_ found: [PropertyViolation], trace: @autoclosure () -> [Move], fp: Fingerprint) {
            for v in found {
                if violations[v.kind] == nil {
                    violations[v.kind] = (v, trace(), [fp])
                    order.append(v.kind)
                } else {
                    violations[v.kind]!.fps.insert(fp)
                    let t = trace()
                    if t.count < violations[v.kind]!.trace.count { (violations[v.kind]!.trace, violations[v.kind]!.violation) = (t, v) }
                }
            }
        }

        mutating func merge(_ o: Tally) {
            transitions += o.transitions
            machineSteps += o.machineSteps
            reverts += o.reverts
            for (k, v) in o.rejections { rejections[k, default: 0] += v }
            for (k, v) in o.newStates { newStates[k, default: 0] += v }
            for k in o.order {
                let v = o.violations[k]!
                if var mine = violations[k] {
                    mine.fps.formUnion(v.fps)
                    if v.trace.count < mine.trace.count { (mine.trace, mine.violation) = (v.trace, v.violation) }
                    violations[k] = mine
                } else {
                    violations[k] = v
                    order.append(k)
                }
            }
        }
    }

    /// One slot per concurrent task, each written by its task only (raw storage: no array
    /// uniqueness check races between the tasks).
    final class Slots<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
        let count: Int
        init(_ values: [T]) {
            count = values.count
            base = .allocate(capacity: max(1, count))
            base.initialize(from: values, count: count)
        }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
        subscript(i: Int) -> T {
            get { base[i] }
            set { base[i] = newValue }
        }
        var values: [T] { Array(UnsafeBufferPointer(start: base, count: count)) }
    }

    final class Shared: @unchecked Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let states = Atomic<Int>(0)
        let violations = Atomic<Int>(0)
        let transitions = Atomic<Int>(0)
        let tallies: Slots<Tally>
        init(workers: Int) { tallies = Slots(Array(repeating: Tally(), count: workers)) }
    }

    public func run(progress: @Sendable (CheckProgress) -> Void = { _ in }) -> CheckResult {
        let config = self.config
        let table = Table()
        let root = World(config)
        _ = table.claim(root.fingerprint, 0)
        var prefixTally = Tally()
        // Breadth-first until there are subtrees enough for the workers.
        var frontier: [(world: World, trace: [Move])] = [(root, [])]
        var prefixDepth = 0
        while prefixDepth < config.depth, !frontier.isEmpty, frontier.count < workers * 512 {
            var next: [(world: World, trace: [Move])] = []
            for (world, trace) in frontier {
                for move in world.moves(config) {
                    if let child = step(world, move, trace, depth: prefixDepth + 1, table, &prefixTally) { next.append(child) }
                }
            }
            frontier = next
            prefixDepth += 1
        }
        let shared = Shared(workers: workers)
        let items = frontier
        let total = items.count
        let startDepth = prefixDepth
        let prefixStates = prefixTally.newStates.values.reduce(0, +) + 1, prefixTransitions = prefixTally.transitions
        let workers = self.workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var tally = Tally()
            var reported = (transitions: 0, states: 0)
            while true {
                let i = shared.next.add(1, ordering: .relaxed).oldValue
                guard i < total else { break }
                var path = items[i].trace
                func publish(_ tally: Tally, finished: Bool) {
                    let newStates = tally.newStates.values.reduce(0, +)
                    let t = shared.transitions.add(tally.transitions - reported.transitions, ordering: .relaxed).newValue
                    let s = shared.states.add(newStates - reported.states, ordering: .relaxed).newValue
                    reported = (tally.transitions, newStates)
                    let done = finished ? shared.done.add(1, ordering: .relaxed).newValue : shared.done.load(ordering: .relaxed)
                    progress(CheckProgress(states: s + prefixStates, transitions: t + prefixTransitions, done: done, of: total, violations: shared.violations.load(ordering: .relaxed) + tally.order.count))
                }
                dfs(items[i].world, depth: startDepth, &path, table, &tally) { publish($0, finished: false) }
                publish(tally, finished: true)
            }
            shared.violations.add(tally.order.count, ordering: .relaxed)
            shared.tallies[w] = tally
        }
        var tally = prefixTally
        for t in shared.tallies.values { tally.merge(t) }
        var result = CheckResult()
        result.statesPerDepth = table.depths()
        result.states = result.statesPerDepth.reduce(0, +)
        result.depthReached = result.statesPerDepth.lastIndex { $0 > 0 } ?? 0
        result.transitions = tally.transitions
        result.machineSteps = tally.machineSteps
        result.reverts = tally.reverts
        result.rejections = Dictionary(uniqueKeysWithValues: tally.rejections.map { ($0.key.rawValue, $0.value) })
        result.newStatesByMove = tally.newStates
        for k in tally.order.sorted() {
            let v = tally.violations[k]!
            result.violations.append(ViolationReport(violation: v.violation, count: v.fps.count, trace: Shrink.trace(v.trace, kind: k, config)))
        }
        return result
    }

    /// Plays `move`; returns the child if it is new at this depth and should be expanded.
    func step(_ world: World, _ move: Move, _ trace: [Move], depth: Int, _ table: Table, _ tally: inout Tally) -> (world: World, trace: [Move])? {
        var next = world
        next.apply(move, config)
        tally.transitions += 1
        tally.machineSteps += next.machineSteps
        tally.reverts += next.reverted
        for r in next.rejections { tally.rejections[r, default: 0] += 1 }
        let fp = next.fingerprint
        guard table.claim(fp, depth) else { return nil }
        tally.newStates[move.kind, default: 0] += 1
        let violations = Properties.check(world, next)
        tally.record(violations, trace: trace + [move], fp: fp)
        // A state that breaks a property in a way the spec does not list is not explored further.
        if violations.contains(where: { $0.known == nil }) { return nil }
        return (next, trace + [move])
    }

    func dfs(_ world: World, depth: Int, _ path: inout [Move], _ table: Table, _ tally: inout Tally, _ tick: (Tally) -> Void = { _ in }) {
        guard depth < config.depth else { return }
        for move in world.moves(config) {
            if tally.transitions & 0x3FFF == 0 { tick(tally) }
            var next = world
            next.apply(move, config)
            tally.transitions += 1
            tally.machineSteps += next.machineSteps
            tally.reverts += next.reverted
            for r in next.rejections { tally.rejections[r, default: 0] += 1 }
            let fp = next.fingerprint
            guard table.claim(fp, depth + 1) else { continue }
            tally.newStates[move.kind, default: 0] += 1
            let violations = Properties.check(world, next)
            path.append(move)
            defer { path.removeLast() }
            tally.record(violations, trace: path, fp: fp)
            if violations.contains(where: { $0.known == nil }) { continue }
            dfs(next, depth: depth + 1, &path, table, &tally, tick)
        }
    }
}
