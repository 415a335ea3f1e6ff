import NettingCodec
import NettingCrypto
import NettingMachine

/// An implementation under test. It takes the suites whose protocols it adopts
/// (`ChannelImplementation` for `transitions`, …); the cases of the others are skipped and
/// counted as such, never passed.
public protocol VectorImplementation {}

/// One party's channel machine, spoken to in the canonical JSON form (spec/channel.yaml
/// `canonical`): what another Swift implementation provides to run the corpus from its tests.
public protocol ChannelImplementation: VectorImplementation {
    /// Applies `input` to `state`: the next state, the outputs in order, and the rejection
    /// (`{"code", "reason"}`) or nil when the input was accepted.
    func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?)
}

/// NettingKit's own machine, codec and crypto as the implementation under test.
public struct NettingKitImplementation: ChannelImplementation {
    public init() {}

    public func step(state: [UInt8], input: [UInt8]) throws -> (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?) {
        let step = ChannelMachine.step(try ChannelState(canonicalJSON: state), try Input(canonicalJSON: input))
        return (step.state.canonicalJSON, step.outputs.map(\.canonicalJSON), step.rejection?.canonicalJSON)
    }
}

/// Where a case went wrong: its id, the key path that differs, and what was expected and got.
public struct VectorFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let caseID: String
    public let path: String
    public let expected: String
    public let got: String
    /// The guard or error code the case is about (its `code`), when it has one.
    public var clause: String? = nil

    public var description: String { "\(caseID)\(clause.map { " [\($0)]" } ?? ""): \(path): expected \(expected), got \(got)" }
}

/// What a run of the corpus found.
public struct VectorReport: Sendable {
    public var passed: [String] = []
    public var failures: [VectorFailure] = []
    /// Cases of a suite the implementation does not take, by id.
    public var skipped: [String] = []
    /// Case ids the manifest lists that the run did not reach (a missing file, a file that does
    /// not parse): never skipped in silence.
    public var notRun: [String] = []

    public var allPassed: Bool { failures.isEmpty && notRun.isEmpty && !passed.isEmpty }

    public init() {}
}

/// Loads the corpus through `read` (a path under vectors/ → its bytes; the loader does no I/O of
/// its own), checks every file against the manifest and runs every case of the suites it knows
/// against `implementation`. A missing file, a hash that differs from the manifest's or a case
/// the manifest lists but the file lacks is a failure, never a skip.
public enum VectorRunner {
    /// What one case came to.
    public enum Outcome: Sendable {
        case passed
        case failed(VectorFailure)
        /// The implementation does not take this suite.
        case skipped
    }

