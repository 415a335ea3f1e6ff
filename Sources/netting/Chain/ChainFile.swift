import NettingCodec
import NettingScenario

/// The chain side of a channel driven by hand: `{"format": "nettingkit.chain/1", "block": "…",
/// "token_network": {…}}`, the contract's storage in the canonical form
/// (`TokenNetwork.write(canonical:)`), pretty-printed, written atomically. Declared in
/// spec/chain.yaml `chain_file` (schema: spec/schemas/chain-file.schema.json).
enum ChainFile {
    static let format = ChainFormat.chainFileFormat

    struct Contents {
        var block: UInt64
        var chain: TokenNetwork
    }

    static func read(_ path: String, field: String = "--chain") throws -> Contents {
        let bytes = try Files.read(path, role: field)
        do throws(CanonicalError) {
            return try decode(bytes)
        } catch {
            throw CLIError(field: error.path.isEmpty ? path : "\(path): \(error.path)", code: error.code.rawValue, reason: error.reason)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(CanonicalError) -> Contents {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw CanonicalError(.syntax, path: "", error.description) }
        var o = try CanonicalObject(value, path: "", kind: "chain file {\"format\": \"\(format)\", \"block\": …, \"token_network\": …}")
        let f: String = try o.field("format")
        guard f == format else { throw CanonicalError(.badValue, path: "format", "is \(excerpt(f)); this netting reads \(format)") }
        let contents = Contents(block: try o.field("block"), chain: try TokenNetwork(canonical: try o.value("token_network"), path: "token_network"))
        try o.finish(allowed: ChainFormat.keys("ChainFile"))
        return contents
    }

    /// The file's text, pretty-printed with a final newline; or one compact line (`pretty: false`).
    static func encode(_ contents: Contents, pretty: Bool = true) -> [UInt8] {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        w.canonicalField("format", format)
        w.canonicalField("block", contents.block)
        w.key("token_network")
        contents.chain.write(canonical: &w)
        w.endObject()
        guard pretty else { return w.bytes }
        guard let value = try? JSONParser.parse(w.bytes) else { return w.bytes + [0x0A] }  // our own JSON: always parses
        return Array((value.pretty() + "\n").utf8)
    }

    static func write(_ contents: Contents, to path: String) throws {
        try Files.write(encode(contents), to: path)
    }
}
