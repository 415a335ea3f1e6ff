import ArgumentParser
import Foundation
import NettingCodec
import NettingVectors

/// scenarios/*.yaml (name without .yaml, text), sorted by name: the traces suite runs them.
func shippedScenarios(root: String = ".") throws -> [(name: String, yaml: String)] {
    let dir = URL(fileURLWithPath: root).appendingPathComponent("scenarios")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
        throw CLIError(field: "scenarios", code: "input.unreadable", reason: "cannot list \(dir.path): run netting vectors from the repository root")
    }
    return try names.filter { $0.hasSuffix(".yaml") }.sorted().map { file in
        guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else {
            throw CLIError(field: "scenarios/\(file)", code: "input.unreadable", reason: "cannot read it")
        }
        return (name: String(file.dropLast(5)), yaml: text)
    }
}

struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "The vector corpus (vectors/): generate it, check it is current, run it against NettingKit's machine.",
        discussion: """
            Every case is valid, invalid or acceptable, with flags naming a non-valid
            case's class (spec/vectors.yaml); vectors/manifest.json lists every file's
            SHA-256 and case ids.
            Examples:
              netting vectors generate              # rewrite vectors/ from the spec
              netting vectors generate --check      # exit 1 if vectors/ would change
              netting vectors generate --out out/v  # write the corpus elsewhere
              netting vectors run                   # every case against our machine
              netting vectors coverage              # cases per transition, guard, flag
            """,
        subcommands: [Generate.self, Run.self, CoverageCommand.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the whole corpus (byte-identical every time), or check that it is current.")
        @Option(help: "The folder to write (vectors/ under the current folder by default).") var out: String = "vectors"
        @Flag(help: "Do not write; exit 1 if a file would change, appear or disappear.") var check = false
        @Flag(help: "Print {\"out\", \"status\" (current, unchanged, written or stale), \"files\", \"changed\": [paths]}.") var json = false

        func run() throws {
            let started = Date()
            let files: [(path: String, bytes: [UInt8])]
            do { files = try Corpus.generate(scenarios: try shippedScenarios()) } catch let error as CLIError { throw error } catch {
                throw CLIError(field: "vectors", code: "vectors.curated_case_broken", reason: "\(error)")
            }
            // --out names a folder: a file there is said to be one, not "cannot be written".
            if !check { try Files.makeDirectory(out, role: "--out") }
            let root = URL(fileURLWithPath: out)
            var stale: [String] = []
            for f in files {
                let url = root.appendingPathComponent(f.path)
                let current = FileManager.default.contents(atPath: url.path).map { [UInt8]($0) }
                if current == f.bytes { continue }
                stale.append(f.path)
                if !check {
                    try Files.makeDirectory(url.deletingLastPathComponent().path, role: "--out")
                    try Files.write(f.bytes, to: url.path)
                }
            }
            let wanted = Set(files.map(\.path))
            let present = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".json") }
            for extra in present where !wanted.contains(extra) {
                stale.append(extra)
                if !check {
                    do { try FileManager.default.removeItem(at: root.appendingPathComponent(extra)) } catch {
                        throw CLIError(file: root.appendingPathComponent(extra).path, code: "output.unwritable", reason: "cannot remove this stale file: \(Files.reason(of: error))")
                    }
                }
            }
            let cases = files.count - 1
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            if json {
                var w = JSONWriter(capacity: 1024)
                w.beginObject()
                w.field("out", out)
                w.field("status", stale.isEmpty ? (check ? "current" : "unchanged") : (check ? "stale" : "written"))
                w.field("files", UInt64(cases))
                w.key("changed"); w.beginArray(); for p in stale { w.string(p) }; w.endArray()
                w.endObject()
                print(String(decoding: w.bytes, as: UTF8.self))
            }
            if check {
                guard stale.isEmpty else {
                    throw CLIError(field: out, code: "vectors.stale", reason: "\(stale.count) files differ (\(stale.prefix(5).joined(separator: ", "))): run `netting vectors generate` and commit")
                }
                if !json { print("\(out): current — \(cases) files and the manifest, generated in \(seconds) s") }
            } else if !json {
                print("\(out): \(stale.isEmpty ? "unchanged" : "\(stale.count) files written or removed") — \(cases) files and the manifest, generated in \(seconds) s")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every case of the corpus against NettingKit's own machine and report each failure.")
        @Option(help: "The corpus folder.") var dir: String = "vectors"
        @Flag(help: "Print {\"passed\", \"failed\", \"skipped\", \"not_run\", \"failures\": [{\"case\", \"code\", \"path\", \"expected\", \"got\"}]}, counts as decimal strings.")
        var json = false

        func run() throws {
            let root = URL(fileURLWithPath: dir)
            _ = try Files.read(root.appendingPathComponent("manifest.json").path)  // no corpus there: one error, not a failed run
            let machine = NettingKitImplementation()
            let report = VectorRunner.run(read: { path in
                guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                    throw CLIError(field: path, code: "input.unreadable", reason: "cannot read \(root.appendingPathComponent(path).path)")
                }
                return [UInt8](data)
            }, implementation: machine)
            if json {
                var w = JSONWriter(capacity: 4096)
                w.beginObject()
                w.field("passed", UInt64(report.passed.count))
                w.field("failed", UInt64(report.failures.count))
                w.field("skipped", UInt64(report.skipped.count))
                w.field("not_run", UInt64(report.notRun.count))
                w.key("failures")
                w.beginArray()
                for f in report.failures {
                    w.beginObject(); w.field("case", f.caseID)
                    w.key("code"); if let c = f.clause { w.string(c) } else { w.null() }
                    w.field("path", f.path); w.field("expected", f.expected); w.field("got", f.got); w.endObject()
                }
                w.endArray()
                w.endObject()
                print(String(decoding: w.bytes, as: UTF8.self))
                if !report.allPassed { throw ExitCode(1) }
                return
            }
            for f in report.failures { print("FAIL \(f)") }
            print("\(report.passed.count) passed, \(report.failures.count) failed, \(report.skipped.count) skipped" + (report.notRun.isEmpty ? "" : ", \(report.notRun.count) not run"))
            if !report.allPassed { throw ExitCode(1) }
        }
    }

    struct CoverageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coverage",
            abstract: "How many valid, invalid and acceptable cases exercise each item the spec names; gaps fail generation.",
            discussion: """
                Items: transition:<name> (accepted; "(rejected)" when refused), guard:<code>,
                output:<kind>, flag:<name>, <suite>:<code> for the other suites' codes
                (decode errors, leniencies, reverts, …) and file:<suite>/<name> (each
                message type of codec, each transition, …). With --json, one object:
                {"items": {"<item>": {"valid", "invalid", "acceptable"}}, "gaps": [...]},
                numbers as decimal strings.
                """)
        @Flag(help: "Print one JSON object instead of a table.") var json = false

        func run() throws {
            let files: [VectorFile]
            do { files = try Corpus.files(scenarios: try shippedScenarios()) } catch let error as CLIError { throw error } catch {
                throw CLIError(field: "vectors", code: "vectors.curated_case_broken", reason: "\(error)")
            }
            let coverage = Coverage(files)
            let items = coverage.items.sorted { $0.key < $1.key }
            if json {
                let body = items.map { "\(jsonString($0.key)):{\"valid\":\"\($0.value.valid)\",\"invalid\":\"\($0.value.invalid)\",\"acceptable\":\"\($0.value.acceptable)\"}" }
                print("{\"items\":{\(body.joined(separator: ","))},\"gaps\":[\(coverage.gaps.map(jsonString).joined(separator: ","))]}")
                return
            }
            let width = items.map(\.key.count).max() ?? 10
            print("item".padding(toLength: width, withPad: " ", startingAt: 0) + "  valid  invalid  acceptable")
            for (item, c) in items {
                print(item.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(c.valid).leftPadded(5) + "  " + String(c.invalid).leftPadded(7) + "  " + String(c.acceptable).leftPadded(10))
            }
            print(coverage.gaps.isEmpty ? "no gaps: every guard, transition, output and flag has its cases" : "GAPS:\n" + coverage.gaps.joined(separator: "\n"))
            if !coverage.gaps.isEmpty { throw ExitCode(1) }
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
