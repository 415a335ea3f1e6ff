import Foundation
import NettingCheck
import NettingCodec
import NettingCrypto

/// The report of one `netting check` run: the table for people, the JSON object, the scenario files.
struct CheckOutput {
    let config: CheckConfig
    let result: CheckResult
    let seconds: Double
    let peakMemory: Int
    let simulate: Int?
    let seed: UInt64
    let workers: Int

    var statesPerSecond: Double { seconds > 0 ? Double(result.states) / seconds : 0 }

    var verdict: String {
        if !result.unknownViolations.isEmpty { return "violation" }
        return result.violations.isEmpty ? "no_violation" : "known_only"
    }

    var bounds: [(String, String)] {
        [("depth", "\(config.depth)"), ("honest_deposit", config.honestDeposit.decimal), ("adversary_deposit", config.adversaryDeposit.decimal),
         ("amounts", config.amounts.map(\.decimal).joined(separator: ",")), ("honest_payments", "\(config.honestPayments)"),
         ("adversary_locks", "\(config.adversaryLocks)"), ("withdraws", "\(config.withdraws)"),
         ("reveal_timeout", "\(config.revealTimeout)"), ("settle_timeout", "\(config.settleTimeout)"),
         ("signatures", config.signatures.rawValue), ("bug", config.bug?.rawValue ?? "none")]
    }

    func printTable(files: [String]) {
        print(simulate.map { "netting check: \($0) random walks of up to \(config.depth) moves, seed \(seed)" }
            ?? "netting check: every interleaving up to depth \(config.depth)")
        print("bounds: " + bounds.map { "\($0.0) \($0.1)" }.joined(separator: " · "))
        print()
        printRows([
            "states": "\(result.states)",
            "transitions": "\(result.transitions) (machine steps \(result.machineSteps), chain reverts \(result.reverts))",
            "depth reached": "\(result.depthReached)",
            "time": String(format: "%.1f s on %d workers", seconds, workers),
            "states per second": String(format: "%.0f", statesPerSecond),
            "peak memory": String(format: "%.1f MB", Double(peakMemory) / 1_048_576),
        ])
        if simulate == nil {
            print("states by depth: " + result.statesPerDepth.enumerated().map { "\($0.offset):\($0.element)" }.joined(separator: " "))
        }
        print()
        print("guards the moves met (rejection code: times)")
        for (code, n) in result.rejections.sorted(by: { $0.key < $1.key }) { print("  \(code.padding(toLength: 52, withPad: " ", startingAt: 0)) \(n)") }
        print()
        if result.violations.isEmpty { print("no property violated") }
        for (i, v) in result.violations.enumerated() {
            let tag = v.violation.known.map { "KNOWN (spec: properties.\(v.violation.property.rawValue).known.\($0.rawValue))" } ?? "VIOLATION"
            print("\(tag): \(v.violation.property.rawValue)\(v.violation.invariant.map { " / " + $0.rawValue } ?? "") in \(v.count) state\(v.count == 1 ? "" : "s")")
            print("  \(v.violation.detail)")
            for (n, m) in v.trace.enumerated() { print("  \(String(format: "%2d", n + 1)). [\(m.actor)] \(m)") }
            print("  the property fails after step \(v.trace.count)")
            if i < files.count { print("  scenario: \(files[i])") }
        }
        print()
        print("verdict: " + [
            "violation": "a property fails in a way the spec does not list",
            "known_only": "only the violations spec/channel.yaml lists as known protocol properties",
            "no_violation": "no property violated within the bounds",
        ][verdict]!)
    }

    func printRows(_ rows: KeyValuePairs<String, String>) { netting.printTable(rows) }

    func json(files: [String]) -> String {
        var w = JSONWriter(capacity: 1 << 14)
        func int(_ n: Int) { w.decimalString(String(n)) }
        w.beginObject()
        w.key("format"); w.string("nettingkit.check-report/1")
        w.key("mode"); w.string(simulate == nil ? "exhaustive" : "simulate")
        w.key("bounds"); w.beginObject(); for (k, v) in bounds { w.key(k); w.string(v) }; w.endObject()
        if let simulate { w.key("walks"); int(simulate); w.key("seed"); w.decimalString(String(seed)) }
        w.key("states"); int(result.states)
        w.key("transitions"); int(result.transitions)
        w.key("machine_steps"); int(result.machineSteps)
        w.key("chain_reverts"); int(result.reverts)
        w.key("depth_reached"); int(result.depthReached)
        w.key("states_per_depth"); w.beginArray(); for n in result.statesPerDepth { int(n) }; w.endArray()
        w.key("seconds"); w.string(String(format: "%.3f", seconds))
        w.key("states_per_second"); w.string(String(format: "%.0f", statesPerSecond))
        w.key("peak_memory_bytes"); int(peakMemory)
        w.key("workers"); int(workers)
        w.key("rejections"); w.beginObject(); for (k, v) in result.rejections.sorted(by: { $0.key < $1.key }) { w.key(k); int(v) }; w.endObject()
        w.key("new_states_by_move"); w.beginObject(); for (k, v) in result.newStatesByMove.sorted(by: { $0.key < $1.key }) { w.key(k); int(v) }; w.endObject()
        w.key("violations")
        w.beginArray()
        for (i, v) in result.violations.enumerated() {
            w.beginObject()
            w.key("property"); w.string(v.violation.property.rawValue)
            w.key("invariant"); if let inv = v.violation.invariant { w.string(inv.rawValue) } else { w.null() }
            w.key("known"); if let k = v.violation.known { w.string(k.rawValue) } else { w.null() }
            w.key("states"); int(v.count)
            w.key("detail"); w.string(v.violation.detail)
            w.key("failing_step"); int(v.trace.count)
            w.key("trace"); w.beginArray()
            for m in v.trace { w.beginObject(); w.key("actor"); w.string(m.actor); w.key("move"); w.string(m.description); w.endObject() }
            w.endArray()
            w.key("scenario"); if i < files.count { w.string(files[i]) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.key("verdict"); w.string(verdict)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Each violation's counterexample as a scenario (`netting run` replays it); the paths written.
    func writeScenarios(to dir: String) throws -> [String] {
        let root = URL(fileURLWithPath: dir)
        do { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) } catch {
            throw CLIError(field: "--out", code: "output.unwritable", reason: "cannot create \(dir): \(error.localizedDescription)")
        }
        var paths: [String] = []
        for (i, v) in result.violations.enumerated() {
            let name = "counterexample-\(i + 1)-" + (v.violation.known?.rawValue ?? v.violation.invariant?.rawValue ?? v.violation.property.rawValue) + ".yaml"
            let url = root.appendingPathComponent(name)
            let yaml = CounterexampleScenario.yaml(v, config)
            do { try Data(yaml.utf8).write(to: url, options: .atomic) } catch {
                throw CLIError(field: "--out", code: "output.unwritable", reason: "cannot write \(url.path): \(error.localizedDescription)")
            }
            paths.append(url.path)
        }
        return paths
    }
}
