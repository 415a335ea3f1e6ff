import Foundation
import Testing

/// Every command's errors, through the built binary: one line naming where and why with a code
/// that `netting explain` knows, or, with --json, one `{"error": {…}}` object on standard output.
@Suite struct ErrorShapeTests {
    struct Result { let status: Int32; let out: String; let err: String }

    static let scratch: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netting-errors-\(getpid())")
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
        try? "title: x\nparties: {}\nsteps:\n  - settle: {by: a}\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try? "afile\n".write(to: dir.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
        return dir
    }()

    static func netting(_ args: [String], stdin: String = "", env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = args
        p.currentDirectoryURL = CLITests.root
        p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        (p.standardOutput, p.standardError, p.standardInput) = (out, err, input)
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    /// The codes `netting explain` knows, as `netting spec list codes --json` lists them.
    static let known: Set<String> = {
        guard let r = try? netting(["spec", "list", "codes", "--json"]),
            let object = try? JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any],
            let codes = object["codes"] as? [[String: Any]]
        else { return [] }
        return Set(codes.compactMap { $0["code"] as? String })
    }()

    static let key = "0x1111111111111111111111111111111111111111111111111111111111111111"
    static var tmp: String { scratch.path }

    /// A bad input for every command, and the code it must give.
    static let cases: [(args: [String], stdin: String, code: String)] = [
        (["crypto", "keccak", "zz"], "", "value.invalid_hex_character"),
        (["crypto", "address", "--key", "0x12"], "", "value.wrong_byte_length"),
        (["crypto", "address", "--key", "0x11…11"], "", "value.invalid_hex_character"),
        (["crypto", "sign", "--key", key, "0xzz"], "", "value.invalid_hex_character"),
        (["crypto", "recover", "--signature", "0x00", "0x00"], "", "value.wrong_byte_length"),
        (["message", "template", "Foo"], "", "message.unknown_type"),
        (["message", "sign", "--key", key], "{", "json.syntax"),
        (["message", "decode"], "", "input.empty"),
        (["message", "decode"], "\n  \n", "input.empty"),
        (["message", "decode", "nothere.json"], "", "input.not_found"),
        (["message", "decode", tmp], "", "input.is_directory"),
        (["message", "locksroot", "5:50"], "", "value.bad_lock"),
        (["message", "balance-hash", "--transferred=-1", "--locked", "0", "--locksroot", "0x00"], "", "value.negative"),
        (["run", "nothere.yaml"], "", "input.not_found"),
        (["run", tmp + "/bad.yaml"], "", "scenario.invalid"),
        (["run", "scenarios/story.yaml", "--out", tmp + "/afile"], "", "output.not_a_directory"),
        (["play", "nothere.yaml"], "", "input.not_found"),
        (["state", "init", "--key", "0x12", "--partner", "0x1563915e194D8CfBA1943570603F7606A3115508", tmp + "/s.json"], "", "value.wrong_byte_length"),
        (["spec", "check", "--root", tmp + "/empty"], "", "spec.missing"),
        (["spec", "list", "bogus"], "", "usage.invalid"),
        (["spec", "generate", "--root", tmp + "/empty"], "", "spec.missing"),
        (["spec", "render", "--root", tmp + "/empty"], "", "spec.missing"),
        (["vectors", "run", "--dir", tmp + "/empty"], "", "input.not_found"),
        (["conform", "--jobs", "0", "--impl", "true"], "", "input.invalid"),
        (["adapter", "--mutant", "nope"], "", "input.invalid"),
        (["explain", "nope.nope"], "", "explain.unknown_code"),
        (["completion", "tcsh"], "", "usage.invalid"),
        (["--bogus"], "", "usage.invalid"),
        (["crypto", "keccak", "--text", "a", "0x00"], "", "usage.invalid"),
        (["state", "init", "--key", key, "--partner", "0x1563915e194D8CfBA1943570603F7606A3115508", "--deposit", "-1", tmp + "/n.json"], "", "value.negative"),
        // The by-hand commands and the rest, so that every command is fed a bad input here.
        (["state", "show", "nothere.json"], "", "input.not_found"),
        (["step", "--state", "nothere.json", "--input", "-"], "{}", "input.not_found"),
        (["chain", "open", "--chain", tmp + "/c.json", "nothere.json", "nothere2.json"], "", "input.not_found"),
        (["chain", "deposit", "--chain", "nothere.json", "--state", "a.json", "--key", key, "--total", "1"], "", "input.not_found"),
        (["chain", "withdraw", "--chain", "nothere.json", "--state", "a.json", "--key", key, "--confirmation", "w.json"], "", "input.not_found"),
        (["chain", "close", "--chain", "nothere.json", "--state", "a.json", "--key", key], "", "input.not_found"),
        (["chain", "update", "--chain", "nothere.json", "--state", "a.json", "--key", key], "", "input.not_found"),
        (["chain", "settle", "--chain", "nothere.json", "a.json", "b.json"], "", "input.not_found"),
        (["chain", "unlock", "--chain", "nothere.json", "a.json", "b.json"], "", "input.not_found"),
        (["chain", "register-secret", "--chain", "nothere.json", "--secret", "0x12"], "", "input.not_found"),
        (["payout", "a.json"], "", "usage.two_states"),
        (["vectors", "generate", "--out", tmp + "/afile"], "", "output.not_a_directory"),
        (["vectors", "coverage", "--bogus"], "", "usage.invalid"),
    ]

    /// `--deposit -1` is read by ArgumentParser as an option: the error says so instead of only "Missing value".
    @Test func aNegativeNumberIsNamed() throws {
        let r = try Self.netting(["state", "init", "--key", Self.key, "--partner", "0x1563915e194D8CfBA1943570603F7606A3115508", "--deposit", "-1", Self.tmp + "/n.json"])
        #expect(r.err == "--deposit: is -1: amounts are never negative [value.negative]\n", "\(r.err)")
    }

    @Test func theTableIsThere() {
        #expect(Self.known.count > 200)
        #expect(Self.known.contains("LockedTransfer.nonce_mismatch"))
    }

    @Test(arguments: cases.indices)
    func aBadInputIsOneLineWithACodeExplainKnows(_ i: Int) throws {
        let c = Self.cases[i]
        let r = try Self.netting(c.args, stdin: c.stdin)
        let lines = r.err.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // 64 for a wrong command line (every usage.… code, README), 1 for a bad input.
        #expect(r.status == (c.code.hasPrefix("usage.") ? 64 : 1), "\(c.args): exit status \(r.status)")
        #expect(lines.count == 1, "\(c.args): one line on stderr, got \(r.err)")
        #expect(r.err.hasSuffix(" [\(c.code)]\n"), "\(c.args): ends with [\(c.code)], got \(r.err)")
        #expect(Self.known.contains(c.code), "netting explain knows \(c.code)")
        #expect(!r.err.contains("Error Domain") && !r.err.contains("Fatal") && !r.err.contains(": :"), "\(r.err)")
    }

    /// With --json the same error is one object on standard output, every key present, and nothing on standard error.
    @Test(arguments: cases.indices)
    func withJSONTheErrorIsOneObject(_ i: Int) throws {
        let c = Self.cases[i]
        let r = try Self.netting(c.args + ["--json"], stdin: c.stdin)
        #expect(r.status != 0)
        #expect(r.err.isEmpty, "\(c.args): nothing on stderr, got \(r.err)")
        let last = r.out.split(separator: "\n").last.map(String.init) ?? ""
        let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        #expect(Set(error?.keys.map { $0 } ?? []) == ["code", "file", "line", "column", "path", "reason"], "\(c.args): \(last)")
        // Every command takes --json, adapter and completion included: the error keeps its own code.
        #expect(error?["code"] as? String == c.code, "\(c.args): \(last)")
        // An empty key path is null, as every other unknown part, never "".
        #expect(error?["path"] as? String != "", "\(c.args): path is null or names something: \(last)")
    }

    /// `--version --json`, `completion --json`, `spec render --json` to standard output and `adapter --list-mutants --json` print JSON, as every other command does.
    @Test func versionCompletionAndAdapterTakeJSON() throws {
        let version = try Self.netting(["--version", "--json"])
        let v = try JSONSerialization.jsonObject(with: Data(version.out.utf8)) as? [String: String]
        let text = try Self.netting(["--version"]).out
        #expect(v.map { text == "netting \($0["version"] ?? "") (spec sha256 \($0["spec_sha256"] ?? ""))\n" } == true, "\(version.out) vs \(text)")
        let completion = try Self.netting(["completion", "bash", "--json"])
        let c = try JSONSerialization.jsonObject(with: Data(completion.out.utf8)) as? [String: String]
        let script = try Self.netting(["completion", "bash"]).out
        #expect(c?["shell"] == "bash" && c?["script"] == script && script.count > 100)
        // spec render's two ways to standard output are JSON too, the text in one string.
        let markdown = try Self.netting(["spec", "render", "--output", "-"]).out
        let rendered = try JSONSerialization.jsonObject(with: Data(try Self.netting(["spec", "render", "--output", "-", "--json"]).out.utf8)) as? [String: String]
        #expect(rendered == ["markdown": markdown] && markdown.count > 10_000)
        let diagram = try Self.netting(["spec", "render", "--diagram"]).out
        let d = try JSONSerialization.jsonObject(with: Data(try Self.netting(["spec", "render", "--diagram", "--json"]).out.utf8)) as? [String: String]
        #expect(d == ["diagram": diagram] && diagram.hasPrefix("stateDiagram-v2\n"))
        let mutants = try Self.netting(["adapter", "--list-mutants", "--json"]).out.split(separator: "\n")
        #expect(mutants.count > 20)
        #expect(mutants.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])?["mutant"] != nil })
    }

    /// Every code in the table is explained, in words and as JSON.
    @Test func explainKnowsAGuardAChainRevertAndAnErrorCode() throws {
        let guardCode = try Self.netting(["explain", "LockedTransfer.nonce_mismatch"])
        #expect(guardCode.status == 0)
        #expect(guardCode.out.contains("guard") && guardCode.out.contains("spec/channel.yaml"))
        let revert = try Self.netting(["explain", "chain.settle_too_early", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(revert.out.utf8)) as? [String: Any]
        #expect(object?["kind"] as? String == "revert")
        #expect((object?["details"] as? [String])?.contains("the contract reverts with \"TN/settle: settlement timeout\"") == true)
    }

    /// A scenario file's errors name the file, line, column and key path (never an empty path or a doubled file name).
    @Test func scenarioErrorsNameFileLineColumnAndPath() throws {
        let dir = Self.scratch
        func run(_ name: String, _ text: String) throws -> String {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            return try Self.netting(["run", dir.appendingPathComponent(name).path]).err
        }
        let f = dir.path
        #expect(try run("e7.yaml", "") == "\(f)/e7.yaml:1: is empty: expected a YAML mapping [scenario.invalid]\n")
        #expect(try run("e19.yaml", "- a\n") == "\(f)/e19.yaml:1:1: must be a mapping [scenario.invalid]\n")
        let parties = "title: x\nparties:\n  a: {key: \"\(Self.key)\", deposit: \"1\"}\n  b: {key: \"0x2222222222222222222222222222222222222222222222222222222222222222\", deposit: \"1\"}\nsteps:\n"
        #expect(try run("settle.yaml", parties + "  - settle: {by: a}\n").hasPrefix("\(f)/settle.yaml:6:18: steps[0].settle.by: is not a known key here"))
        #expect(try run("unlock.yaml", parties + "  - unlock: {party: a}\n").contains("steps[0].unlock.party: is not a known key here"))
        #expect(try run("drop.yaml", parties + "  - drop: {message: LockedTransfr}\n").contains("steps[0].drop.message: `LockedTransfr` is not a message type"))
        #expect(try run("delay.yaml", parties + "  - delay: {message: Procesed, blocks: \"1\"}\n").contains("steps[0].delay.message: `Procesed` is not a message type"))
        #expect(try run("secret.yaml", parties + "  - pay: {from: a, to: b, amount: \"1\", complete: false}\n  - register_secret: {by: a, payment: \"2\"}\n").contains("steps[1].register_secret.payment: names no payment made by an earlier `pay` step (payments: 1)"))
        #expect(try run("rejected.yaml", parties + "  - mine: {blocks: \"1\"}\n    expect: {rejected: Foo.bar}\n").contains("steps[0].expect.rejected: `Foo.bar` is not a rejection code"))
        let duplicate = try run("dup.yaml", "title: a\ntitle: b\nparties: {}\n")
        #expect(duplicate.contains("has a key twice in one mapping: `title`") && !duplicate.contains("parties"), "no echo of the file: \(duplicate)")
        // The position is the second `title`, the one to remove (Yams marks the first).
        #expect(duplicate == "\(f)/dup.yaml:2:1: has a key twice in one mapping: `title` (first at line 1) [scenario.invalid]\n", "\(duplicate)")
        let nested = try run("dup2.yaml", parties + "  - pay: {from: a, to: b, amount: \"1\"}\n  - mine:\n      blocks: \"1\"\n\n      # again\n      blocks: \"2\"\n")
        #expect(nested.hasPrefix("\(f)/dup2.yaml:11:7: has a key twice in one mapping: `blocks` (first at line 8)"), "\(nested)")
        let syntax = try run("syntax.yaml", "title: [a\nb: c\n")
        #expect(syntax.split(separator: "\n").count == 1 && syntax.contains("syntax.yaml:2:") && syntax.contains("is not valid YAML"), "\(syntax)")
    }

    /// The help of every command fits 80 columns without ArgumentParser re-wrapping a line, so no
    /// example is split mid-command (`state` and `step` are rewritten on another branch).
    @Test func helpLinesFitEightyColumns() throws {
        var commands: [[String]] = [[]], seen = 0, wide: [String] = [], gaps: [String] = []
        while seen < commands.count {
            let path = commands[seen]
            seen += 1
            let help = try Self.netting(path + ["--help"], env: ["COLUMNS": "1000"]).out
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            var inSubcommands = false
            for line in lines {
                if line.hasPrefix("SUBCOMMANDS:") { inSubcommands = true; continue }
                if inSubcommands {
                    if line.isEmpty { inSubcommands = false; continue }
                    if line.hasPrefix("  ") && !line.hasPrefix("   "), let name = line.split(separator: " ").first, name != "help", name != "See" {
                        commands.append(path + [String(name)])
                    }
                }
            }
            let usage = lines.firstIndex { $0.hasPrefix("USAGE:") } ?? lines.endIndex
            for line in lines[1..<usage] where line.count > 80 { wide.append("netting \(path.joined(separator: " ")): \(line)") }
            // An option's help is one paragraph: a run of spaces inside it is a multi-line
            // literal's indentation leaking in (`run --help` printed "then one         object").
            var inOptions = false
            for line in lines[usage...] {
                if line.hasPrefix("OPTIONS:") || line.hasPrefix("ARGUMENTS:") { inOptions = true; continue }
                if line.hasPrefix("SUBCOMMANDS:") { inOptions = false }
                guard inOptions else { continue }
                // `  --chain <chain>         The chain file.`: the label ends at its first double space.
                var text = Substring(line.drop { $0 == " " })
                if let end = text.range(of: "  ") { text = text[end.upperBound...].drop { $0 == " " } }
                if text.contains("   ") { gaps.append("netting \(path.joined(separator: " ")): \(line)") }
            }
        }
        #expect(commands.count > 25, "every command is visited")
        #expect(wide.isEmpty, "help lines wider than 80 columns: \(wide.joined(separator: "\n"))")
        #expect(gaps.isEmpty, "option help with a run of spaces inside: \(gaps.joined(separator: "\n"))")
    }
}
