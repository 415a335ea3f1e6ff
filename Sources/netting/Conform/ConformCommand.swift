import ArgumentParser
import Foundation
import NettingCodec
import NettingVectors

/// `netting conform`: runs the corpus against another implementation through its adapter and
/// reports, case by case, where it differs.
struct ConformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "Run the vector corpus against another implementation through an adapter (spec/adapter-protocol.md) and report every difference.",
        discussion: """
            The exit status says whether the implementation conforms: 0 when every case it
            takes passes (or fails exactly as --expected-failures lists), 1 otherwise. A
            crash, hang, garbage or an enormous line fails the case at hand and the
            adapter is restarted; the run always completes.
            Examples:
              netting conform --impl "netting adapter"
              netting conform --impl "python3 my_adapter.py" --suite transitions --jobs 2
              netting conform --impl "./adapter" --shard 1/4 \\
                --report-json report.json --junit junit.xml
              netting conform --impl "./adapter" --expected-failures known.txt
              netting conform --impl "./adapter" --expected-failures known.txt \\
                --update-expected-failures
              netting conform --mutation-report   # every `netting adapter --mutant`
            An expected-failures file lists `<case id>  <key path>` per line (# starts a
            comment): a listed case that passes, an unlisted one that fails, or a listed
            one failing at another path all fail the run; --update-expected-failures
            rewrites the file with today's failures.
            """)

    @Option(help: "The adapter's command line, run with /bin/sh -c.") var impl: String?
    @Option(help: "The corpus folder.") var dir: String = "vectors"
    @Option(parsing: .singleValue, help: "Run only this suite (repeatable).") var suite: [String] = []
    @Option(help: "Parallel adapter processes.") var jobs: Int = 1
    @Option(help: "Run the i-th of n shards of the cases, as i/n (1-based).") var shard: String?
    @Option(help: "Seconds an adapter may take to answer one request.") var timeout: Double = 10
    @Option(help: "Write the report as JSON to this file.") var reportJson: String?
    @Option(help: "Write a JUnit XML report to this file.") var junit: String?
    @Option(help: "A file of failures the run expects (see above).") var expectedFailures: String?
    @Flag(help: "Rewrite --expected-failures with this run's failures.") var updateExpectedFailures = false
    @Flag(help: "Run every mutant of `netting adapter --mutant` and list the cases that caught each.") var mutationReport = false
    @Flag(help: "Print the report (as --report-json writes it) on standard output instead of the summary; with --mutation-report, one {\"mutant\", \"caught\", \"doc\"} per mutant.")
    var json = false

    func validate() throws {
        guard jobs >= 1, jobs <= 64 else { throw CLIError(field: "--jobs", code: "input.invalid", reason: "must be 1 to 64, got \(jobs)") }
        guard timeout > 0, timeout <= 3600 else { throw CLIError(field: "--timeout", code: "input.invalid", reason: "must be above 0 and at most 3600 seconds") }
        guard mutationReport || impl != nil else { throw CLIError(field: "--impl", code: "input.invalid", reason: "is required (or use --mutation-report)") }
        if updateExpectedFailures, expectedFailures == nil {
            throw CLIError(field: "--update-expected-failures", code: "input.invalid", reason: "needs --expected-failures FILE")
        }
        _ = try parseShard()
    }

    func parseShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 10_000, i >= 1, i <= n else {
            throw CLIError(field: "--shard", code: "input.invalid", reason: "must be i/n with 1 ≤ i ≤ n, got \(excerpt(shard))")
        }
        return (i, n)
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)  // an adapter that exits must not take the checker with it
        if mutationReport { return try runMutationReport() }
        let run = try Conformance.run(
            command: impl!, dir: dir, suites: Set(suite), jobs: jobs, shard: try parseShard(), timeout: timeout, quiet: json)
        let verdict = try Verdict(run.report, expectedFile: expectedFailures, update: updateExpectedFailures)
        if json { print(Conformance.json(run, verdict)) } else { Conformance.printSummary(run, verdict) }
        if let reportJson { try Files.write(Conformance.json(run, verdict), to: reportJson) }
        if let junit { try Files.write(Conformance.junit(run, verdict), to: junit) }
        if !verdict.conforms { throw ExitCode(1) }
    }

    func runMutationReport() throws {
        let me = CommandLine.arguments[0].contains("/") ? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path : "netting"
        var survivors: [String] = []
        for m in Mutant.allCases {
            let run = try Conformance.run(
                command: "'\(me)' adapter --mutant \(m.rawValue)", dir: dir, suites: Set(suite), jobs: jobs, shard: nil, timeout: timeout, quiet: true)
            let caught = run.report.failures.map(\.caseID)
            if caught.isEmpty { survivors.append(m.rawValue) }
            if json {
                var w = JSONWriter(capacity: 1024)
                w.beginObject(); w.field("mutant", m.rawValue)
                w.key("caught"); w.beginArray(); for id in caught { w.string(id) }; w.endArray()
                w.field("doc", m.doc); w.endObject()
                print(String(decoding: w.bytes, as: UTF8.self))
                continue
            }
            print("\(m.rawValue): \(caught.isEmpty ? "SURVIVED" : "caught by \(caught.count) cases") — \(m.doc)")
            for id in caught.prefix(5) { print("    \(id)") }
            if caught.count > 5 { print("    … and \(caught.count - 5) more") }
        }
        let total = Mutant.allCases.count
        if !json { print("\(total - survivors.count) of \(total) mutants caught" + (survivors.isEmpty ? "" : "; survived: \(survivors.joined(separator: ", "))")) }
        if Double(total - survivors.count) < 0.95 * Double(total) { throw ExitCode(1) }
    }
}
