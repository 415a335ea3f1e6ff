import Foundation
import Testing

/// End-to-end: the built `netting` binary, as a person or a script runs it.
@Suite struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `netting` built next to this test bundle.
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while dir.path != "/" && !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("netting").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("netting")
    }()

    struct Result { let status: Int32; let out: String; let err: String }

    static func netting(_ args: [String], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    @Test func theBinaryIsThere() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "netting not found near \(CommandLine.arguments[0])")
    }

    /// keccak("abc"), the published Keccak-256 value.
    @Test func keccakOfText() throws {
        let r = try Self.netting(["crypto", "keccak", "--text", "abc"])
        #expect(r.status == 0)
        #expect(r.out == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45\n")
    }

    @Test func aBadInputIsOneLineNamingTheFieldAndNonZeroExit() throws {
        let r = try Self.netting(["crypto", "address", "--key", "0x12"])
        #expect(r.status != 0)
        #expect(r.err.contains("--key: must be 32 bytes, got 1 [value.wrong_byte_length]"))
        #expect(!r.err.contains("Fatal"))
        #expect(r.err.split(separator: "\n").count <= 2)
    }

    @Test func signThenDecodeRecoversTheSigner() throws {
        let template = try Self.netting(["message", "template", "Unlock"])
        #expect(template.status == 0)
        let key = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        let signed = try Self.netting(["message", "sign", "--key", key], stdin: template.out)
        #expect(signed.status == 0)
        let decoded = try Self.netting(["message", "decode", "--json"], stdin: signed.out)
        #expect(decoded.status == 0)
        // The fixtures' key (Raiden's serialized_messages README gives its address).
        #expect(decoded.out.contains("\"sender\":\"0xede35562d3555e61120a151b3c8e8e91d83a378a\""))
    }

    /// A pretty-printed message (Raiden's fixtures are) is one message; several lines that are
    /// each a message are JSON lines; a broken pretty-printed one is one error, where it is.
    @Test func decodeTakesOneMessageOverLinesOrJSONLines() throws {
        let key = "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        let signed = try Self.netting(["message", "sign", "--key", key], stdin: try Self.netting(["message", "template", "Unlock"]).out)
        let pretty = signed.out.replacingOccurrences(of: ",\"", with: ",\n  \"").replacingOccurrences(of: "{", with: "{\n  ")
        #expect(pretty.split(separator: "\n").count > 5)
        let one = try Self.netting(["message", "decode", "--json"], stdin: pretty)
        #expect(one.status == 0)
        #expect(one.out.split(separator: "\n").count == 1)
        #expect(one.out.contains("\"sender\":\"0xede35562d3555e61120a151b3c8e8e91d83a378a\""))
        let two = try Self.netting(["message", "decode", "--json"], stdin: signed.out + signed.out)
        #expect(two.status == 0)
        #expect(two.out.split(separator: "\n").count == 2)
        let broken = try Self.netting(["message", "decode"], stdin: pretty.replacingOccurrences(of: "\"nonce\":", with: "\"nonce\""))
        #expect(broken.status == 1)
        #expect(broken.err.split(separator: "\n").count == 1)
        #expect(broken.err.contains("json.syntax"))
    }

    @Test func aRejectedMessageExitsWithItsCodeAndPath() throws {
        let r = try Self.netting(["message", "decode"], stdin: #"{"type":"Processed","message_identifier":"01","signature":"0x00"}"#)
        #expect(r.status == 1)
        #expect(r.err.contains("message_identifier"))
        #expect(r.err.contains("field.not_canonical"))
    }

    @Test func theReferenceScenarioRunsAndPasses() throws {
        let r = try Self.netting(["run", "scenarios/reference.yaml"])
        #expect(r.status == 0)
        #expect(r.out.contains("Settlement: withdrawn alice 0, bob 0; paid at settle alice 73, bob 70; unlocked alice 0, bob 7; total alice 73, bob 77"))
    }

    /// Deposits 100/50, alice pays bob 35, bob withdraws 20 and alice 10: settle transfers
    /// 100 − 10 − 35 = 55 and 50 − 20 + 35 = 65; with the withdraws the contract pays 65 and 85.
    @Test func aWithdrawStoryReportsWithdrawnPaidAtSettleAndTotal() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netting-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.netting(["run", "scenarios/withdraw-settle.yaml", "--out", dir.path])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("settle at block 111 transferred alice 55 and bob 65 (withdrawn before: alice 10, bob 20; total paid by the contract: alice 65, bob 85)"))
        #expect(r.out.contains("Settlement: withdrawn alice 10, bob 20; paid at settle alice 55, bob 65; unlocked alice 0, bob 0; total alice 65, bob 85"))
        let settlement = try String(contentsOf: dir.appendingPathComponent("settlement.json"), encoding: .utf8)
        #expect(settlement.contains(#""withdrawn":{"alice":"10","bob":"20"},"paid_at_settle":{"alice":"55","bob":"65"}"#), "\(settlement)")
        #expect(settlement.contains(#""total":{"alice":"65","bob":"85"}"#), "\(settlement)")
    }

    @Test func generatedFilesAreUpToDate() throws {
        let r = try Self.netting(["spec", "generate", "--check"])
        #expect(r.status == 0, "\(r.out)\(r.err)")
    }
}