    /// How each suite's cases are run: the suite's name → its runner.
    static let suites: [String: @Sendable (_ id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> Outcome] = [
        TransitionSuite.name: TransitionSuite.run,
        TraceSuite.name: TraceSuite.run,
        CodecSuite.name: CodecSuite.run,
        SettlementSuite.name: SettlementSuite.run,
        CryptoSuite.name: CryptoSuite.run, LocksSuite.name: LocksSuite.run,
    ]

    /// Runs the corpus. `files`: the manifest's files to run (all by default); `include`: which
    /// case ids to run (a shard); `capabilities`: the suites the implementation declared (the
    /// cases of other suites are skipped); `progress` is told each file as it finishes.
    public static func run(
        read: (String) throws -> [UInt8], implementation: any VectorImplementation, files only: Set<String>? = nil,
        include: (String) -> Bool = { _ in true }, capabilities: Set<String>? = nil, progress: (String, VectorReport) -> Void = { _, _ in }
    ) -> VectorReport {
        var report = VectorReport()
        let manifest: JSONObject
        do {
            guard case .object(let m) = try JSONParser.parse(try read("manifest.json"), maxDepth: 16) else {
                throw VectorFailure(caseID: "manifest.json", path: "", expected: "an object", got: "another JSON value")
            }
            manifest = m
        } catch {
            report.failures.append(VectorFailure(caseID: "manifest.json", path: "", expected: "a readable manifest", got: "\(error)"))
            return report
        }
        guard case .array(let entries)? = manifest["files"] else {
            report.failures.append(VectorFailure(caseID: "manifest.json", path: "files", expected: "an array", got: "none"))
            return report
        }
        for entry in entries {
            guard case .object(let e) = entry, case .string(let path)? = e["path"], case .string(let sha)? = e["sha256"],
                case .array(let ids)? = e["cases"]
            else {
                report.failures.append(VectorFailure(caseID: "manifest.json", path: "files", expected: "{path, sha256, cases}", got: "another entry"))
                continue
            }
            if let only, !only.contains(path) { continue }
            let listed = ids.compactMap { if case .string(let id) = $0 { id } else { nil } }.filter(include)
            let bytes: [UInt8]
            do { bytes = try read(path) } catch {
                report.notRun += listed
                report.failures.append(VectorFailure(caseID: path, path: "", expected: "the file", got: "\(error)"))
                continue
            }
            let actual = String(SecretHash.sha256(bytes).hex.dropFirst(2))
            guard actual == sha else {
                report.notRun += listed
                report.failures.append(VectorFailure(caseID: path, path: "sha256", expected: sha, got: actual))
                continue
            }
            runFile(path: path, bytes: bytes, listed: listed, include: include, capabilities: capabilities, implementation: implementation, into: &report)
            progress(path, report)
        }
        return report
    }

    static func runFile(
        path: String, bytes: [UInt8], listed: [String], include: (String) -> Bool, capabilities: Set<String>?,
        implementation: any VectorImplementation, into report: inout VectorReport
    ) {
        guard case .object(let file)? = try? JSONParser.parse(bytes, maxDepth: 128), case .string(let suite)? = file["suite"],
            case .array(let cases)? = file["cases"]
        else {
            report.notRun += listed
            report.failures.append(VectorFailure(caseID: path, path: "", expected: "a vector file", got: "something else"))
            return
        }
        var seen = Set<String>()
        for c in cases {
            guard case .object(let o) = c, case .string(let id)? = o["id"] else {
                report.failures.append(VectorFailure(caseID: path, path: "cases", expected: "a case with an id", got: "another value"))
                continue
            }
            guard include(id) else { continue }
            seen.insert(id)
            if let capabilities, !capabilities.contains(suite) {
                report.skipped.append(id)
                continue
            }
            guard let runner = suites[suite] else {
                report.failures.append(VectorFailure(caseID: id, path: "suite", expected: "a suite this runner knows", got: suite))
                continue
            }
            switch runner(id, o, implementation) {
            case .passed: report.passed.append(id)
            case .failed(var f):
                if case .string(let code)? = o["code"] { f.clause = code }
                report.failures.append(f)
            case .skipped: report.skipped.append(id)
            }
        }
        report.notRun += listed.filter { !seen.contains($0) }
    }

    /// The first difference between a step's expected answer and an implementation's, under the
    /// key path `at`: the rejection (codes only), then the outputs in order (reasons left out),
    /// then the state when `post` is given.
    static func stepDifference(
        rejection: JSONValue, outputs: JSONValue, post: JSONValue?, got: (state: [UInt8], outputs: [[UInt8]], rejection: [UInt8]?), at: String
    ) -> VectorFailureAt? {
        func parse(_ bytes: [UInt8]) -> JSONValue { (try? JSONParser.parse(bytes, maxDepth: 64)) ?? .string("<not JSON>") }
        if let d = difference(withoutReasons(rejection), withoutReasons(got.rejection.map(parse) ?? .null), path: canonicalPath(at, "rejection")) { return d }
        if let d = difference(withoutReasons(outputs), .array(got.outputs.map { withoutReasons(parse($0)) }), path: canonicalPath(at, "outputs")) { return d }
        if let post { return difference(post, parse(got.state), path: canonicalPath(at, "post")) }
        return nil
    }

    /// A key path, the expected text and the actual text.
    typealias VectorFailureAt = (String, String, String)

    static func compact(_ v: JSONValue) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.value(v)
        return w.bytes
    }

    /// The value with every object member named `reason` removed: human text, never compared.
    static func withoutReasons(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o): .object(JSONObject(members: o.members.filter { $0.key != "reason" }.map { JSONMember(key: $0.key, value: withoutReasons($0.value)) }))
        case .array(let a): .array(a.map(withoutReasons))
        case .null, .bool, .number, .string: v
        }
    }

    /// The first place two values differ: its key path, the expected and the actual text.
    static func difference(_ a: JSONValue, _ b: JSONValue, path: String) -> (String, String, String)? {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for m in x.members {
                guard let other = y[m.key] else { return (canonicalPath(path, m.key), short(m.value), "nothing") }
                if let d = difference(m.value, other, path: canonicalPath(path, m.key)) { return d }
            }
            if let extra = y.members.first(where: { x[$0.key] == nil }) { return (canonicalPath(path, extra.key), "nothing", short(extra.value)) }
            return nil
        case (.array(let x), .array(let y)):
            for (k, (p, q)) in zip(x, y).enumerated() {
                if let d = difference(p, q, path: canonicalPath(path, index: k)) { return d }
            }
            return x.count == y.count ? nil : (path, "\(x.count) elements", "\(y.count)")
        default:
            return a == b ? nil : (path, short(a), short(b))
        }
    }

    static func short(_ v: JSONValue) -> String {
        let text = String(decoding: compact(v), as: UTF8.self)
        return text.count <= 120 ? text : String(text.prefix(117)) + "…"
    }
}
