/// spec/messages.yaml as a value: wire types, nested structs, byte layouts, messages and the
/// decoding codes. `load` checks the file against its schema and every cross-reference.
public struct MessagesSpec: Equatable, Sendable {
    public static let schemaName = "nettingkit.messages/1"

    public struct WireType: Equatable, Sendable {
        public let name, json, doc: String
        public let bytes: String
    }

    public struct Field: Equatable, Sendable {
        public let name, type: String
        public let min, strictMin: Int?
        /// What Raiden fills in for a missing key (`false`, `true`, `0`, `null`, `empty`).
        public let defaultValue: String?
        public let doc: String?
    }

    public struct Struct: Equatable, Sendable {
        public let name, doc: String
        public let fields: [Field]
        /// Layouts packed from this struct's own fields (e.g. BalanceProof → balance_proof).
        public let layouts: [String]
    }

    public enum Item: Equatable, Sendable {
        case field(path: String, as: String?)
        case const(value: Int, as: String)
        case pad(Int)
        case computed(String)
        case layout(String)
    }

    public struct Layout: Equatable, Sendable {
        public let name: String
        public let size: Int?
        public let doc: String?
        public let items: [Item]
    }

    public struct SignatureSpec: Equatable, Sendable {
        public let field: String
        public let signer: String  // "sender" or "partner"
        public let layout: Layout
    }

    public struct Message: Equatable, Sendable {
        public let name: String
        public let cmdid: Int?
        public let doc: String
        public let hasBalanceProof: Bool
        public let fields: [Field]
        public let additionalHash: Layout?
        public let signatures: [SignatureSpec]
    }

    public struct Code: Equatable, Sendable {
        public let code, doc: String
    }

    public let types: [WireType]
    public let structs: [Struct]
    public let layouts: [Layout]
    public let computed: [(name: String, doc: String)]
    public let messages: [Message]
    public let policies: [(name: String, doc: String)]
    public let errors: [Code]
    public let leniencies: [Code]
    public let deviations: [String]

    public static func == (a: MessagesSpec, b: MessagesSpec) -> Bool {
        a.types == b.types && a.structs == b.structs && a.layouts == b.layouts && a.messages == b.messages
            && a.errors == b.errors && a.leniencies == b.leniencies && a.deviations == b.deviations
            && a.computed.map(\.name) == b.computed.map(\.name) && a.policies.map(\.name) == b.policies.map(\.name)
    }

    public static let scalarTypes: Set<String> = ["u64", "u256", "address", "bytes32", "signature", "bool", "timestamp", "metadata", "imbalance_penalty"]

    /// Packed width of a scalar type, nil when variable.
    public static func width(of type: String) -> Int? {
        switch type {
        case "u8", "bool": 1
        case "u64": 8
        case "u256", "bytes32", "metadata": 32
        case "address": 20
        case "signature": 65
        default: nil
        }
    }
}

