import Foundation
import NettingCodec
import NettingMachine

/// A saved channel state: `{"format": "nettingkit.state/2", "state": {…}}`, the state in the
/// canonical JSON form (spec/channel.yaml `canonical`), pretty-printed, written atomically (a
/// complete temporary file, flushed to disk, then renamed over the old one), so a crash or kill
/// mid-write never leaves a corrupt or half-written file.
enum StateFile {
    static let format = "nettingkit.state/2"

    static func read(_ path: String) throws -> ChannelState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(field: "--state", code: "input.unreadable", reason: "cannot read \(path)")
        }
        do throws(CanonicalError) {
            return try decode(Array(data))
        } catch {
            throw CLIError(field: error.path.isEmpty ? path : "\(path): \(error.path)", code: error.code.rawValue, reason: error.reason)
        }
    }

    /// The envelope, then the state: every key known, the format this netting writes.
    static func decode(_ bytes: [UInt8]) throws(CanonicalError) -> ChannelState {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw CanonicalError(.syntax, path: "", error.description) }
        guard case .object(let envelope) = value else {
            throw CanonicalError(.wrongType, path: "", "a state file is an object {\"format\": \"\(format)\", \"state\": …}")
        }
        if let extra = envelope.members.first(where: { $0.key != "format" && $0.key != "state" }) {
            throw CanonicalError(.unknownKey, path: extra.key, "is not a key of a state file (allowed: format, state)")
        }
        guard case .string(let f)? = envelope["format"] else { throw CanonicalError(.missingKey, path: "format", "must be \"\(format)\"") }
        guard f == format else { throw CanonicalError(.badValue, path: "format", "is \(excerpt(f)); this netting reads \(format)") }
        guard let state = envelope["state"] else { throw CanonicalError(.missingKey, path: "state", "is required") }
        return try ChannelState(canonical: state, path: "state")
    }

    /// The file's text: the envelope and the state, pretty-printed, with a final newline.
    static func encode(_ state: ChannelState) -> [UInt8] {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        w.key("format")
        w.string(format)
        w.key("state")
        state.write(canonical: &w)
        w.endObject()
        guard let value = try? JSONParser.parse(w.bytes) else { return w.bytes + [0x0A] }  // our own JSON: always parses
        return Array((value.pretty() + "\n").utf8)
    }

    static func write(_ state: ChannelState, to path: String) throws {
        let data = Data(encode(state))
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
}
