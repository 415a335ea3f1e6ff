import NettingCodec
import NettingCrypto
import NettingMachine

/// The whole corpus, generated: every suite's files and `manifest.json`, which holds the corpus
/// version and changelog, the hashes of the spec files it follows, the results and flags with
/// their meaning, and every file's SHA-256 and case ids, so that a consumer can prove it ran
/// everything. The same spec and code give the same bytes.
public enum Corpus {
    public static let manifestFormat = "nettingkit.vectors-manifest/1"

    /// Each suite's generator, in the order the corpus lists them (spec/vectors.yaml suites).
    static let suites: [@Sendable () throws -> [VectorFile]] = [
        TransitionSuite.files,
        CodecSuite.files,
        SettlementSuite.files,
        CryptoSuite.files, LocksSuite.files,
    ]

    /// Every suite's files, in suite order, the traces of `scenarios` (name, YAML text) last.
    public static func files(scenarios: [(name: String, yaml: String)]) throws -> [VectorFile] {
        try suites.flatMap { try $0() } + TraceSuite.files(scenarios: scenarios)
    }

    /// Every file by its path under vectors/, the manifest last. `scenarios`: the shipped
    /// scenarios (scenarios/*.yaml: file name without .yaml, text), sorted by name.
    public static func generate(scenarios: [(name: String, yaml: String)]) throws -> [(path: String, bytes: [UInt8])] {
        let files = try files(scenarios: scenarios)
        let gaps = Coverage(files).gaps
        guard gaps.isEmpty else { throw SituationError("the corpus leaves spec items without a case: " + gaps.joined(separator: "; ")) }
        var out = files.map { (path: $0.path, bytes: $0.bytes) }
        out.append((path: "manifest.json", bytes: manifest(files, bytes: out.map(\.bytes))))
        return out
    }

    static func manifest(_ files: [VectorFile], bytes: [[UInt8]]) -> [UInt8] {
        var w = JSONWriter(capacity: 1 << 16)
        w.beginObject()
        w.key("format"); w.string(manifestFormat)
        w.key("version"); w.string(VectorsSpecTable.version)
        w.key("changelog")
        w.beginArray()
        for c in VectorsSpecTable.changelog {
            w.beginObject(); w.key("version"); w.string(c.version); w.key("text"); w.string(c.text); w.endObject()
        }
        w.endArray()
        w.key("spec_sha256")
        w.beginObject()
        w.key("spec/channel.yaml"); w.string(ChannelSpecTable.specSHA256)
        w.key("spec/messages.yaml"); w.string(MessagesSpecTable.specSHA256)
        w.key("spec/vectors.yaml"); w.string(VectorsSpecTable.specSHA256)
        w.endObject()
        w.key("results")
        w.beginObject()
        for r in VectorResult.allCases { w.key(r.rawValue); w.string(r.doc) }
        w.endObject()
        w.key("flags")
        w.beginObject()
        for f in VectorFlag.allCases { w.key(f.rawValue); w.string(f.doc) }
        w.endObject()
        w.key("files")
        w.beginArray()
        for (file, data) in zip(files, bytes) {
            w.beginObject()
            w.key("path"); w.string(file.path)
            w.key("suite"); w.string(file.suite)
            w.key("sha256"); w.string(String(SecretHash.sha256(data).hex.dropFirst(2)))
            w.key("cases")
            w.beginArray()
            for c in file.cases { w.string(c.id) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("case_count"); w.decimalString(String(files.reduce(0) { $0 + $1.cases.count }))
        w.endObject()
        guard let value = try? JSONParser.parse(w.bytes, maxDepth: 16) else { return w.bytes + [0x0A] }
        return Array((value.pretty() + "\n").utf8)
    }
}