extension MessagesSpec {
    /// Parses and validates spec/messages.yaml.
    public static func load(yaml text: String, file: String = "spec/messages.yaml") throws(SpecError) -> MessagesSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.record(required: ["schema", "types", "structs", "layouts", "computed", "messages", "decoding"])
        guard try top.string("schema") == schemaName else {
            throw top["schema"]!.fail("must be \(schemaName)")
        }
        var types: [WireType] = []
        for (name, node) in try top["types"]!.mapping() {
            let r = try node.record(required: ["json", "bytes", "doc"])
            types.append(WireType(name: name, json: try r.string("json"), doc: try r.string("doc"), bytes: try r.string("bytes")))
        }
        var layouts: [Layout] = []
        for (name, node) in try top["layouts"]!.mapping() {
            layouts.append(try layout(node, name: name))
        }
        var structs: [Struct] = []
        for (name, node) in try top["structs"]!.mapping() {
            let r = try node.record(required: ["doc", "fields"], optional: ["layouts"])
            structs.append(Struct(
                name: name, doc: try r.string("doc"), fields: try fields(r["fields"]!),
                layouts: try r["layouts"]?.sequence().map { (n: YAMLNode) throws(SpecError) in try n.string() } ?? []))
        }
        let computed = try top["computed"]!.mapping().map { (e: (String, YAMLNode)) throws(SpecError) in (name: e.0, doc: try e.1.string()) }
        var messages: [Message] = []
        for node in try top["messages"]!.sequence() {
            let r = try node.record(required: ["name", "doc", "fields", "signatures"], optional: ["cmdid", "balance_proof", "additional_hash"])
            let name = try r.string("name")
            var signatures: [SignatureSpec] = []
            for s in try r["signatures"]!.sequence() {
                let sr = try s.record(required: ["field", "items"], optional: ["size", "doc", "signer"])
                let field = try sr.string("field")
                let signer = try sr.optionalString("signer") ?? "sender"
                guard signer == "sender" || signer == "partner" else { throw sr["signer"]!.fail("must be sender or partner") }
                signatures.append(SignatureSpec(field: field, signer: signer, layout: try layout(s, name: "\(name).\(field)")))
            }
            messages.append(Message(
                name: name, cmdid: try r.optionalInt("cmdid"), doc: try r.string("doc"),
                hasBalanceProof: try r["balance_proof"]?.bool() ?? false, fields: try fields(r["fields"]!),
                additionalHash: try r["additional_hash"].map { (n: YAMLNode) throws(SpecError) in try layout(n, name: "\(name).additional_hash") },
                signatures: signatures))
        }
        let decoding = try top["decoding"]!.record(required: ["policies", "errors", "leniencies", "deviations"])
        let policies = try decoding["policies"]!.mapping().map { (e: (String, YAMLNode)) throws(SpecError) in (name: e.0, doc: try e.1.string()) }
        func codes(_ node: YAMLNode) throws(SpecError) -> [Code] {
            try node.sequence().map { (n: YAMLNode) throws(SpecError) in
                let r = try n.record(required: ["code", "doc"])
                return Code(code: try r.string("code"), doc: try r.string("doc"))
            }
        }
        let spec = MessagesSpec(
            types: types, structs: structs, layouts: layouts, computed: computed, messages: messages,
            policies: policies, errors: try codes(decoding["errors"]!), leniencies: try codes(decoding["leniencies"]!),
            deviations: try decoding["deviations"]!.sequence().map { (n: YAMLNode) throws(SpecError) in try n.string() })
        try spec.validate()
        return spec
    }

    static func fields(_ node: YAMLNode) throws(SpecError) -> [Field] {
        try node.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "type"], optional: ["min", "strict_min", "default", "doc"])
            return Field(
                name: try r.string("name"), type: try r.string("type"), min: try r.optionalInt("min"),
                strictMin: try r.optionalInt("strict_min"), defaultValue: try r.optionalString("default"), doc: try r.optionalString("doc"))
        }
    }

    static func layout(_ node: YAMLNode, name: String) throws(SpecError) -> Layout {
        let r = try node.record(required: ["items"], optional: ["size", "doc", "field", "signer"])
        let items = try r["items"]!.sequence().map { (n: YAMLNode) throws(SpecError) -> Item in
            let entries = try n.mapping(optional: ["field", "as", "const", "pad", "computed", "layout", "doc"])
            let keys = Set(entries.map(\.0)).subtracting(["doc", "as"])
            guard keys.count == 1, let kind = keys.first else { throw n.fail("must have exactly one of field, const, pad, computed, layout") }
            let dict = Dictionary(uniqueKeysWithValues: entries)
            let asType = try dict["as"]?.string()
            switch kind {
            case "field": return .field(path: try dict["field"]!.string(), as: asType)
            case "const":
                guard let asType else { throw n.fail("a const needs `as` (u8 or u256)") }
                return .const(value: try dict["const"]!.int(), as: asType)
            case "pad": return .pad(try dict["pad"]!.int())
            case "computed": return .computed(try dict["computed"]!.string())
            default: return .layout(try dict["layout"]!.string())
            }
        }
        return Layout(name: name, size: try r.optionalInt("size"), doc: try r.optionalString("doc"), items: items)
    }
}
