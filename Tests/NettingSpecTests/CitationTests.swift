import Foundation
import Testing

/// Every citation of spec/channel.yaml (each `source:` and `evidence:`) names a Raiden 3.0.1
/// file and a function, class or constant in it, in the grammar its header states:
/// `tools/citations/check_citations.py` resolves each one in Raiden's own sources, which
/// `make test` unpacks into `.raiden-src` (tools/citations/fetch-raiden.sh). Without those
/// sources or the test venv the test fails: it never skips.
@Suite struct CitationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The checker's exit status and output (stdout and stderr), or why it could not run.
    static func check(spec: URL) -> Result<(status: Int32, output: String), CheckerUnavailable> {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["NETTING_TEST_PYTHON"] ?? root.appendingPathComponent(".venv-test/bin/python").path
        let raiden = environment["RAIDEN_SRC"] ?? root.appendingPathComponent(".raiden-src").path
        guard FileManager.default.fileExists(atPath: raiden) else {
            return .failure(.init(description: "no Raiden 3.0.1 sources at \(raiden): run `make test` (it unpacks them there)"))
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(.init(description: "no test Python at \(python): run `make test` (it creates the venv)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("tools/citations/check_citations.py").path, "--raiden-src", raiden, "--spec", spec.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return .success((process.terminationStatus, String(decoding: data, as: UTF8.self)))
        } catch {
            return .failure(.init(description: "check_citations.py: \(error)"))
        }
    }

    struct CheckerUnavailable: Error, CustomStringConvertible { let description: String }

    @Test func everyCitationOfTheChannelSpecResolvesInRaidensSources() throws {
        let (status, output) = try Self.check(spec: Self.root.appendingPathComponent("spec/channel.yaml")).get()
        #expect(status == 0, "unresolved citations:\n\(output)")
        #expect(output.contains("all resolved"), "\(output)")
    }

    @Test func aCitationOfNothingOrOfAMisspelledFunctionFails() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("spec/channel.yaml"), encoding: .utf8)
        let good = "source: \"is_valid_unlock 1\"}", goodEvidence = "evidence: \"channel.is_valid_withdraw_request\""
        #expect(text.contains(good) && text.contains(goodEvidence), "the mutations apply")
        let bad = text.replacingOccurrences(of: good, with: "source: \"is_valid_unlok 1\"}")
            .replacingOccurrences(of: goodEvidence, with: "evidence: \"channel.is_valid_withdraw_request; digest §3.4\"")
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("citations-\(UUID().uuidString).yaml")
        try bad.write(to: spec, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: spec) }
        let (status, output) = try Self.check(spec: spec).get()
        #expect(status == 1)
        #expect(output.contains("transitions.ReceiveUnlock.guards[2].source: is_valid_unlok 1: no def is_valid_unlok in raiden/transfer/"), "\(output)")
        #expect(output.contains("quirks.withdraw_request_when_closed.evidence: digest §3.4: cites 'digest' and '§'"), "\(output)")
        #expect(output.contains("2 unresolved in"), "\(output)")
    }
}
