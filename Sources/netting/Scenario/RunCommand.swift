import ArgumentParser
import Foundation
import NettingCodec
import NettingCrypto
import NettingMachine
import NettingScenario

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: two parties, their own state machines, real signed messages, a modelled contract.",
        discussion: """
            After each step it prints both sides (deposit, withdrawn, transferred,
            locked, balance, nonce, status) and the messages that crossed. A step's
            `expect` is checked: the command exits 1 if any expectation fails, so a
            scenario is also a test.

            Examples:
              netting run scenarios/story.yaml
              netting run scenarios/liars.yaml --json
              netting run scenarios/reference.yaml --out out/reference
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Flag(help: """
        Print JSON lines instead of tables: first {"header": {"format", "title", "chain_id", …, "parties"}}, then one object per step (the step, block, party summaries, each party's state in the canonical form (`states`), messages, rejections, notes, failures), last {"summary": {"steps", "failures", "balances", "settlement", "unfired"}} where settlement is settlement.json (payouts, what stays locked, pending locks) and unfired lists the drop, duplicate and delay steps whose message never came.
        """)
    var json = false

    @Flag(help: "Print the wire JSON of every message.")
    var verbose = false

    @Option(help: "Write messages.jsonl, <party>.holds.json, <party>.state.json and settlement.json into this directory.")
    var out: String?

    func run() throws {
        let loaded = try loadScenario(scenario)
        if let out { try Files.makeDirectory(out, role: "--out") }  // before any step: a bad --out fails at once
        var runner = ScenarioRunner(loaded)
        var failures = 0
        if json { print(ScenarioJSON.header(loaded, runner)) } else { printHeader(loaded, runner) }
        for step in loaded.steps {
            let report = runner.run(step)
            failures += report.failures.count
            if json {
                printLine(ScenarioJSON.step(step, report, runner))
            } else {
                printStep(step, report, runner, verbose: verbose)
            }
        }
        if json { print(ScenarioJSON.summary(runner, steps: loaded.steps.count, failures: failures)) } else { printSummary(runner, failures: failures) }
        if let out { try writeOutputs(runner, to: out) }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Reads and parses a scenario file; every error names the file, line, column and key path.
func loadScenario(_ path: String) throws -> Scenario {
    let text = try Files.text(path, limit: InputLimits.scenario, what: "a scenario")
    do { return try Scenario.load(yaml: text, file: path) } catch {
        throw CLIError(error, file: path, code: "scenario.invalid")
    }
}

// MARK: People

func printHeader(_ s: Scenario, _ runner: ScenarioRunner) {
    print(Style.bold("\(s.title)"))
    if let n = s.narrative { print(wrap(n, indent: "")) }
    let parties = s.parties.map { "\($0.name) \(runner.address($0.name).checksummed) deposit \($0.deposit)" }
    print("")
    print("Channel \(s.channel.id) on chain \(s.chain.chainId), token network \(s.chain.tokenNetwork.hex), opened at block \(s.channel.openedAt)")
    print("settle timeout \(s.channel.settleTimeout) blocks, reveal timeout \(s.channel.revealTimeout) blocks")
    for p in parties { print("  " + p) }
    print("")
    printTable(runner)
}

func printStep(_ step: ScenarioStep, _ report: StepReport, _ runner: ScenarioRunner, verbose: Bool) {
    print("")
    print(Style.bold("Step \(step.number) · \(describe(step.action))") + Style.dim("   block \(runner.block)"))
    if let say = step.say { print(wrap(say, indent: "  ")) }
    if !report.messages.isEmpty {
        let summary = report.messages.map { "\($0.from)→\($0.to) \($0.typeName)" }
        print(wrap("messages: " + summary.joined(separator: ", "), indent: "  "))
        if verbose { for m in report.messages { print("    " + String(decoding: m.wire, as: UTF8.self)) } }
    }
    for note in report.notes { print("  · " + note) }
    for r in report.rejections {
        if r.ignored {
            print("  · \(r.party) ignored it: \(r.code)" + Style.dim(" — \(r.reason)"))
        } else if ChainRevertCode(rawValue: r.code) != nil || SettlementError.allCases.contains(where: { $0.code == r.code }) {
            // The contract refused the party's call: its code, and the contract's reason string.
            print("  " + Style.red("✗ the contract reverted \(r.party)'s call: \(r.code)") + Style.dim(" — \(r.reason)"))
        } else {
            print("  " + Style.red("✗ \(r.party) rejected it: \(r.code)") + Style.dim(" — \(r.reason)"))
        }
    }
    printTable(runner)
    if step.expect != nil {
        if report.failures.isEmpty {
            print("  " + Style.green("✓ as expected"))
        } else {
            for f in report.failures { print("  " + Style.red("✗ EXPECTATION FAILED: \(f)")) }
        }
    }
}

func printTable(_ runner: ScenarioRunner) {
    let header = ["party", "deposit", "withdrawn", "transferred", "locked", "balance", "nonce", "status"]
    let rows = runner.snapshots.map { [$0.name, $0.deposit, $0.withdrawn, $0.transferred, $0.locked, $0.balance, String($0.nonce), $0.status] }
    let widths = header.indices.map { i in max(header[i].count, rows.map { $0[i].count }.max() ?? 0) }
    func render(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in i == 0 || i == cells.count - 1 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[i] - c.count) + c }
            .joined(separator: "  ")
    }
    print("  " + Style.dim(render(header)))
    for r in rows { print("  " + render(r)) }
}

func printSummary(_ runner: ScenarioRunner, failures: Int) {
    print("")
    if let s = runner.settlement {
        // Three figures and their sum, each named: settle's share alone is not what a party got.
        func figure(_ name: String, _ values: [String: UInt256]) -> String {
            name + " " + runner.names.map { "\($0) \(values[$0] ?? .zero)" }.joined(separator: ", ")
        }
        var parts = [figure("withdrawn", s.withdrawn), figure("paid at settle", s.paidAtSettle)]
        if let unlocked = s.unlocked {
            parts.append(figure("unlocked", unlocked))
        } else if !s.lockedRetained.isZero {
            parts.append("\(s.lockedRetained) locked for unlock")
        }
        parts.append(figure("total", s.total))
        print(Style.bold("Settlement: ") + parts.joined(separator: "; "))
    } else {
        print(Style.bold("Balances now: ") + runner.snapshots.map { "\($0.name) \($0.balance)" }.joined(separator: ", ") + " (not settled)")
    }
    if !runner.unfiredFaults.isEmpty {
        print(Style.yellow("Never fired: ") + runner.unfiredFaults.joined(separator: ", ") + " (no such message was sent after the step)")
    }
    print(failures == 0 ? Style.green("All expectations hold.") : Style.red("\(failures) expectation(s) failed."))
}

func describe(_ action: Action) -> String { action.summary }

func wrap(_ text: String, indent: String, width: Int = 100) -> String {
    var lines: [String] = [], line = indent
    for word in text.split(separator: " ") {
        if line.count + word.count + 1 > width, line.count > indent.count { lines.append(line); line = indent }
        line += (line.count > indent.count ? " " : "") + word
    }
    lines.append(line)
    return lines.joined(separator: "\n")
}

/// Terminal styling, only when standard output is a terminal.
enum Style {
    static let enabled = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    static func wrapCode(_ s: String, _ code: String) -> String { enabled ? "\u{1b}[\(code)m\(s)\u{1b}[0m" : s }
    static func bold(_ s: String) -> String { wrapCode(s, "1") }
    static func dim(_ s: String) -> String { wrapCode(s, "2") }
    static func red(_ s: String) -> String { wrapCode(s, "31") }
    static func green(_ s: String) -> String { wrapCode(s, "32") }
    static func yellow(_ s: String) -> String { wrapCode(s, "33") }
}
