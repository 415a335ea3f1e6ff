import Foundation
import Testing

/// The README's "A channel by hand" block, run as written through the built binary in an empty
/// folder, must end with the payouts `netting run scenarios/by-hand.yaml` predicts for the same
/// story: the README and this test read the same text, so they cannot drift.
@Suite struct WalkThroughTests {
    static let marker = "<!-- walk-through: Tests/NettingCLITests/WalkThroughTests.swift runs the next block -->"

    /// The shell block right after the marker.
    static func walkThrough() throws -> String {
        let readme = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let parts = readme.components(separatedBy: marker + "\n```sh\n")
        try #require(parts.count == 2, "README.md must have the walk-through marker exactly once")
        let block = try #require(parts[1].components(separatedBy: "\n```").first)
        return block
    }

    struct Shell { let status: Int32; let out: String; let err: String }

    /// Runs `script` with bash (-e -u -o pipefail) in `folder`, `netting` being the built binary.
    static func bash(_ script: String, in folder: URL) throws -> Shell {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-euo", "pipefail", "-c", "netting() { \"$NETTING\" \"$@\"; }\n" + script]
        p.currentDirectoryURL = folder
        p.environment = ["NETTING": CLITests.binary.path, "PATH": "/usr/bin:/bin"]
        // Standard error goes to a file, so that neither stream can fill up and block the script.
        let errFile = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errFile)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = (try? Data(contentsOf: errFile)) ?? Data()
        return Shell(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theReadmeWalkThroughEndsWithThePayoutsNettingRunPredicts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("netting-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let walk = try Self.bash(try Self.walkThrough(), in: folder)
        #expect(walk.status == 0, "the walk-through failed:\n\(walk.out.suffix(2000))\n\(walk.err.suffix(2000))")
        // Its last command prints the payouts for people; every call has been made.
        #expect(walk.out.contains("The contract has paid (every call made):"), "\(walk.out.suffix(1000))")

        let payout = try Self.bash("netting payout --chain chain.json alice.json bob.json --json", in: folder)
        #expect(payout.status == 0, "\(payout.err)")
        let paid = try Self.json(payout.out)
        #expect(paid["final"] as? Bool == true)
        let participants = try #require(paid["participants"] as? [[String: String]])
        try #require(participants.count == 2)

        // The same story told as a scenario.
        let out = folder.appendingPathComponent("run")
        let run = try CLITests.netting(["run", "scenarios/by-hand.yaml", "--out", out.path])
        #expect(run.status == 0, "\(run.out.suffix(1000))\(run.err)")
        let settlement = try Self.json(try String(contentsOf: out.appendingPathComponent("settlement.json"), encoding: .utf8))
        #expect(settlement["settled"] as? Bool == true)
        for (index, party) in ["alice", "bob"].enumerated() {
            for figure in ["withdrawn", "paid_at_settle", "unlocked", "total"] {
                let predicted = (settlement[figure] as? [String: String])?[party]
                #expect(participants[index][figure] == predicted, "\(party)'s \(figure): by hand \(participants[index][figure] ?? "-"), netting run \(predicted ?? "-")")
            }
        }
        #expect(paid["locked_for_unlock"] as? String == settlement["locked_for_unlock"] as? String)
        // And the contract's arithmetic by hand (TokenNetwork settleChannel, then unlock): Alice
        // 100 − 30 − 7 + 10 = 73 at settle; Bob 50 + 30 − 10 = 70, and the 7 whose secret was
        // registered in time at unlock.
        #expect(participants.map { $0["paid_at_settle"] } == ["73", "70"])
        #expect(participants.map { $0["unlocked"] } == ["0", "7"])
        #expect(participants.map { $0["total"] } == ["73", "77"])
    }

    /// Withdraws by hand: scenarios/withdraw-settle.yaml's story with `netting chain withdraw`,
    /// which ends with the figures its own comment works out from the TokenNetwork arithmetic
    /// (Alice 10 + 55 = 65, Bob 20 + 65 = 85) and that `netting run` reports.
    @Test func withdrawsByHandEndLikeTheWithdrawScenario() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("netting-withdraw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = #"""
            A=0x1111111111111111111111111111111111111111111111111111111111111111
            B=0x2222222222222222222222222222222222222222222222222222222222222222
            netting state init --key $A --partner $(netting crypto address --key $B) --deposit 100 --partner-deposit 50 \
                --reveal-timeout 5 --settle-timeout 10 alice.json
            netting state init --key $B --partner $(netting crypto address --key $A) --deposit 50 --partner-deposit 100 \
                --reveal-timeout 5 --settle-timeout 10 bob.json
            netting chain open --chain chain.json alice.json bob.json
            key() { if [ $1 = alice ]; then echo $A; else echo $B; fi; }
            relay() { while [ -s $1.out ]; do cp $1.out $1.last; netting step --state $2.json --key $(key $2) --input $1.out --send $2.out; rm $1.out; set -- $2 $1; done; }
            both() { netting step --state alice.json --input chain.out && netting step --state bob.json --input chain.out; }
            printf 'input: ActionInitInitiator\npayment_identifier: 1\namount: "35"\nsecret: "0x%064x"\n' 7 > pay.yaml
            netting step --state alice.json --key $A --input pay.yaml --send alice.out
            relay alice bob
            echo '{"input": "ActionChannelWithdraw", "total_withdraw": "20"}' | netting step --state bob.json --key $B --input - --send bob.out
            relay bob alice   # WithdrawRequest, then Alice's WithdrawConfirmation (kept in alice.last)
            netting chain withdraw --chain chain.json --state bob.json --key $B --confirmation alice.last > chain.out
            both
            echo '{"input": "ActionChannelWithdraw", "total_withdraw": "10"}' | netting step --state alice.json --key $A --input - --send alice.out
            relay alice bob
            netting chain withdraw --chain chain.json --state alice.json --key $A --confirmation bob.last > chain.out
            both
            netting chain close --chain chain.json --state bob.json --key $B > chain.out
            both
            netting chain settle --chain chain.json alice.json bob.json > chain.out
            both
            netting payout --chain chain.json alice.json bob.json --json
            """#
        let r = try Self.bash(script, in: folder)
        #expect(r.status == 0, "\(r.out.suffix(1500))\n\(r.err.suffix(1500))")
        let last = try #require(r.out.split(separator: "\n").last.map(String.init))
        #expect(last.hasSuffix(#""participants":[{"address":"0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a","withdrawn":"10","paid_at_settle":"55","unlocked":"0","total":"65"},{"address":"0x1563915e194d8cfba1943570603f7606a3115508","withdrawn":"20","paid_at_settle":"65","unlocked":"0","total":"85"}],"locked_for_unlock":"0"}"#), "\(last)")
        #expect(last.hasPrefix(#"{"final":true,"#), "\(last)")
    }

    /// The README's list of commands ("The `netting` command"), run in order in an empty folder
    /// (with scenarios/ beside it, and the pay.yaml of the walk-through): every line that is a
    /// whole command exits 0. Left out: synopses (`a | b`, `[--check]`, `0x…`), lines continued
    /// with `\`, `swift build`, and what the corpus and conformance tests run at length
    /// (`vectors run`, `conform`).
    @Test func theReadmeCommandListRunsAsWritten() throws {
        let readme = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## The `netting` command\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "\n```").first)
        var kept: [String] = [], continued = false
        for line in block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            defer { continued = line.hasSuffix("\\") }
            let command = line.components(separatedBy: "  #").first ?? line
            if continued || line.hasSuffix("\\") || command.contains(" | ") || command.contains("[") || command.contains("…")
                || line.hasPrefix("swift build") || line.hasPrefix("netting conform") || line.hasPrefix("netting vectors run") { continue }
            kept.append(line)
        }
        #expect(kept.count > 25, "\(kept)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("netting-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("scenarios"), withDestinationURL: CLITests.root.appendingPathComponent("scenarios"))
        try "input: ActionInitInitiator\npayment_identifier: 1\namount: \"30\"\nsecret: \"0x\(String(repeating: "01", count: 32))\"\n"
            .write(to: folder.appendingPathComponent("pay.yaml"), atomically: true, encoding: .utf8)
        let r = try Self.bash(kept.joined(separator: "\n"), in: folder)
        #expect(r.status == 0, "a README command failed:\n\(r.out.suffix(1500))\n\(r.err.suffix(1500))")
        // What the list promises along the way: Bob received Alice's LockedTransfer as sent, and
        // the message signed with Alice's key passed --expect-signer with her address.
        #expect(r.out.contains(#"{"type":"SendSecretRequest""#), "\(r.out.suffix(1500))")
        #expect(r.out.contains("LockedTransfer") && r.out.contains("0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"))
    }

    /// The walk-through's addresses are the scenario's: its keys are the scenario's keys.
    @Test func theWalkThroughUsesTheScenariosKeys() throws {
        let block = try Self.walkThrough()
        let scenario = try String(contentsOf: CLITests.root.appendingPathComponent("scenarios/by-hand.yaml"), encoding: .utf8)
        for key in ["0x" + String(repeating: "11", count: 32), "0x" + String(repeating: "22", count: 32)] {
            #expect(block.contains(key) && scenario.contains(key))
        }
    }
}
