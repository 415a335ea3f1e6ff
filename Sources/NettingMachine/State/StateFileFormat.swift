import NettingCodec

/// The bytes of a saved state (`netting state init`, `netting step`): `{"format":
/// "nettingkit.state/2", "state": {…}}`, the state in the canonical JSON form (spec/channel.yaml
/// `canonical`), pretty-printed with a final newline. Reading it is strict: every key known,
/// the format this version writes. Files, locks and durability are the CLI's (StateFile).
public enum StateFileFormat {
    public static let format = "nettingkit.state/2"

    /// The envelope, then the state.
    public static func decode(_ bytes: [UInt8]) throws(CanonicalError) -> ChannelState {
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

    /// The file's text.
    public static func encode(_ state: ChannelState) -> [UInt8] {
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
}
