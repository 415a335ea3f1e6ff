import Foundation
import NettingCheck

/// `netting check`'s speed: an exhaustive run to depth 7 on one worker, timed round by round
/// next to the channel machine's received LockedTransfer + Unlock pair without signatures (two
/// machine transitions, `MachineBench`), measured in the same rounds: the checker's cost per
/// system transition as a ratio of the machine's per pair. A system transition is one move
/// of one actor: the honest machine's step or steps, the adversary's bookkeeping, the
/// properties and the state's fingerprint.
enum CheckBench {
    static func run(rounds: Int) {
        var config = CheckConfig()
        config.depth = 7
        let explorer = Explorer(config: config, workers: 1)
        var result = explorer.run()  // warm up
        var perTransition: [Double] = [], perState: [Double] = [], pairs: [Double] = []
        for _ in 0..<max(3, rounds / 5) {
            let start = DispatchTime.now().uptimeNanoseconds
            result = explorer.run()
            let ns = Double(DispatchTime.now().uptimeNanoseconds - start)
            perTransition.append(ns / Double(result.transitions))
            perState.append(ns / Double(result.states))
            pairs.append(MachineBench.nsPerPair(verify: false))
        }
        let t = median(perTransition), s = median(perState), p = median(pairs)
        print("\nModel checker (netting check): exhaustive to depth 7, 1 worker — \(result.states) states, \(result.transitions) transitions")
        print("per transition       \(lpad(format(t), 10)) = \(String(format: "%.0f", 1e9 / t)) transitions/s; machine pair \(format(p)); ratio \(String(format: "%.2f", t / p))")
        print("per state            \(lpad(format(s), 10)) = \(String(format: "%.0f", 1e9 / s)) states/s on one core")
    }
}
