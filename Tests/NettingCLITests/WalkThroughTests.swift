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
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
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

    /// The walk-through's addresses are the scenario's: its keys are the scenario's keys.
    @Test func theWalkThroughUsesTheScenariosKeys() throws {
        let block = try Self.walkThrough()
        let scenario = try String(contentsOf: CLITests.root.appendingPathComponent("scenarios/by-hand.yaml"), encoding: .utf8)
        for key in ["0x" + String(repeating: "11", count: 32), "0x" + String(repeating: "22", count: 32)] {
            #expect(block.contains(key) && scenario.contains(key))
        }
    }
}
