import Foundation
import NettingMachine

/// A saved channel state: `{"format": "nettingkit.state/1", "state": {…}}`, keys sorted,
/// written atomically (a complete temporary file, flushed to disk, then renamed over the
/// old one), so a crash or kill mid-write never leaves a corrupt or half-written file.
enum StateFile {
    static let format = "nettingkit.state/1"

    struct Envelope: Codable {
        var format: String
        var state: ChannelState
    }

    static func read(_ path: String) throws -> ChannelState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(field: "--state", code: "input.unreadable", reason: "cannot read \(path)")
        }
        let envelope: Envelope
        do { envelope = try JSONDecoder().decode(Envelope.self, from: data) } catch {
            throw CLIError(field: "--state", code: "state.invalid", reason: "\(path) is not a NettingKit state file: \(describe(error))")
        }
        guard envelope.format == format else {
            throw CLIError(field: "--state", code: "state.format", reason: "\(path) has format \(envelope.format); this netting reads \(format)")
        }
        return envelope.state
    }

    static func write(_ state: ChannelState, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(Envelope(format: format, state: state)) + Data("\n".utf8)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CLIError(field: "<state>", code: "output.unwritable", reason: "cannot create \(temporary.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw CLIError(field: "<state>", code: "output.unwritable", reason: "cannot replace \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing `\(key.stringValue)` at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        default:
            return "\(error)"
        }
    }

    static func path(_ c: DecodingError.Context) -> String {
        c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
}
