import Foundation
import Testing

/// The crypto and locks vectors hold NettingKit's own values; `tools/crosscheck/vectors_crosscheck.py`
/// recomputes every one with eth-hash, coincurve and eth-keys (Raiden's recover rebuilt on them).
/// It needs the test venv that `make test` creates (`make venv`); without it these tests fail.
@Suite struct CryptoLocksCrossCheckTests {
    static let root = CorpusTests.root

    /// Runs the cross-check on a corpus folder: its exit status and output.
    static func crossCheck(_ vectors: URL) throws -> (status: Int32, output: String) {
        let python = ProcessInfo.processInfo.environment["NETTING_TEST_PYTHON"] ?? root.appendingPathComponent(".venv-test/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw CrossCheckUnavailable(description: "no test Python at \(python): run `make venv` (make test does it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("tools/crosscheck/vectors_crosscheck.py").path, "--vectors", vectors.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct CrossCheckUnavailable: Error, CustomStringConvertible { let description: String }

    @Test func everyCryptoAndLocksCaseAgreesWithTheIndependentLibraries() throws {
        let (status, output) = try Self.crossCheck(CorpusTests.vectors)
        #expect(status == 0, "\(output)")
        let count = try CryptoSuiteTests.listed("crypto").count + CryptoSuiteTests.listed("locks").count
        #expect(output.contains("\(count) cases in 8 files"), "\(output)")
        #expect(output.contains("all agree"))
    }

    /// The cross-check can fail: a copy of the corpus with three wrong values planted (a digest, the
    /// balance hash's special case, a refusal's code) and an acceptable case passed off as valid.
    @Test func plantedWrongValuesAreFound() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("netting-crosscheck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for item in ["manifest.json", "crypto", "locks"] {
            try FileManager.default.copyItem(at: CorpusTests.vectors.appendingPathComponent(item), to: copy.appendingPathComponent(item))
        }
        func plant(_ file: String, _ id: String, _ change: (inout [String: Any]) -> Void) throws {
            let url = copy.appendingPathComponent(file)
            var document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            var cases = document["cases"] as! [[String: Any]]
            let k = try #require(cases.firstIndex { $0["id"] as? String == id })
            change(&cases[k])
            document["cases"] = cases
            try JSONSerialization.data(withJSONObject: document).write(to: url)
        }
        try plant("crypto/keccak.json", "crypto.keccak.abc") { $0["keccak256"] = "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c46" }
        try plant("locks/balance_hash.json", "locks.balance_hash.nothing_yet") { $0["balance_hash"] = "0x" + String(repeating: "0", count: 63) + "1" }
        try plant("crypto/recover.json", "crypto.recover.r_zero") { $0["code"] = "signature.s_out_of_range" }
        try plant("crypto/recover.json", "crypto.recover.high_s_v27") { $0["result"] = "valid"; $0["flags"] = [String](); $0["code"] = NSNull() }

        let (status, output) = try Self.crossCheck(copy)
        #expect(status == 1, "\(output)")
        #expect(output.contains("FAIL crypto.keccak.abc: keccak256:"), "\(output)")
        #expect(output.contains("FAIL locks.balance_hash.nothing_yet: balance_hash:"))
        #expect(output.contains("FAIL crypto.recover.r_zero: code:"))
        #expect(output.contains("FAIL crypto.recover.high_s_v27: result:"))
        #expect(output.contains("4 disagreements"))
    }
}
