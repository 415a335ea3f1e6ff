import Foundation
import NettingCodec
import NettingVectors

/// A whole conformance run: every worker's report merged, with what the adapter said of itself.
struct ConformanceRun {
    var report = VectorReport()
    var hello: JSONObject?
    var seconds: Double = 0
    var restarts = 0
    var stderrTail = ""
}

/// What the failures mean against an expected-failures list (protobuf conformance semantics).
struct Verdict {
    /// Failures the list does not name.
    var unexpected: [VectorFailure] = []
    /// Listed failures that failed at the listed path.
    var expected: [VectorFailure] = []
    /// Listed failures that failed at another path.
    var otherReason: [(VectorFailure, listed: String)] = []
    /// Listed failures that passed.
    var unexpectedPasses: [String] = []
    var notRun: [String] = []

    var conforms: Bool { unexpected.isEmpty && otherReason.isEmpty && unexpectedPasses.isEmpty && notRun.isEmpty }

    init(_ report: VectorReport, expectedFile: String?, update: Bool) throws {
        var listed: [String: String] = [:]
        if let expectedFile, !update {
            if let text = try? String(contentsOfFile: expectedFile, encoding: .utf8) {
                for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    if words.isEmpty { continue }
                    guard words.count == 2 else {
                        throw CLIError(file: expectedFile, line: n + 1, code: "input.invalid", reason: "a line is `<case id> <key path>`, got \(excerpt(line))")
                    }
                    listed[words[0]] = words[1]
                }
            } else if FileManager.default.fileExists(atPath: expectedFile) {
                _ = try Files.read(expectedFile)  // names why: a folder, no permission, …
                throw CLIError(file: expectedFile, code: "input.unreadable", reason: "is not UTF-8 text")
            }
        }
        for f in report.failures {
            switch listed[f.caseID] {
            case nil: unexpected.append(f)
            case f.path.isEmpty ? "-" : f.path: expected.append(f)
            case let other?: otherReason.append((f, listed: other))
            }
        }
        unexpectedPasses = report.passed.filter { listed[$0] != nil }.sorted()
        notRun = report.notRun
        if update, let expectedFile {
            let lines = report.failures.sorted { $0.caseID < $1.caseID }.map { "\($0.caseID)  \($0.path.isEmpty ? "-" : $0.path)" }
            let text = "# Expected failures of netting conform: <case id> <key path of the first difference>.\n" + lines.joined(separator: "\n") + "\n"
            try Files.write(text, to: expectedFile)
            expected = report.failures
            unexpected = []
            unexpectedPasses = []
        }
    }
}

enum Conformance {
    /// Runs the corpus in `dir` against `command` with `jobs` adapter processes.
    static func run(command: String, dir: String, suites: Set<String>, jobs: Int, shard: (index: Int, count: Int)?, timeout: Double, quiet: Bool) throws -> ConformanceRun {
        let root = URL(fileURLWithPath: dir)
        let read: @Sendable (String) throws -> [UInt8] = { path in
            try Files.read(root.appendingPathComponent(path).path)
        }
        guard case .object(let manifest)? = try? JSONParser.parse(try read("manifest.json"), maxDepth: 16), case .array(let entries)? = manifest["files"] else {
            throw CLIError(file: "\(dir)/manifest.json", code: "vectors.invalid", reason: "is not a vector manifest")
        }
        var paths: [String] = []
        for case .object(let e) in entries {
            guard case .string(let path)? = e["path"], case .string(let s)? = e["suite"] else { continue }
            if suites.isEmpty || suites.contains(s) { paths.append(path) }
        }
        if !suites.isEmpty, paths.isEmpty {
            throw CLIError(field: "--suite", code: "input.invalid", reason: "no file of \(suites.sorted().joined(separator: ", ")) in \(dir)/manifest.json")
        }
        let include: @Sendable (String) -> Bool = { id in
            guard let shard else { return true }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a of the id: a case's shard never depends on the others
            for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return Int(h % UInt64(shard.count)) == shard.index - 1
        }
        let started = Date()
        let shared = Shared(progress: Progress(total: paths.count, quiet: quiet))
        let groups = (0..<min(jobs, max(paths.count, 1))).map { j in Set(paths.enumerated().filter { $0.offset % jobs == j }.map(\.element)) }
        DispatchQueue.concurrentPerform(iterations: groups.count) { j in
            let process = AdapterProcess(command: command, timeout: timeout)
            var implementation: any ChannelImplementation = AdapterImplementation(process)
            var hello: JSONObject?
            do throws(AdapterError) { hello = try process.open() } catch {
                // Another protocol, or no adapter at all: every case of this worker fails with why, at once.
                if error.code == .protocolMismatch || error.code == .cannotStart { implementation = Refused(error: error) }
            }
            var capabilities: Set<String>?
            if case .array(let caps)? = hello?["capabilities"] { capabilities = Set(caps.compactMap { if case .string(let c) = $0 { c } else { nil } }) }
            let report = VectorRunner.run(read: read, implementation: implementation, files: groups[j], include: include, capabilities: capabilities) { path, soFar in
                shared.fileDone(path)
            }
            process.stop()
            shared.withLock { merged in
                merged.report.passed += report.passed
                merged.report.failures += report.failures
                merged.report.skipped += report.skipped
                merged.report.notRun += report.notRun
                merged.restarts += process.restarts
                if merged.hello == nil { merged.hello = hello }
                if merged.stderrTail.isEmpty { merged.stderrTail = process.stderrText }
            }
        }
        shared.progress.finish()
        var merged = shared.run
        merged.report.failures.sort { $0.caseID < $1.caseID }
        merged.seconds = Date().timeIntervalSince(started)
        return merged
    }

