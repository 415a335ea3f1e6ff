import ArgumentParser
import Foundation
import NettingCheck
import NettingCodec
import NettingCrypto
import NettingSpec
import Synchronization

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Does a liar ever gain? Every interleaving of the honest machine, a lying partner and the chain, up to a depth.",
        discussion: """
            Alice runs NettingKit's machine unmodified; Bob may send her any message he
            can build from small domains (honest ones, stale or skipped nonces, wrong
            locksroots, amounts, chains, secrets, over-withdraws), withhold and reorder,
            close or update with any proof of hers he holds, register secrets and
            withdraw; the chain mines, settles and unlocks. After every step the
            properties of spec/channel.yaml `properties` (the copy built into netting)
            are checked; a violation the spec lists as known (raiden-contracts#188) is
            reported as known, and the checker refuses to check a property the spec
            does not declare. Exit 1 on a violation the spec does not list.

            --json prints one object (nettingkit.check-report/1): the bounds, states,
            transitions, depth, states per second, peak memory, the adversary's hits
            per rejection code, and each violation with its shrunk trace.

            Examples:
              netting check                             # exhaustive to depth 12
              netting check --depth 8 --json            # one JSON object
              netting check --bug accepts_stale_nonce   # must give a counterexample
              netting check --simulate 10000 --depth 40 --seed 7   # random walks
              netting check --depth 10 --out out/       # counterexamples as scenarios
              netting check --signatures secp256k1 --depth 5   # real signatures
            """)

    @Option(help: "Moves from the opened channel: the exhaustive bound, or each walk's length with --simulate.") var depth = 12
    @Option(help: "Threads (the machine has 2 cores).") var workers = 2
    @Option(help: "Random walks instead of the exhaustive search.") var simulate: Int?
    @Option(help: "Seed of the random walks.") var seed: UInt64 = 1
    @Option(help: "Plant a bug that must be found: \(PlantedBug.allCases.map(\.rawValue).joined(separator: ", ")).") var bug: String?
    @Option(help: "tokens (unforgeable signature tokens, fast) or secp256k1 (every message really signed and recovered).") var signatures = "tokens"
    @Option(help: "The adversary's deposit (the honest party's is 2).") var adversaryDeposit: UInt64 = 0
    @Option(help: "Payments the honest party may start.") var payments = 2
    @Option(help: "Locks the adversary may create.") var adversaryLocks = 1
    @Option(help: "Withdraws each side may ask for.") var withdraws = 1
    @Option(help: "Write each counterexample as a scenario YAML into this folder.") var out: String?
    @Flag(help: "One JSON object instead of the table.") var json = false

    func run() throws {
        var config = CheckConfig()
        guard (1...64).contains(depth) else { throw CLIError(field: "--depth", code: "value.out_of_range", reason: "must be 1 to 64") }
        guard (1...64).contains(workers) else { throw CLIError(field: "--workers", code: "value.out_of_range", reason: "must be 1 to 64") }
        if let simulate, !(1...10_000_000).contains(simulate) {
            throw CLIError(field: "--simulate", code: "value.out_of_range", reason: "must be 1 to 10000000 walks")
        }
        config.depth = depth
        for (value, field) in [(payments, "--payments"), (adversaryLocks, "--adversary-locks"), (withdraws, "--withdraws")] where !(0...4).contains(value) {
            throw CLIError(field: field, code: "value.out_of_range", reason: "must be 0 to 4")
        }
        (config.honestPayments, config.adversaryLocks, config.withdraws) = (payments, adversaryLocks, withdraws)
        guard adversaryDeposit <= 4 else { throw CLIError(field: "--adversary-deposit", code: "value.out_of_range", reason: "must be 0 to 4") }
        config.adversaryDeposit = UInt256(adversaryDeposit)
        if let bug {
            guard let b = PlantedBug(rawValue: bug) else {
                throw CLIError(field: "--bug", code: "input.invalid", reason: "is not one of \(PlantedBug.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.bug = b
        }
        guard let mode = SignatureMode(rawValue: signatures) else {
            throw CLIError(field: "--signatures", code: "input.invalid", reason: "is not one of \(SignatureMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        config.signatures = mode
        try Self.requireSpecProperties()

        let started = Date()
        let lastShown = Mutex(Date.distantPast)
        let progress: @Sendable (CheckProgress) -> Void = { p in
            let now = Date()
            let show = lastShown.withLock { last in
                guard now.timeIntervalSince(last) >= 1 || p.done == p.of else { return false }
                last = now
                return true
            }
            guard show else { return }
            let line = String(
                format: "\r%d/%d subtrees · %d states · %d transitions · %d violation kinds · %.0f s   ",
                p.done, p.of, p.states, p.transitions, p.violations, now.timeIntervalSince(started))
            FileHandle.standardError.write(Data(line.utf8))
        }
        let result: CheckResult
        if let simulate {
            result = Simulator(config: config, walks: simulate, seed: seed, workers: workers).run(progress: progress)
        } else {
            result = Explorer(config: config, workers: workers).run(progress: progress)
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let report = CheckOutput(config: config, result: result, seconds: Date().timeIntervalSince(started), peakMemory: Self.peakMemoryBytes(),
                                 simulate: simulate, seed: seed, workers: workers)
        var files: [String] = []
        if let out {
            files = try report.writeScenarios(to: out)
        }
        if json { print(report.json(files: files)) } else { report.printTable(files: files) }
        if !result.unknownViolations.isEmpty { throw ExitCode(1) }
    }

    /// spec/channel.yaml must list every property the checker checks and every known case:
    /// one name, one place.
    static func requireSpecProperties() throws {
        let path = "spec/channel.yaml"
        let spec = try SpecSource.builtIn().specs.channel
        for p in PropertyName.allCases {
            guard let declared = spec.properties.first(where: { $0.name == p.rawValue }) else {
                throw CLIError(field: "\(path) properties", code: "check.property_not_in_spec", reason: "does not declare \(p.rawValue), which the checker checks")
            }
            for k in KnownCase.allCases where k.property == p && !declared.known.contains(where: { $0.name == k.rawValue }) {
                throw CLIError(field: "\(path) properties.\(p.rawValue).known", code: "check.property_not_in_spec", reason: "does not list \(k.rawValue), which the checker reports as known")
            }
        }
    }

    /// The peak resident set size (getrusage ru_maxrss, kilobytes on Linux).
    static func peakMemoryBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
