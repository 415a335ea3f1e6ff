import Foundation
import Testing

/// `netting state`, `step`, `chain` and `payout` on bad input: one line naming the argument or
/// option, the reason and a stable code, exit status 1; and the pieces of a channel by hand.
@Suite struct ByHandTests {
    static let aliceKey = "0x" + String(repeating: "11", count: 32)
    static let bobKey = "0x" + String(repeating: "22", count: 32)
    /// The addresses of the two keys (eth-keys gives the same; Tests/NettingCryptoTests check
    /// key-to-address against it).
    static let alice = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"
    static let bob = "0x1563915e194D8CfBA1943570603F7606A3115508"

    /// A fresh folder with alice.json, bob.json (deposits 100 and 50) and chain.json.
    static func channel() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netting-hand-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (key, partner, ours, theirs, file) in [(aliceKey, bob, "100", "50", "alice.json"), (bobKey, alice, "50", "100", "bob.json")] {
            let r = try CLITests.netting(["state", "init", "--key", key, "--partner", partner, "--deposit", ours, "--partner-deposit", theirs, dir.appendingPathComponent(file).path])
            try #require(r.status == 0, "\(r.err)")
        }
        let r = try CLITests.netting(["chain", "open", "--chain", dir.appendingPathComponent("chain.json").path,
                                       dir.appendingPathComponent("alice.json").path, dir.appendingPathComponent("bob.json").path])
        try #require(r.status == 0, "\(r.err)")
        return dir
    }

    static func oneLineError(_ r: CLITests.Result, _ expected: String) {
        #expect(r.status == (expected.contains("[usage.") ? 64 : 1), "exit status \(r.status) for \(expected)")
        #expect(r.err.contains(expected), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(r.out.isEmpty, "\(r.out)")
    }

    /// The file itself is named, as every other command names a file it cannot read (no `<file>` placeholder).
    @Test func stateShowNamesTheFileAndTellsMissingFromDirectory() throws {
        let missing = try CLITests.netting(["state", "show", "nothere.json"])
        Self.oneLineError(missing, "nothere.json: no such file [input.not_found]")
        #expect(!missing.err.contains("<file>"))
        Self.oneLineError(try CLITests.netting(["state", "show", "scenarios"]), "scenarios: is a folder, not a file [input.is_directory]")
        Self.oneLineError(try CLITests.netting(["step", "--state", "nothere.json", "--input", "-"], stdin: "{}"), "nothere.json: no such file [input.not_found]")
    }

    @Test func aNegativeDepositSaysItIsNegative() throws {
        let r = try CLITests.netting(["state", "init", "--key", Self.aliceKey, "--partner", Self.bob, "--deposit", "-1", "/tmp/never-written.json"])
        Self.oneLineError(r, "--deposit: is -1: amounts are never negative [value.negative]")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.json"))
    }

    /// The default seed is the first 8 bytes of our address, big-endian: 0x19e7e376e7c213b7 for
    /// Alice, 0x1563915e194d8cfb for Bob — so their message identifiers differ.
    @Test func theTwoEndsDoNotShareASeed() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try CLITests.netting(["state", "show", "--json", dir.appendingPathComponent("alice.json").path])
        let b = try CLITests.netting(["state", "show", "--json", dir.appendingPathComponent("bob.json").path])
        #expect(a.out.contains(#""prng":{"state":"\#(UInt64(0x19e7_e376_e7c2_13b7))"}"#), "\(a.out.prefix(300))")
        #expect(b.out.contains(#""prng":{"state":"\#(UInt64(0x1563_915e_194d_8cfb))"}"#), "\(b.out.prefix(300))")
    }

    @Test func stateInitJSONIsTheStateShowJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netting-init-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try CLITests.netting(["state", "init", "--json", "--key", Self.aliceKey, "--partner", Self.bob, "--deposit", "10", dir.path])
        #expect(made.status == 0, "\(made.err)")
        let shown = try CLITests.netting(["state", "show", "--json", dir.path])
        #expect(made.out == shown.out)
        #expect(made.out.hasPrefix("{") && made.out.split(separator: "\n").count == 1)
    }

    @Test func aMisspelledStepKeyIsRejectedWithItsLine() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pay = "input: ActionInitInitiator\npayment_identifier: 1\namount: \"5\"\nsecret: \"0x\(String(repeating: "01", count: 32))\"\nlock_timeot: 10\n"
        let state = dir.appendingPathComponent("alice.json").path
        let before = try String(contentsOfFile: state, encoding: .utf8)
        let r = try CLITests.netting(["step", "--state", state, "--input", "-"], stdin: pay)
        Self.oneLineError(r, "<standard input>:5:1: lock_timeot: is not a known key here (allowed: amount, input, lock_timeout, payment_identifier, secret, target) [input.invalid]")
        // In JSON lines, the column of the key on its line.
        let json = try CLITests.netting(["step", "--state", state, "--input", "-"], stdin: "{\"input\":\"Block\",\"block_number\":100}\n{\"input\":\"Block\",\"block_numbr\":1}\n")
        #expect(json.status == 1 && json.err == "<standard input>:2:18: block_numbr: is not a known key here (allowed: block_number, input) [input.invalid]\n", "\(json.err)")
        #expect(try String(contentsOfFile: state, encoding: .utf8) == before)
    }

    @Test func stepRefusesWhatIsNeitherMessageNorInputNorLog() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("alice.json").path
        Self.oneLineError(try CLITests.netting(["step", "--state", state, "--input", "-"], stdin: #"{"type":"Foo"}"#), #"<standard input>:1: type: "Foo" is not a message type"#)
        Self.oneLineError(try CLITests.netting(["step", "--state", state, "--input", "-"], stdin: "\n"), "[input.empty]")
        Self.oneLineError(try CLITests.netting(["step", "--state", state, "--input", "-", "--send", "x.out"], stdin: "\n"), "--send: messages are sent signed: pass --key with our private key [usage.requires_key]")
        Self.oneLineError(try CLITests.netting(["step", "--state", state, "--input", "nothere.jsonl"]), "nothere.jsonl: no such file [input.not_found]")
        // JSON lines with a syntax error: the line and the column the parser stopped at.
        Self.oneLineError(try CLITests.netting(["step", "--state", state, "--input", "-"], stdin: "{\"input\": \"Block\", \"block_number\": 150}\n{\"input\": \"Block\", bad\n"),
            "<standard input>:2:20: is not one JSON object (JSON lines: one input or message a line): expected a string key, found 'b' [json.syntax]")
    }

    /// An input the machine ignores (a block before the current one: Block.block_number_decreased)
    /// is a note on standard error in the error's shape, naming standard input as errors do;
    /// with --json it is an {"ignored": {…}} object there, and standard output stays empty.
    @Test func anIgnoredInputIsANoteInTheErrorsShape() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("alice.json").path
        let text = try CLITests.netting(["step", "--state", state, "--input", "-"], stdin: #"{"input": "Block", "block_number": 1}"#)
        #expect(text.status == 0)
        #expect(text.err.hasPrefix("<standard input>:1: Block: ignored: ") && text.err.hasSuffix(" [Block.block_number_decreased]\n"), "\(text.err)")
        let json = try CLITests.netting(["step", "--json", "--state", state, "--input", "-"], stdin: #"{"input": "Block", "block_number": 1}"#)
        #expect(json.status == 0 && json.out.isEmpty, "\(json.out)")
        let object = try JSONSerialization.jsonObject(with: Data(json.err.utf8)) as? [String: [String: Any]]
        #expect(object?["ignored"]?["code"] as? String == "Block.block_number_decreased" && object?["ignored"]?["line"] as? String == "1", "\(json.err)")
    }

    /// What `step --json` prints for a Send… output is received by the partner as it is, and
    /// --send writes wire lines the partner reads the same way.
    @Test func thePartnerReadsStepJSONAndSendLinesUnchanged() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pay = "input: ActionInitInitiator\npayment_identifier: 1\namount: \"30\"\nsecret: \"0x\(String(repeating: "01", count: 32))\"\n"
        let sent = try CLITests.netting(["step", "--json", "--key", Self.aliceKey, "--state", dir.appendingPathComponent("alice.json").path, "--input", "-",
                                         "--send", dir.appendingPathComponent("alice.out").path], stdin: pay)
        #expect(sent.status == 0, "\(sent.err)")
        #expect(sent.out.hasPrefix(#"{"type":"SendLockedTransfer""#), "\(sent.out)")
        let wire = try String(contentsOf: dir.appendingPathComponent("alice.out"), encoding: .utf8)
        #expect(wire.hasPrefix(#"{"message_identifier":"#) && wire.contains(#""type":"LockedTransfer"}"#) && wire.split(separator: "\n").count == 1)
        // Bob reads the canonical Send… output line…
        let bobState = dir.appendingPathComponent("bob.json").path
        let copy = dir.appendingPathComponent("bob-copy.json").path
        try FileManager.default.copyItem(atPath: bobState, toPath: copy)
        let fromJSON = try CLITests.netting(["step", "--json", "--key", Self.bobKey, "--state", bobState, "--input", "-"], stdin: sent.out)
        #expect(fromJSON.status == 0, "\(fromJSON.err)")
        // …and the wire line, to the same effect.
        let fromWire = try CLITests.netting(["step", "--json", "--key", Self.bobKey, "--state", copy, "--input", dir.appendingPathComponent("alice.out").path])
        #expect(fromWire.status == 0, "\(fromWire.err)")
        #expect(fromJSON.out == fromWire.out)
        #expect(fromWire.out.contains(#"{"type":"SendSecretRequest""#))
        #expect(try String(contentsOfFile: bobState, encoding: .utf8) == String(contentsOfFile: copy, encoding: .utf8))
    }

    /// TokenNetwork 0.40.2: settleChannel before the settle timeout reverts with
    /// "TN/settle: settlement timeout"; the closer cannot update its own close.
    @Test func chainCallsThatRevertSayTheContractsReason() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chain = dir.appendingPathComponent("chain.json").path
        let a = dir.appendingPathComponent("alice.json").path, b = dir.appendingPathComponent("bob.json").path
        Self.oneLineError(try CLITests.netting(["chain", "settle", "--chain", chain, a, b]), "the contract reverts: TN/settle: channel not closed [chain.settle_channel_not_closed]")
        let closed = try CLITests.netting(["chain", "close", "--chain", chain, "--state", a, "--key", Self.aliceKey])
        #expect(closed.status == 0, "\(closed.err)")
        #expect(closed.out.split(separator: "\n").count == 2)
        #expect(closed.out.contains(#""type":"ChannelClosed""#) && closed.out.contains(#""closing_participant":"\#(Self.alice.lowercased())""#))
        Self.oneLineError(try CLITests.netting(["chain", "settle", "--chain", chain, "--block", "600", a, b]), "TN/settle: settlement timeout [chain.settle_too_early]")
        Self.oneLineError(try CLITests.netting(["chain", "close", "--chain", chain, "--state", a, "--key", Self.bobKey]), "[chain.not_a_participant]")
        Self.oneLineError(try CLITests.netting(["chain", "settle", "--chain", chain, "--block", "50", a, b]), "--block: is 50, before the chain file's block 100 [chain.block_decreased]")
        Self.oneLineError(try CLITests.netting(["chain", "settle", "--chain", chain, a]), "give the channel's two state files, got 1 [usage.two_states]")
    }

    /// A failed contract call names the chain file and the contract function, not a bare
    /// `chain` (TokenNetwork 0.40.2: closeChannel on a closed channel reverts "TN: channel not open").
    @Test func aChainErrorNamesTheChainFileAndTheFunction() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chain = dir.appendingPathComponent("chain.json").path
        let a = dir.appendingPathComponent("alice.json").path, b = dir.appendingPathComponent("bob.json").path
        Self.oneLineError(try CLITests.netting(["chain", "settle", "--chain", chain, a, b]),
            "\(chain): settleChannel: the contract reverts: TN/settle: channel not closed [chain.settle_channel_not_closed]")
        #expect(try CLITests.netting(["chain", "close", "--chain", chain, "--state", a, "--key", Self.aliceKey]).status == 0)
        let again = try CLITests.netting(["chain", "close", "--chain", chain, "--state", a, "--key", Self.aliceKey, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(again.out.utf8)) as? [String: [String: Any]]
        #expect(object?["error"]?["file"] as? String == chain && object?["error"]?["path"] as? String == "closeChannel", "\(again.out)")
        #expect(object?["error"]?["code"] as? String == "chain.channel_not_open", "\(again.out)")
        Self.oneLineError(try CLITests.netting(["chain", "register-secret", "--chain", chain, "--secret", "0x03…03"]), "--secret: contains an ellipsis")
    }

    /// A file in the way is named as a file (`alice.json: exists; …`), not as `<file>` with the
    /// name in the reason.
    @Test func aFileInTheWayIsNamed() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("alice.json").path, b = dir.appendingPathComponent("bob.json").path
        let chain = dir.appendingPathComponent("chain.json").path
        Self.oneLineError(try CLITests.netting(["state", "init", "--key", Self.aliceKey, "--partner", Self.bob, a]), "\(a): exists; pass --force to overwrite it [output.exists]")
        Self.oneLineError(try CLITests.netting(["chain", "open", "--chain", chain, a, b]), "\(chain): --chain: exists; pass --force to overwrite it [output.exists]")
    }

    /// The issue's "an atomic write turns a file's mode 444 into 644": a chain call rewrites the
    /// chain file atomically and keeps its mode, and --send keeps the mode of the file it replaces.
    @Test func anAtomicWriteKeepsTheFilesMode() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chain = dir.appendingPathComponent("chain.json").path
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: chain)
        let closed = try CLITests.netting(["chain", "close", "--chain", chain, "--state", dir.appendingPathComponent("alice.json").path, "--key", Self.aliceKey])
        #expect(closed.status == 0, "\(closed.err)")
        #expect(try String(contentsOfFile: chain, encoding: .utf8).contains("closed"))
        #expect(try FileManager.default.attributesOfItem(atPath: chain)[.posixPermissions] as? Int == 0o444)
        let out = dir.appendingPathComponent("alice.out").path
        try "old\n".write(toFile: out, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)
        let pay = "input: ActionInitInitiator\npayment_identifier: 1\namount: \"5\"\nsecret: \"0x\(String(repeating: "01", count: 32))\"\n"
        let dir2 = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir2) }
        let sent = try CLITests.netting(["step", "--state", dir2.appendingPathComponent("alice.json").path, "--key", Self.aliceKey, "--input", "-", "--send", out], stdin: pay)
        #expect(sent.status == 0, "\(sent.err)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("LockedTransfer"))
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int == 0o600)
    }

    /// A chain file is input from outside: a settle timeout that takes the settle block past
    /// 2^64 − 1 makes closeChannel revert (Solidity 0.8's checked addition), never trap; an
    /// unknown key is named.
    @Test func aHostileChainFileIsAnErrorNotACrash() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chain = dir.appendingPathComponent("chain.json")
        let a = dir.appendingPathComponent("alice.json").path
        let text = try String(contentsOf: chain, encoding: .utf8)
        try text.replacingOccurrences(of: #""settle_timeout" : "500""#, with: #""settle_timeout" : "18446744073709551615""#)
            .replacingOccurrences(of: #""settle_timeout": "500""#, with: #""settle_timeout": "18446744073709551615""#)
            .write(to: chain, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: chain, encoding: .utf8).contains("18446744073709551615"))
        Self.oneLineError(try CLITests.netting(["chain", "close", "--chain", chain.path, "--state", a, "--key", Self.aliceKey]), "Panic(0x11) [chain.block_overflow]")
        try text.replacingOccurrences(of: #""phase""#, with: #""phaze""#).write(to: chain, atomically: true, encoding: .utf8)
        Self.oneLineError(try CLITests.netting(["chain", "close", "--chain", chain.path, "--state", a, "--key", Self.aliceKey]), "token_network.phase: is required [canonical.missing_key]")
    }

    /// Nothing paid off-chain: settle returns each deposit (TokenNetwork arithmetic with zero
    /// transfers), predicted, not final.
    @Test func payoutOfAnUntouchedChannelIsTheDeposits() throws {
        let dir = try Self.channel()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests.netting(["payout", "--json", dir.appendingPathComponent("alice.json").path, dir.appendingPathComponent("bob.json").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix(#"{"final":false,"block":"100","participants":[{"address":"\#(Self.alice.lowercased())","withdrawn":"0","paid_at_settle":"100","unlocked":"0","total":"100"},{"address":"\#(Self.bob.lowercased())","withdrawn":"0","paid_at_settle":"50","unlocked":"0","total":"50"}],"locked_for_unlock":"0"}"#), "\(r.out)")
    }

    /// `play`'s `w` saves a party's state and the chain at the current step, for `step` and
    /// `chain` to go on by hand.
    @Test func playExportsStatesAndTheChain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netting-play-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path, c = dir.appendingPathComponent("c.json").path
        let r = try CLITests.netting(["play", "scenarios/by-hand.yaml"], stdin: "g 3\nw alice \(a)\nw bob \(b)\nw chain \(c)\nq\n")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("wrote \(a): alice after step 3"))
        let shown = try CLITests.netting(["state", "show", b])
        #expect(shown.status == 0, "\(shown.err)")
        // After step 3 the 7 of the pending lock is locked, and Bob never learned its secret:
        // settle pays 73 and 70 and unlock returns the 7 to Alice (80 and 70).
        let payout = try CLITests.netting(["payout", "--chain", c, "--json", a, b])
        #expect(payout.status == 0, "\(payout.err)")
        #expect(payout.out.contains(#""paid_at_settle":"73","unlocked":"7","total":"80""#), "\(payout.out)")
        #expect(payout.out.contains(#""paid_at_settle":"70","unlocked":"0","total":"70""#), "\(payout.out)")
    }
}
