import Foundation

/// A small benchmark harness: each case runs next to its baseline in interleaved rounds within
/// one process, and is reported as the ratio of medians, so machine noise hits both alike.
struct Comparison {
    let name: String
    let ours: () -> UInt64
    let baseline: () -> UInt64
    let baselineName: String
    /// Iterations per round; each closure call is one operation.
    let iterations: Int
}

struct Measured {
    let name: String
    let baselineName: String
    let oursNs: Double
    let baselineNs: Double
    var ratio: Double { oursNs / baselineNs }
}

/// Keeps results alive so the optimizer cannot drop the work.
nonisolated(unsafe) var sink: UInt64 = 0

/// Nanoseconds per call of `body`, in this thread's CPU time: the machine is shared with other
/// builds, and CPU time leaves out the time this thread waits for a core (wall time did not, and
/// moved ratios by ±15 % between runs).
func nanoseconds(_ iterations: Int, _ body: () -> UInt64) -> Double {
    let start = threadCPUTime()
    var acc: UInt64 = 0
    for _ in 0..<iterations { acc &+= body() }
    let end = threadCPUTime()
    sink ^= acc
    return (end - start) / Double(iterations)
}

/// This thread's CPU time so far, in ns.
func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func run(_ c: Comparison, rounds: Int) -> Measured {
    _ = nanoseconds(max(1, c.iterations / 10), c.ours)  // warm up
    _ = nanoseconds(max(1, c.iterations / 10), c.baseline)
    var ours: [Double] = [], base: [Double] = []
    for round in 0..<rounds {
        // Alternate which goes first so neither always runs on a warmer cache.
        if round % 2 == 0 {
            ours.append(nanoseconds(c.iterations, c.ours))
            base.append(nanoseconds(c.iterations, c.baseline))
        } else {
            base.append(nanoseconds(c.iterations, c.baseline))
            ours.append(nanoseconds(c.iterations, c.ours))
        }
    }
    return Measured(name: c.name, baselineName: c.baselineName, oursNs: median(ours), baselineNs: median(base))
}

func report(_ title: String, _ rows: [Measured], limit: Double?) {
    print("\n\(title)")
    let nameWidth = max(28, rows.map(\.name.count).max() ?? 0)
    let baseWidth = max(24, rows.map(\.baselineName.count).max() ?? 0)
    print(pad("case", nameWidth) + "  " + lpad("ours", 12) + "  " + pad("baseline", baseWidth) + "  " + lpad("baseline", 12) + "  " + lpad("ratio", 7) + (limit.map { "  target ≤ \(String(format: "%.2f", $0))" } ?? ""))
    for r in rows {
        let verdict = limit.map { r.ratio <= $0 ? "  ok" : "  OVER" } ?? ""
        print(pad(r.name, nameWidth) + "  " + lpad(format(r.oursNs), 12) + "  " + pad(r.baselineName, baseWidth) + "  " + lpad(format(r.baselineNs), 12) + "  " + lpad(String(format: "%.3f", r.ratio), 7) + verdict)
    }
}

func format(_ ns: Double) -> String {
    ns >= 1e6 ? String(format: "%.1f ms", ns / 1e6) : ns >= 1000 ? String(format: "%.2f µs", ns / 1000) : String(format: "%.1f ns", ns)
}

func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
