import ArgumentParser
import Foundation
import NettingCheck
import NettingCrypto

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Does a liar ever gain? Every interleaving of the honest machine, a lying partner and the chain, up to a depth.")

    @Option(help: "Moves from the opened channel to explore exhaustively.") var depth = 12
    @Option(help: "Threads sharing each level's frontier.") var workers = 2
    @Option(help: "A planted bug to find: \(PlantedBug.allCases.map(\.rawValue).joined(separator: ", ")).") var bug: String?
    @Flag(help: "One JSON object instead of the table.") var json = false

    func run() throws {
        var config = CheckConfig()
        config.depth = depth
        if let bug { config.bug = PlantedBug(rawValue: bug) }
        let started = Date()
        let result = Explorer(config: config, workers: workers).run { p in
            FileHandle.standardError.write(Data("\(p.done)/\(p.of) subtrees: \(p.states) states, \(p.transitions) transitions, \(Int(Date().timeIntervalSince(started)))s\n".utf8))
        }
        let seconds = Date().timeIntervalSince(started)
        print("states \(result.states) transitions \(result.transitions) machine steps \(result.machineSteps) depth \(result.depthReached) seconds \(seconds) states/s \(Double(result.states) / seconds)")
        print("per depth \(result.statesPerDepth)")
        for (k, n) in result.newStatesByMove.sorted(by: { $0.value > $1.value }) { print("  new by \(k) \(n)") }
        for (code, n) in result.rejections.sorted(by: { $0.key < $1.key }) { print("  \(code) \(n)") }
        for v in result.violations {
            print("VIOLATION \(v.violation) ×\(v.count)")
            for (i, m) in v.trace.enumerated() { print("  \(i + 1). \(m)") }
        }
    }
}
