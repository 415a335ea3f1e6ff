import NettingCodec

/// One case of the corpus: its stable id, a comment for people, its result, the flags of a
/// non-valid case, and its own members (in the canonical JSON form), which depend on the suite.
public struct VectorCase: Sendable {
    public let id: String
    public let comment: String
    public let result: VectorResult
    public let flags: [VectorFlag]
    /// The case's members after the common ones, each as compact canonical JSON.
    public let members: [(key: String, json: [UInt8])]

    public init(id: String, comment: String, result: VectorResult, flags: [VectorFlag], members: [(key: String, json: [UInt8])]) {
        (self.id, self.comment, self.result, self.flags, self.members) = (id, comment, result, flags, members)
    }

    /// The common members every case has, in the order they are written.
    public static let commonKeys = ["id", "comment", "result", "flags"]
}

/// One file of the corpus: `{"format", "suite", "name", "description", "cases"}`.
public struct VectorFile: Sendable {
    public static let format = "nettingkit.vectors/1"

    public let suite: String
    public let name: String
    public let description: String
    public let cases: [VectorCase]

    public init(suite: String, name: String, description: String, cases: [VectorCase]) {
        (self.suite, self.name, self.description, self.cases) = (suite, name, description, cases)
    }

    /// Where the file lives under vectors/.
    public var path: String { "\(suite)/\(name).json" }

    /// The file's bytes: pretty-printed JSON with a final newline; the same cases give the same bytes.
    public var bytes: [UInt8] {
        var w = JSONWriter(capacity: 1 << 16)
        w.beginObject()
        w.key("format"); w.string(Self.format)
        w.key("suite"); w.string(suite)
        w.key("name"); w.string(name)
        w.key("description"); w.string(description)
        w.key("cases")
        w.beginArray()
        for c in cases {
            w.beginObject()
            w.key("id"); w.string(c.id)
            w.key("comment"); w.string(c.comment)
            w.key("result"); w.string(c.result.rawValue)
            w.key("flags")
            w.beginArray()
            for f in c.flags { w.string(f.rawValue) }
            w.endArray()
            for m in c.members {
                w.key(m.key)
                w.raw(m.json)
            }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        // Our own compact JSON always parses; were it ever not to, the compact form is still the file.
        guard let value = try? JSONParser.parse(w.bytes, maxDepth: 128) else { return w.bytes + [0x0A] }
        return Array((value.pretty() + "\n").utf8)
    }
}

/// A case id: the suite, the file and a name, joined by dots; a name is lowercase letters,
/// digits and underscores, so an id never depends on a case's position.
public func vectorID(_ parts: String...) -> String {
    parts.map { part in
        String(part.map { c -> Character in c.isLetter || c.isNumber || c == "_" || c == "." ? c : "_" })
    }.joined(separator: ".")
}
