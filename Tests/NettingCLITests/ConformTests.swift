import Foundation
import Testing

/// `netting conform` end to end: NettingKit's own adapter conforms; broken adapters get a
/// verdict for every case, quickly, never a hang; a mutant is caught and named.
@Suite struct ConformTests {
    static var adapter: String { "'\(CLITests.binary.path)' adapter" }

    @Test func nettingKitsOwnAdapterConforms() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.json"), junit = dir.appendingPathComponent("junit.xml")
        let r = try CLITests.netting(["conform", "--impl", Self.adapter, "--jobs", "2", "--report-json", report.path, "--junit", junit.path])
        #expect(r.status == 0, "\(r.out.suffix(800))\(r.err.suffix(400))")
        #expect(r.out.contains("0 failed") && r.out.contains(": conforms"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as! [String: Any]
        #expect(json["conforms"] as? Bool == true)
        #expect((json["passed"] as? [String])?.count ?? 0 > 250)
        #expect(try String(contentsOf: junit, encoding: .utf8).contains("<testsuite name=\"transitions\""))
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let command: String
        let code: String
        /// Seconds per request: 1, except where the adapter must first be given time to write
        /// (16 MiB through a pipe takes over a second on a loaded 2-core machine).
        var timeout = "1"
        var testDescription: String { code }
    }

    /// A crash, a hang, garbage, another protocol, an enormous line, a flood on stderr.
    static let broken: [Broken] = [
        Broken(command: "exit 3", code: "adapter.exited"),
        Broken(command: "sleep 30", code: "adapter.timeout"),
        Broken(command: "yes garbage", code: "adapter.garbage"),
        Broken(command: #"echo '{"id":"1","ok":{"protocol":"other/9"}}'; sleep 5"#, code: "adapter.protocol_mismatch"),
        Broken(command: #"head -c 20000000 /dev/zero | tr '\0' x"#, code: "adapter.line_too_long", timeout: "20"),
        Broken(command: "while :; do echo flood >&2; done", code: "adapter.timeout"),
    ]

    @Test(arguments: broken)
    func aBrokenAdapterGetsAVerdictPerCase(_ b: Broken) throws {
        let started = Date()
        let r = try CLITests.netting(["conform", "--impl", b.command, "--timeout", b.timeout, "--suite", "transitions", "--report-json", "/dev/stdout"])
        #expect(r.status == 1)
        #expect(Date().timeIntervalSince(started) < 30, "the run must end quickly")
        #expect(r.out.contains(b.code), "\(r.out.prefix(600))")
        #expect(r.out.contains("0 passed, 207 failed") || r.out.contains("0 passed,"), "\(r.out.suffix(300))")
    }

    @Test func aMutantIsCaughtAndTheExpectedFailuresFileHoldsIt() throws {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("expected-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: list) }
        let mutant = Self.adapter + " --mutant accepts_stale_nonce"
        let r = try CLITests.netting(["conform", "--impl", mutant, "--suite", "transitions"])
        #expect(r.status == 1)
        #expect(r.out.contains("FAIL transitions.ReceiveLockedTransfer.nonce_mismatch [LockedTransfer.nonce_mismatch]"), "\(r.out.prefix(800))")
        // Recorded as expected, the same run conforms; the real machine then passes what the list expects to fail.
        let update = try CLITests.netting(["conform", "--impl", mutant, "--suite", "transitions", "--expected-failures", list.path, "--update-expected-failures"])
        #expect(update.status == 0, "\(update.out.suffix(400))")
        #expect(try CLITests.netting(["conform", "--impl", mutant, "--suite", "transitions", "--expected-failures", list.path]).status == 0)
        let honest = try CLITests.netting(["conform", "--impl", Self.adapter, "--suite", "transitions", "--expected-failures", list.path])
        #expect(honest.status == 1)
        #expect(honest.out.contains("listed as an expected failure, but passed"))
    }

    /// The template in tools/adapters/template runs as shipped: every case fails as unsupported,
    /// the adapter is never restarted for an `error` answer, and the report names why.
    @Test func theTemplateAdapterGivesAFirstReport() throws {
        let r = try CLITests.netting(["conform", "--impl", "python3 tools/adapters/template/adapter.py", "--suite", "transitions"])
        #expect(r.status == 1)
        #expect(r.out.contains("adapter.unsupported"), "\(r.out.prefix(600))")
        #expect(!r.out.contains("restarted"), "\(r.out.suffix(300))")
        #expect(r.out.contains("0 passed, 207 failed"))
    }

    @Test func aShardRunsItsPartAndTheShardsCoverEverything() throws {
        var total = 0
        for i in 1...3 {
            let r = try CLITests.netting(["conform", "--impl", Self.adapter, "--shard", "\(i)/3"])
            #expect(r.status == 0)
            if let line = r.out.split(separator: "\n").last, let n = Int(line.split(separator: " ").first ?? "") { total += n }
        }
        let all = try CLITests.netting(["conform", "--impl", Self.adapter])
        #expect(all.out.split(separator: "\n").last.flatMap { Int($0.split(separator: " ").first ?? "") } == total)
    }
}
