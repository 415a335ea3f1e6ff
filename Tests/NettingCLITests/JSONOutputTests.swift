import Foundation
import Testing

/// --json output of the commands that gained it, --expect-signer, RequestMonitoring completion,
/// --version, completion and the spec outside the repository. Expected hashes and addresses come
/// from Python's eth-hash and eth-keys (`keccak(5 ‖ 50 ‖ secrethash)` of 32-byte words;
/// `PrivateKey(b"\x11" * 32).public_key.to_checksum_address()`).
@Suite struct JSONOutputTests {
    static let alice = (key: "0x" + String(repeating: "11", count: 32), address: "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
    static let bob = (key: "0x" + String(repeating: "22", count: 32), address: "0x1563915e194D8CfBA1943570603F7606A3115508")
    static let secrethash = "0xd4683a22c1ce39824d931eedc68ea8fa5259ceb03528b1a22f7075863ef8baf0"

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func netting(_ args: [String], stdin: String = "", cwd: URL? = nil) throws -> ErrorShapeTests.Result {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? CLITests.root
        let out = Pipe(), err = Pipe(), input = Pipe()
        (p.standardOutput, p.standardError, p.standardInput) = (out, err, input)
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return .init(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    @Test func locksrootAndBalanceHashAsJSON() throws {
        let r = try Self.netting(["message", "locksroot", "5:50:" + Self.secrethash, "--json"])
        let o = try Self.object(r.out)
        #expect(o["locksroot"] as? String == "0x07fe6255272aa923234b651199a2d7a277e3b1af3156f18c3bc0ba45d27fa380")
        let lock = try #require((o["locks"] as? [[String: Any]])?.first)
        #expect(lock["expiration"] as? String == "5" && lock["amount"] as? String == "50" && lock["secrethash"] as? String == Self.secrethash)
        let b = try Self.netting(["message", "balance-hash", "--transferred", "30", "--locked", "50", "--locksroot", o["locksroot"] as! String, "--json"])
        let h = try Self.object(b.out)
        #expect(h["balance_hash"] as? String == "0xa76a9839fdfd680212271b720c56fab307c733bcd25d080d874e57c266a144f7")
        #expect(h["transferred_amount"] as? String == "30" && h["locked_amount"] as? String == "50")
    }

    @Test func expectSignerCatchesATamperedMessage() throws {
        let template = try Self.netting(["message", "template", "LockedTransfer"]).out
        let signed = try Self.netting(["message", "sign", "--key", Self.alice.key], stdin: template).out
        let ok = try Self.netting(["message", "decode", "--expect-signer", Self.alice.address], stdin: signed)
        #expect(ok.status == 0, "\(ok.err)")
        let tampered = signed.replacingOccurrences(of: "\"transferred_amount\":\"0\"", with: "\"transferred_amount\":\"1\"")
        #expect(tampered != signed)
        let bad = try Self.netting(["message", "decode", "--expect-signer", Self.alice.address], stdin: tampered)
        #expect(bad.status == 1)
        #expect(bad.err.hasSuffix("[signer.mismatch]\n") && bad.err.contains("not by \(Self.alice.address)"), "\(bad.err)")
        let json = try Self.netting(["message", "decode", "--expect-signer", Self.alice.address, "--json"], stdin: tampered)
        #expect(((try Self.object(json.out))["error"] as? [String: Any])?["code"] as? String == "signer.mismatch")
    }

    /// In JSON lines, an error names the line the message is on (blank lines counted).
    @Test func decodeErrorsNameTheirLine() throws {
        let signed = try Self.netting(["message", "sign", "--key", Self.alice.key], stdin: try Self.netting(["message", "template", "Processed"]).out).out
        let input = signed + "\n" + signed + "{\"type\":\"Nope\"}\n" + signed
        let r = try Self.netting(["message", "decode"], stdin: input)
        #expect(r.status == 1)
        #expect(r.err == "<standard input>:4: type: \"Nope\" is not a Raiden 3.0.1 message (one of Processed, Delivered, SecretRequest, RevealSecret, LockedTransfer, RefundTransfer, Unlock, LockExpired, WithdrawRequest, WithdrawConfirmation, WithdrawExpired, PFSCapacityUpdate, PFSFeeUpdate, RequestMonitoring) [message.unknown_type]\n")
        let json = try Self.netting(["message", "decode", "--json"], stdin: input).out.split(separator: "\n")
        #expect(json.count == 4)
        let error = try #require(try Self.object(String(json[2]))["error"] as? [String: Any])
        #expect(error["line"] as? String == "4" && error["path"] as? String == "type" && error["code"] as? String == "message.unknown_type")
    }

    /// A JSON syntax error names the line and column of the byte the parser stopped at (not
    /// "at byte N" of the message), in JSON lines, in a pretty-printed message and when signing;
    /// a single message's other errors name line 1.
    @Test func aSyntaxErrorNamesLineAndColumn() throws {
        let signed = try Self.netting(["message", "sign", "--key", Self.alice.key], stdin: try Self.netting(["message", "template", "Processed"]).out).out
        let lines = signed + "{\"type\": \"Processed\", x}\n" + signed
        #expect(try Self.netting(["message", "decode"], stdin: lines).err == "<standard input>:2:23: expected a string key, found 'x' [json.syntax]\n")
        #expect(try Self.netting(["message", "sign", "--key", Self.alice.key], stdin: lines).err == "<standard input>:2:23: expected a string key, found 'x' [json.syntax]\n")
        let pretty = "{\"type\": \"Processed\",\n  \"message_identifier\": \"1\",\n  \"signature\" \"0x\"}\n"
        let r = try Self.netting(["message", "decode", "--json"], stdin: pretty)
        let error = try #require(try Self.object(r.out)["error"] as? [String: Any])
        #expect(error["line"] as? String == "3" && error["column"] as? String == "15" && error["code"] as? String == "json.syntax", "\(r.out)")
        #expect((error["reason"] as? String)?.contains("at byte") == false)
        let one = #"{"type":"Processed","message_identifier":"1","signature":"0x00"}"#
        #expect(try Self.netting(["message", "decode"], stdin: one).err == "<standard input>:1: signature: must be 65 bytes, got 1 [field.wrong_length]\n")
    }

    @Test func cryptoRecoverExpectSigner() throws {
        let data = "0x00000000f79b17aeefba91fc"
        let signature = try Self.netting(["crypto", "sign", "--key", Self.alice.key, data]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Self.netting(["crypto", "recover", "--signature", signature, "--expect-signer", Self.alice.address, data]).status == 0)
        let wrong = try Self.netting(["crypto", "recover", "--signature", signature, "--expect-signer", Self.bob.address, data])
        #expect(wrong.status == 1 && wrong.err.hasSuffix("[signer.mismatch]\n"), "\(wrong.err)")
    }

    /// A RequestMonitoring carries the partner's balance proof signature: --partner-key makes it,
    /// --partner-signature takes it as the partner sent it; every signer then recovers.
    @Test func signCompletesRequestMonitoring() throws {
        let template = try Self.netting(["message", "template", "RequestMonitoring"]).out
        let signed = try Self.netting(["message", "sign", "--key", Self.alice.key, "--partner-key", Self.bob.key], stdin: template)
        #expect(signed.status == 0, "\(signed.err)")
        let decoded = try Self.object(try Self.netting(["message", "decode", "--json"], stdin: signed.out).out)
        let signers = try #require(decoded["signers"] as? [String: String])
        #expect(signers["signature"] == Self.alice.address.lowercased())
        #expect(signers["non_closing_signature"] == Self.alice.address.lowercased())
        #expect(signers["balance_proof.signature"] == Self.bob.address.lowercased())
        // The same with the partner's signature given as hex.
        let message = try #require(decoded["message"] as? [String: Any])
        let partnerSignature = try #require((message["balance_proof"] as? [String: Any])?["signature"] as? String)
        let again = try Self.netting(["message", "sign", "--key", Self.alice.key, "--partner-signature", partnerSignature], stdin: template)
        #expect(again.out == signed.out)
        let wrongType = try Self.netting(["message", "sign", "--key", Self.alice.key, "--partner-key", Self.bob.key], stdin: try Self.netting(["message", "template", "Unlock"]).out)
        #expect(wrongType.err.hasSuffix("[message.not_request_monitoring]\n"))
    }

    /// run --json: a header first, one object per step, a summary with the payouts last — the same
    /// figures the table's Settlement line prints (scenarios/story.yaml: alice 73, bob 77, 7 locked).
    @Test func runJSONHasAHeaderAndASummary() throws {
        let r = try Self.netting(["run", "scenarios/story.yaml", "--json"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        let header = try #require(try Self.object(lines.first!)["header"] as? [String: Any])
        #expect(header["format"] as? String == "nettingkit.run/1" && header["steps"] as? String == String(lines.count - 2))
        #expect((header["parties"] as? [[String: Any]])?.map { $0["address"] as? String } == [Self.alice.address.lowercased(), Self.bob.address.lowercased()])
        let summary = try #require(try Self.object(lines.last!)["summary"] as? [String: Any])
        let settlement = try #require(summary["settlement"] as? [String: Any])
        #expect(settlement["total"] as? [String: String] == ["alice": "73", "bob": "77"])
        #expect(settlement["locked_for_unlock"] as? String == "7")
        #expect(summary["failures"] as? String == "0")
        #expect(summary["unfired"] as? [String] == [])
        let table = try Self.netting(["run", "scenarios/story.yaml"]).out
        #expect(table.contains("total alice 73, bob 77"))
        #expect(!table.contains("Never fired"))
    }

    /// A drop, duplicate or delay whose message is never sent afterwards is not silent: the
    /// summary lists it (no step after the delay sends a Processed here).
    @Test func aFaultThatNeverFiresIsListed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("netting-unfired-\(getpid()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
            title: x
            parties:
              alice: {key: "\(Self.alice.key)", deposit: "10"}
              bob: {key: "\(Self.bob.key)", deposit: "10"}
            steps:
              - drop: {message: LockedTransfer}
              - pay: {from: alice, to: bob, amount: "1"}
              - delay: {message: Processed, blocks: "3"}
              - mine: {blocks: "1"}

            """.write(to: file, atomically: true, encoding: .utf8)
        let json = try Self.netting(["run", file.path, "--json"])
        let summary = try #require(try Self.object(String(json.out.split(separator: "\n").last!))["summary"] as? [String: Any])
        #expect(summary["unfired"] as? [String] == ["delay Processed by 3 blocks"], "\(json.out.suffix(300))")
        let table = try Self.netting(["run", file.path]).out
        #expect(table.contains("Never fired: delay Processed by 3 blocks (no such message was sent after the step)"), "\(table.suffix(300))")
    }

    /// Outside the repository: the spec, its diagram, the codes and the version come from the binary.
    @Test func theSpecTravelsWithTheBinary() throws {
        let elsewhere = FileManager.default.temporaryDirectory
        let check = try Self.netting(["spec", "check"], cwd: elsewhere)
        #expect(check.status == 0 && check.out.contains("built into netting"), "\(check.out)\(check.err)")
        let render = try Self.netting(["spec", "render", "--output", "-"], cwd: elsewhere)
        let committed = try String(contentsOf: CLITests.root.appendingPathComponent("docs/spec.md"), encoding: .utf8)
        #expect(render.out == committed, "the built-in spec renders docs/spec.md, diagram included")
        let list = try Self.object(try Self.netting(["spec", "list", "inputs", "--json"], cwd: elsewhere).out)
        #expect((list["inputs"] as? [[String: Any]])?.contains { $0["name"] as? String == "ReceiveLockedTransfer" } == true)
        let version = try Self.netting(["--version"], cwd: elsewhere).out
        let vectorsYAML = try String(contentsOf: CLITests.root.appendingPathComponent("spec/vectors.yaml"), encoding: .utf8)
        let specVersion = try #require(vectorsYAML.firstMatch(of: #/\nversion: "([0-9.]+)"/#)?.1)
        #expect(version.hasPrefix("netting \(specVersion) (spec sha256 ") && version.count > 80, "\(version)")
    }

    @Test func completionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try Self.netting(["completion", shell])
            #expect(r.status == 0 && r.out.contains("netting") && r.out.contains("explain"), "\(shell)")
        }
    }

    @Test func specCheckAndGenerateAsJSON() throws {
        let check = try Self.object(try Self.netting(["spec", "check", "--json"]).out)
        // messages, channel, vectors, errors, chain.
        #expect((check["files"] as? [[String: Any]])?.map { $0["path"] as? String } == [
            "spec/messages.yaml", "spec/channel.yaml", "spec/vectors.yaml", "spec/errors.yaml", "spec/chain.yaml",
        ])
        #expect((check["counts"] as? [String: Any])?["chain_logs"] as? String == "7")
        let generate = try Self.netting(["spec", "generate", "--check", "--json"])
        #expect(generate.status == 0)
        let statuses = try generate.out.split(separator: "\n").map { try Self.object(String($0))["status"] as? String }
        #expect(statuses.count > 8 && statuses.allSatisfy { $0 == "unchanged" })
    }

    /// The README's scenario runs as written (its keys spelled out), and its expectations hold.
    @Test func theReadmeScenarioRuns() throws {
        let readme = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let after = try #require(readme.range(of: "A scenario file:"))
        let block = try #require(readme[after.upperBound...].firstMatch(of: #/```yaml\n((?s).*?)```/#)?.1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(getpid()).yaml")
        try String(block).write(to: file, atomically: true, encoding: .utf8)
        let r = try Self.netting(["run", file.path])
        #expect(r.status == 0, "\(r.out.suffix(300))\(r.err)")
        #expect(r.out.contains("All expectations hold."))
        #expect(!readme.contains("0x11…11"), "the README's keys are written out: netting rejects an abbreviation")
    }
}
