import Foundation
import NettingSpec

/// The spec a command reads: spec/*.yaml under `--root` when given, else under the current folder
/// when spec/ is there, else the copy built into netting (Sources/NettingSpec/Generated/EmbeddedSpec.swift),
/// so that `spec check | render | list`, `explain` and `--version` work wherever netting runs.
struct SpecSource {
    let specs: GeneratedFiles.Specs
    /// `spec/ under <root>` or `built into netting`.
    let origin: String

    static func load(root: String?) throws -> SpecSource {
        let folder = root ?? "."
        let onDisk = root != nil || FileManager.default.fileExists(atPath: URL(fileURLWithPath: folder).appendingPathComponent("spec/channel.yaml").path)
        guard onDisk else { return try builtIn() }
        var texts: [String] = []
        for path in GeneratedFiles.specPaths {
            let file = URL(fileURLWithPath: folder).appendingPathComponent(path).path
            do { texts.append(try Files.text(file)) } catch let error as CLIError {
                throw CLIError(file: file, path: "--root", code: "spec.missing", reason: "\(error.reason) (\(path) under \(folder))")
            }
        }
        return SpecSource(specs: try parse(texts, root: folder), origin: "spec/ under \(folder)")
    }

    static func builtIn() throws -> SpecSource {
        let texts = GeneratedFiles.specPaths.map { EmbeddedSpec.text($0) ?? "" }
        return SpecSource(specs: try parse(texts, root: nil), origin: "built into netting")
    }

    static func parse(_ t: [String], root: String?) throws -> GeneratedFiles.Specs {
        do {
            return try GeneratedFiles.Specs.load(messagesText: t[0], channelText: t[1], vectorsText: t[2], errorsText: t[3], chainText: t[4])
        } catch {
            let file = error.file.map { f in root.map { $0 == "." ? f : URL(fileURLWithPath: $0).appendingPathComponent(f).path } ?? f }
            throw CLIError(file: file, line: error.line, column: error.column, path: error.path, code: "spec.invalid", reason: error.reason)
        }
    }

    /// The one table of error codes, from the built-in spec (what this binary produces).
    static func errorTable() throws -> [ErrorTable.Entry] { try builtIn().specs.errorTable }
}