    static func suite(of id: String) -> String { String(id.prefix { $0 != "." }) }

    static func printSummary(_ run: ConformanceRun, _ verdict: Verdict) {
        let name: String = if case .string(let n)? = run.hello?["name"] { n } else { "(no hello)" }
        let version: String = if case .string(let v)? = run.hello?["version"] { v } else { "?" }
        print("implementation: \(name) \(version)")
        var suites: [String: (passed: Int, failed: Int, skipped: Int, expected: Int)] = [:]
        for id in run.report.passed { suites[suite(of: id), default: (0, 0, 0, 0)].passed += 1 }
        for f in verdict.unexpected + verdict.otherReason.map(\.0) { suites[suite(of: f.caseID), default: (0, 0, 0, 0)].failed += 1 }
        for f in verdict.expected { suites[suite(of: f.caseID), default: (0, 0, 0, 0)].expected += 1 }
        for id in run.report.skipped { suites[suite(of: id), default: (0, 0, 0, 0)].skipped += 1 }
        print("suite".padding(toLength: 14, withPad: " ", startingAt: 0) + "  passed  failed  skipped  expected failures")
        for (s, c) in suites.sorted(by: { $0.key < $1.key }) {
            print(s.padding(toLength: 14, withPad: " ", startingAt: 0) + "  " + String(c.passed).leftPadded(6) + "  " + String(c.failed).leftPadded(6)
                + "  " + String(c.skipped).leftPadded(7) + "  " + String(c.expected).leftPadded(17))
        }
        for f in verdict.unexpected.prefix(50) {
            print("FAIL \(f.caseID)\(f.clause.map { " [\($0)]" } ?? "")\n     at \(f.path.isEmpty ? "(the case)" : f.path)\n     expected \(f.expected)\n     got      \(f.got)")
        }
        if verdict.unexpected.count > 50 { print("… and \(verdict.unexpected.count - 50) more failures (--report-json has them all)") }
        for (f, listed) in verdict.otherReason { print("FAIL \(f.caseID): expected to fail at \(listed), failed at \(f.path)") }
        for id in verdict.unexpectedPasses { print("FAIL \(id): listed as an expected failure, but passed") }
        if !verdict.notRun.isEmpty { print("NOT RUN: \(verdict.notRun.count) cases the manifest lists (a file missing or unreadable)") }
        if run.restarts > 0 { print("the adapter was restarted \(run.restarts) times") }
        let total = run.report.passed.count + run.report.failures.count
        print("\(run.report.passed.count) passed, \(run.report.failures.count) failed, \(run.report.skipped.count) skipped (of \(total + run.report.skipped.count)) in \(String(format: "%.2f", run.seconds)) s: "
            + (verdict.conforms ? "conforms" : "does NOT conform"))
    }

