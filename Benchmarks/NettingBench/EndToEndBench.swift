// End to end: the release `netting` binary, spawned as a user runs it, next to its crypto floor
// (the raw libsecp256k1 calls it cannot avoid) timed in the same run.
import Foundation
import NettingCodec
import NettingCrypto

enum EndToEndBench {
    static let lockedTransfers = 5_000
    static let payments = 2_000

    /// The release `netting` next to this benchmark (`swift build -c release --product netting`).
    static var netting: URL? {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let url = here.appendingPathComponent("netting")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// Runs `netting arguments…` with its standard output into `output`; returns the CPU time
    /// (user + system, all its threads, start-up included) it used, in ns. CPU time rather than
    /// wall time: the machine is shared, and another build's load stretches wall time by up to 2 ×.
    static func spawn(_ netting: URL, _ arguments: [String], output: URL) -> Double {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = netting
        process.arguments = arguments
        process.standardOutput = try! FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        let before = childrenCPU()
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "netting \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return childrenCPU() - before
    }

    /// CPU time of the waited-for children so far, in ns.
    static func childrenCPU() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return (Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e9) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e3
    }

    /// The CPU time this thread spends in `body`, in ns: the baseline, measured like the child.
    static func threadCPU(_ body: () -> UInt64) -> Double { nanoseconds(1, body) }

    static func lines(_ url: URL) -> Int {
        (try! Data(contentsOf: url)).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// `netting message decode --json` of 5,000 LockedTransfers, each signed as Raiden signs
    /// (EIP-191 over the packed balance proof, RFC 6979 nonces) by one of three keys, next to raw
    /// libsecp256k1 recovery of the same 5,000 signatures and digests.
    static func decode(_ netting: URL, in dir: URL, rounds: Int) -> Measured {
        let secrets = (1...3).map { Array(repeating: UInt8($0) &* 0x11, count: 32) }
        let keys = secrets.map { try! PrivateKey($0) }
        var file: [UInt8] = []
        var raws: [Raw] = []
        let template = Templates.example("LockedTransfer")!.wire
        guard case .lockedTransfer(let example) = template.message else { fatalError("the LockedTransfer template is no LockedTransfer") }
        for k in 0..<UInt64(lockedTransfers) {
            var lt = example
            lt.messageIdentifier = 1_000 + k
            lt.paymentIdentifier = 1 + k
            lt.nonce = 1 + k
            lt.transferredAmount = UInt256(k)
            let key = keys[Int(k % 3)]
            let signed = lt.signed(with: key)
            file += signed.wireJSON
            file.append(UInt8(ascii: "\n"))
            raws.append(Raw(digest: signed.signedDigest(), key: secrets[Int(k % 3)], signature: signed.signature))
        }
        let input = dir.appendingPathComponent("locked-transfers.jsonl")
        let output = dir.appendingPathComponent("decoded.jsonl")
        try! Data(file).write(to: input)
        _ = spawn(netting, ["message", "decode", "--json", input.path], output: output)  // warm up (page cache)
        precondition(lines(output) == lockedTransfers, "netting message decode --json printed \(lines(output)) lines")
        var ours: [Double] = [], base: [Double] = []
        for _ in 0..<rounds {
            ours.append(spawn(netting, ["message", "decode", "--json", input.path], output: output))
            base.append(threadCPU { raws.reduce(0) { $0 &+ $1.recover() } })
        }
        return Measured(
            name: "message decode --json, 5,000 LockedTransfers", baselineName: "5,000 raw libsecp256k1 recovers",
            oursNs: median(ours), baselineNs: median(base))
    }

    /// `netting run --json` of 2,000 payments alternating between Alice and Bob, next to their
    /// crypto floor: per payment the 7 messages (LockedTransfer, Processed, SecretRequest,
    /// RevealSecret both ways, Unlock, Processed) each signed once and recovered once — 14,000
    /// raw libsecp256k1 signatures and 14,000 recoveries, of distinct digests.
    static func run(_ netting: URL, in dir: URL, rounds: Int) -> Measured {
        var yaml = """
            title: 2,000 alternating payments
            parties:
              alice: {key: "0x1111111111111111111111111111111111111111111111111111111111111111", deposit: "1000000"}
              bob: {key: "0x2222222222222222222222222222222222222222222222222222222222222222", deposit: "1000000"}
            steps:

            """
        for k in 0..<payments {
            yaml += k % 2 == 0 ? "  - pay: {from: alice, to: bob, amount: \"3\"}\n" : "  - pay: {from: bob, to: alice, amount: \"2\"}\n"
        }
        let scenario = dir.appendingPathComponent("payments.yaml")
        let output = dir.appendingPathComponent("run.jsonl")
        try! yaml.write(to: scenario, atomically: true, encoding: .utf8)
        _ = spawn(netting, ["run", "--json", scenario.path], output: output)
        precondition(lines(output) == payments, "netting run --json printed \(lines(output)) lines")
        let secret = [UInt8](repeating: 0x11, count: 32)
        let key = try! PrivateKey(secret)
        let floor = (0..<UInt64(7 * payments)).map { k in
            let digest = Keccak256.hash(Array("payment message \(k)".utf8))
            return Raw(digest: digest, key: secret, signature: key.sign(digest: digest))
        }
        var ours: [Double] = [], base: [Double] = []
        for _ in 0..<rounds {
            ours.append(spawn(netting, ["run", "--json", scenario.path], output: output))
            base.append(threadCPU { floor.reduce(0) { $0 &+ $1.sign() &+ $1.recover() } })
        }
        return Measured(
            name: "run --json, 2,000 payments", baselineName: "14,000 raw signs + 14,000 recovers",
            oursNs: median(ours), baselineNs: median(base))
    }

    static func report(rounds: Int) {
        guard let netting else {
            print("\nEnd to end: skipped — no release netting next to this benchmark (swift build -c release --product netting)")
            return
        }
        // BENCH_FILES=dir keeps the inputs (locked-transfers.jsonl, payments.yaml) there, for profiling.
        let kept = ProcessInfo.processInfo.environment["BENCH_FILES"]
        let dir = kept.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory.appendingPathComponent("netting-bench-\(getpid())")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(at: dir) } }
        let decodeRow = decode(netting, in: dir, rounds: rounds)
        let runRow = run(netting, in: dir, rounds: rounds)
        print("\nEnd to end: CPU time of the release netting binary, spawned (start-up included), vs its crypto floor in this thread")
        let width = 46
        for (row, limit) in [(decodeRow, 1.15), (runRow, 1.20)] {
            print(pad(row.name, width) + lpad(format(row.oursNs), 12) + "  " + pad(row.baselineName, 36) + lpad(format(row.baselineNs), 12)
                + "  " + lpad(String(format: "%.3f", row.ratio), 7) + "  target ≤ \(String(format: "%.2f", limit))  " + (row.ratio <= limit ? "ok" : "OVER"))
        }
    }
}