    static func json(_ run: ConformanceRun, _ verdict: Verdict) -> String {
        var w = JSONWriter(capacity: 1 << 16)
        w.beginObject()
        w.key("format"); w.string("nettingkit.conformance-report/1")
        w.key("implementation"); if let h = run.hello { w.value(.object(h)) } else { w.null() }
        w.key("conforms"); w.bool(verdict.conforms)
        w.key("passed"); w.beginArray(); for id in run.report.passed.sorted() { w.string(id) }; w.endArray()
        w.key("skipped"); w.beginArray(); for id in run.report.skipped.sorted() { w.string(id) }; w.endArray()
        func failures(_ key: String, _ list: [VectorFailure]) {
            w.key(key)
            w.beginArray()
            for f in list {
                w.beginObject()
                w.key("id"); w.string(f.caseID)
                w.key("clause"); if let c = f.clause { w.string(c) } else { w.null() }
                w.key("path"); w.string(f.path)
                w.key("expected"); w.string(f.expected)
                w.key("got"); w.string(f.got)
                w.endObject()
            }
            w.endArray()
        }
        failures("failures", verdict.unexpected + verdict.otherReason.map(\.0))
        failures("expected_failures", verdict.expected)
        w.key("unexpected_passes"); w.beginArray(); for id in verdict.unexpectedPasses { w.string(id) }; w.endArray()
        w.key("not_run"); w.beginArray(); for id in verdict.notRun { w.string(id) }; w.endArray()
        w.key("adapter_restarts"); w.decimalString(String(run.restarts))
        w.key("wall_seconds"); w.string(String(format: "%.3f", run.seconds))
        w.key("adapter_stderr_tail"); w.string(run.stderrTail)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self) + "\n"
    }

    static func junit(_ run: ConformanceRun, _ verdict: Verdict) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failed = Dictionary((verdict.unexpected + verdict.otherReason.map(\.0)).map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        var bySuite: [String: [String]] = [:]
        for id in run.report.passed + run.report.failures.map(\.caseID) + run.report.skipped { bySuite[suite(of: id), default: []].append(id) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"netting conform\">\n"
        for (s, ids) in bySuite.sorted(by: { $0.key < $1.key }) {
            let f = ids.filter { failed[$0] != nil }.count
            out += "  <testsuite name=\"\(esc(s))\" tests=\"\(ids.count)\" failures=\"\(f)\" skipped=\"\(ids.filter { run.report.skipped.contains($0) }.count)\">\n"
            for id in ids.sorted() {
                out += "    <testcase classname=\"\(esc(s))\" name=\"\(esc(id))\""
                if let x = failed[id] {
                    out += "><failure message=\"\(esc(x.path)): expected \(esc(x.expected)), got \(esc(x.got))\"/></testcase>\n"
                } else if run.report.skipped.contains(id) {
                    out += "><skipped/></testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}

/// An adapter that cannot be used at all: each case fails with why.
struct Refused: ChannelImplementation {
    let error: AdapterError
    func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) { throw error }
}

/// What the workers share, under one lock.
final class Shared: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var run = ConformanceRun()
    private var filesDone = 0
    let progress: Progress

    init(progress: Progress) { self.progress = progress }

    func withLock(_ body: (inout ConformanceRun) -> Void) { lock.withLock { body(&run) } }

    func fileDone(_ path: String) {
        lock.withLock {
            filesDone += 1
            progress.update(done: filesDone, path: path)
        }
    }
}

/// A progress bar on a terminal (standard error), plain lines otherwise.
final class Progress: @unchecked Sendable {  // used under Shared's lock
    let total: Int
    let quiet: Bool
    let terminal = isatty(2) == 1

    init(total: Int, quiet: Bool) { (self.total, self.quiet) = (total, quiet) }

    func update(done: Int, path: String) {
        guard !quiet else { return }
        if terminal {
            let width = 30, filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) files  \(path.padding(toLength: 44, withPad: " ", startingAt: 0))".utf8))
        } else {
            FileHandle.standardError.write(Data("\(done)/\(total) \(path)\n".utf8))
        }
    }

    func finish() {
        if !quiet, terminal { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
    }
}
