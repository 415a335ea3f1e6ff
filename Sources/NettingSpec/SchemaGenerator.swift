/// Writes the JSON Schemas (draft 2020-12) of the canonical JSON form and of the vector files,
/// from spec/channel.yaml, spec/vectors.yaml and spec/chain.yaml: `spec/schemas/channel.schema.json`
/// (every type, state record, input, output and the rejection, under `$defs`), one schema per
/// vector file kind, and the chain log and chain file schemas, which refer to it. Deterministic: the same spec gives the same bytes.
public enum SchemaGenerator {
    /// A JSON value to write: objects keep their key order.
    indirect enum J {
        case object([(String, J)])
        case array([J])
        case string(String)
        case bool(Bool)
        case int(Int)

        func write(_ out: inout String, _ indent: String) {
            let inner = indent + "  "
            switch self {
            case .string(let s): out += Self.quote(s)
            case .bool(let b): out += b ? "true" : "false"
            case .int(let n): out += String(n)
            case .array(let items) where items.allSatisfy({ if case .string = $0 { true } else { false } }):
                out += "[" + items.map { item -> String in var s = ""; item.write(&s, ""); return s }.joined(separator: ", ") + "]"
            case .array(let items):
                out += "[\n"
                for (k, item) in items.enumerated() {
                    out += inner
                    item.write(&out, inner)
                    out += k + 1 < items.count ? ",\n" : "\n"
                }
                out += indent + "]"
            case .object(let members) where members.isEmpty:
                out += "{}"
            case .object(let members):
                out += "{\n"
                for (k, (key, value)) in members.enumerated() {
                    out += inner + Self.quote(key) + ": "
                    value.write(&out, inner)
                    out += k + 1 < members.count ? ",\n" : "\n"
                }
                out += indent + "}"
            }
        }

        static func quote(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 {
                        let hex = String(u.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        }

        var text: String {
            var out = ""
            write(&out, "")
            return out + "\n"
        }
    }

    static let base = "https://nettingkit.invalid/schemas/"

    /// Every schema by its path under the repository.
    public static func schemas(channel: ChannelSpec, vectors: VectorsSpec, chain: ChainSpec) -> [(path: String, contents: String)] {
        [
            ("spec/schemas/channel.schema.json", channelSchema(channel).text),
            ("spec/schemas/vector-file.schema.json", vectorFileSchema(vectors).text),
            ("spec/schemas/transitions.schema.json", transitionsSchema().text),
            ("spec/schemas/traces.schema.json", tracesSchema().text),
            ("spec/schemas/settlement.schema.json", settlementSchema(vectors).text),
            ("spec/schemas/codec.schema.json", codecSchema(vectors).text),
            ("spec/schemas/crypto.schema.json", cryptoSchema(vectors).text), ("spec/schemas/locks.schema.json", locksSchema().text),
            ("spec/schemas/manifest.schema.json", manifestSchema().text),
            ("spec/schemas/chain-log.schema.json", chainLogSchema(chain).text), ("spec/schemas/chain-file.schema.json", chainFileSchema(chain).text),
        ]
    }

    static func ref(_ name: String, in file: String = "channel.schema.json") -> J { .object([("$ref", .string(file + "#/$defs/" + name))]) }
    static func pattern(_ p: String, _ description: String) -> J { .object([("type", .string("string")), ("pattern", .string(p)), ("description", .string(description))]) }

    /// The schema of one spec field type: a base type, a record, a message, a list or an optional.
    static func fieldType(_ type: String, _ spec: ChannelSpec) -> J {
        if type.hasSuffix("?") { return .object([("oneOf", .array([fieldType(String(type.dropLast()), spec), .object([("type", .string("null"))])]))]) }
        if type.hasPrefix("["), type.hasSuffix("]") { return .object([("type", .string("array")), ("items", fieldType(String(type.dropFirst().dropLast()), spec))]) }
        return .object([("$ref", .string("#/$defs/" + type))])
    }

    static func record(_ fields: [ChannelSpec.Field], _ spec: ChannelSpec, tag: String? = nil, doc: String? = nil) -> J {
        var properties: [(String, J)] = []
        if let tag { properties.append(("type", .object([("const", .string(tag))]))) }
        for f in fields { properties.append((f.name, fieldType(f.type, spec))) }
        var members: [(String, J)] = [("type", .string("object"))]
        if let doc { members.append(("description", .string(doc))) }
        members += [
            ("properties", .object(properties)),
            ("required", .array(((tag == nil ? [] : ["type"]) + fields.map(\.name)).map(J.string))),
            ("additionalProperties", .bool(false)),
        ]
        return .object(members)
    }

    static func channelSchema(_ spec: ChannelSpec) -> J {
        let decimal = "^(0|[1-9][0-9]*)$"
        var defs: [(String, J)] = [
            ("u64", pattern(decimal, "an unsigned 64-bit integer as a decimal string: at most 18446744073709551615")),
            ("count", pattern(decimal, "a number of items as a decimal string")),
            ("u256", pattern(decimal, "an unsigned 256-bit amount as a decimal string: at most 2^256 − 1")),
            ("address", pattern("^0x[0-9a-f]{40}$", "a 20-byte address, lowercase hex")),
            ("bytes32", pattern("^0x[0-9a-f]{64}$", "32 bytes, lowercase hex")),
            ("signature", pattern("^0x[0-9a-f]{130}$", "65 bytes r ‖ s ‖ v, lowercase hex; zero for an unsigned message")),
            ("bool", .object([("type", .string("boolean"))])),
            ("string", .object([("type", .string("string")), ("description", .string("human text; never compared"))])),
            ("code", .object([("enum", .array(spec.codes.map(J.string))), ("description", .string("a guard code of spec/channel.yaml"))])),
            ("Lock", .object([
                ("type", .string("object")),
                ("properties", .object([("amount", ref("u256", in: "")), ("expiration", ref("u256", in: "")), ("secrethash", ref("bytes32", in: ""))])),
                ("required", .array(["amount", "expiration", "secrethash"].map(J.string))), ("additionalProperties", .bool(false)),
            ])),
            ("CanonicalIdentifier", .object([
                ("type", .string("object")),
                ("properties", .object([("chain_identifier", ref("u256", in: "")), ("token_network_address", ref("address", in: "")), ("channel_identifier", ref("u256", in: ""))])),
                ("required", .array(["chain_identifier", "token_network_address", "channel_identifier"].map(J.string))), ("additionalProperties", .bool(false)),
            ])),
        ]
        for e in spec.enumerations { defs.append((e.name, .object([("enum", .array(e.values.map(J.string)))]))) }
        let messages = spec.types.filter { t in spec.types.contains { $0.name == t.name } && t.swift == t.name && !["Lock", "CanonicalIdentifier", "BalanceProofState"].contains(t.name) }
        for m in messages {
            defs.append((m.name, .object([
                ("type", .string("object")),
                ("description", .string("a \(m.name) as Raiden 3.0.1 writes it (spec/messages.yaml); its fields are checked by the codec's strict policy")),
                ("properties", .object([("type", .object([("const", .string(m.name))]))])),
                ("required", .array([.string("type")])),
            ])))
        }
        for r in spec.state { defs.append((r.name, record(r.fields, spec, doc: r.doc))) }
        defs.append(("Input", .object([("oneOf", .array(spec.inputs.map { ref($0.name, in: "") }))])))
        for i in spec.inputs { defs.append((i.name, record(i.fields, spec, tag: i.name, doc: i.doc))) }
        defs.append(("Output", .object([("oneOf", .array(spec.outputs.map { ref($0.name, in: "") }))])))
        for o in spec.outputs { defs.append((o.name, record(o.fields, spec, tag: o.name, doc: o.doc))) }
        defs.append(("Rejection", .object([
            ("type", .string("object")),
            ("properties", .object([("code", ref("code", in: "")), ("reason", ref("string", in: ""))])),
            ("required", .array(["code", "reason"].map(J.string))), ("additionalProperties", .bool(false)),
        ])))
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(base + "channel.schema.json")),
            ("title", .string("NettingKit's canonical JSON form (spec/channel.yaml canonical)")),
            ("description", .string("Generated by `netting spec generate` from spec/channel.yaml. DO NOT EDIT.")),
            ("$defs", .object(defs)),
        ])
    }

    static func caseCommon(_ extra: [(String, J)], required: [String]) -> J {
        .object([
            ("type", .string("object")),
            ("properties", .object([
                ("id", .object([("type", .string("string")), ("pattern", .string("^[a-z]+\\.[A-Za-z0-9_.]+$"))])),
                ("comment", .object([("type", .string("string"))])),
                ("result", .object([("enum", .array(["valid", "invalid", "acceptable"].map(J.string)))])),
                ("flags", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
            ] + extra)),
            ("required", .array((["id", "comment", "result", "flags"] + required).map(J.string))),
        ] + (extra.isEmpty ? [] : [("additionalProperties", .bool(false))]))
    }

    static func file(_ id: String, _ title: String, suite: J, cases: J) -> J {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(base + id)),
            ("title", .string(title)),
            ("description", .string("Generated by `netting spec generate` from spec/vectors.yaml and spec/channel.yaml. DO NOT EDIT.")),
            ("type", .string("object")),
            ("properties", .object([
                ("format", .object([("const", .string("nettingkit.vectors/1"))])),
                ("suite", suite),
                ("name", .object([("type", .string("string"))])),
                ("description", .object([("type", .string("string"))])),
                ("cases", .object([("type", .string("array")), ("items", cases)])),
            ])),
            ("required", .array(["format", "suite", "name", "description", "cases"].map(J.string))),
            ("additionalProperties", .bool(false)),
        ])
    }

    static func vectorFileSchema(_ vectors: VectorsSpec) -> J {
        file("vector-file.schema.json", "Any file of the vector corpus", suite: .object([("enum", .array(vectors.suites.map { J.string($0.name) }))]),
             cases: caseCommon([], required: []))
    }

    static func transitionsSchema() -> J {
        let c = caseCommon([
            ("code", .object([("oneOf", .array([ref("code"), .object([("type", .string("null"))])]))])),
            ("pre", ref("ChannelState")), ("input", ref("Input")), ("post", ref("ChannelState")),
            ("outputs", .object([("type", .string("array")), ("items", ref("Output"))])),
            ("rejection", .object([("oneOf", .array([ref("Rejection"), .object([("type", .string("null"))])]))])),
        ], required: ["code", "pre", "input", "post", "outputs", "rejection"])
        return file("transitions.schema.json", "A file of the transitions suite", suite: .object([("const", .string("transitions"))]), cases: c)
    }

    static func tracesSchema() -> J {
        let states = J.object([("type", .string("object")), ("additionalProperties", ref("ChannelState"))])
        let feed = J.object([
            ("type", .string("object")),
            ("properties", .object([
                ("party", .object([("type", .string("string"))])), ("input", ref("Input")),
                ("outputs", .object([("type", .string("array")), ("items", ref("Output"))])),
                ("rejection", .object([("oneOf", .array([ref("Rejection"), .object([("type", .string("null"))])]))])),
            ])),
            ("required", .array(["party", "input", "outputs", "rejection"].map(J.string))), ("additionalProperties", .bool(false)),
        ])
        let message = J.object([
            ("type", .string("object")),
            ("properties", .object([
                ("from", .object([("type", .string("string"))])), ("to", .object([("type", .string("string"))])),
                ("block", ref("u64")), ("wire", .object([("type", .string("object")), ("required", .array([.string("type")]))])),
            ])),
            ("required", .array(["from", "to", "block", "wire"].map(J.string))), ("additionalProperties", .bool(false)),
        ])
        let c = caseCommon([
            ("pre", states), ("feeds", .object([("type", .string("array")), ("items", feed)])),
            ("messages", .object([("type", .string("array")), ("items", message)])), ("post", states),
        ], required: ["pre", "feeds", "messages", "post"])
        return file("traces.schema.json", "A file of the traces suite", suite: .object([("const", .string("traces"))]), cases: c)
    }

    static func manifestSchema() -> J {
        let hex64 = J.object([("type", .string("string")), ("pattern", .string("^[0-9a-f]{64}$"))])
        let strings = J.object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))]))])
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(base + "manifest.schema.json")),
            ("title", .string("vectors/manifest.json")),
            ("description", .string("Generated by `netting spec generate` from spec/vectors.yaml. DO NOT EDIT.")),
            ("type", .string("object")),
            ("properties", .object([
                ("format", .object([("const", .string("nettingkit.vectors-manifest/1"))])),
                ("version", .object([("type", .string("string")), ("pattern", .string("^[0-9]+\\.[0-9]+\\.[0-9]+$"))])),
                ("changelog", .object([("type", .string("array")), ("items", .object([
                    ("type", .string("object")), ("required", .array(["version", "text"].map(J.string))), ("additionalProperties", .bool(false)),
                    ("properties", .object([("version", .object([("type", .string("string"))])), ("text", .object([("type", .string("string"))]))])),
                ]))])),
                ("spec_sha256", .object([("type", .string("object")), ("additionalProperties", hex64)])),
                ("results", strings), ("flags", strings),
                ("files", .object([("type", .string("array")), ("items", .object([
                    ("type", .string("object")), ("required", .array(["path", "suite", "sha256", "cases"].map(J.string))), ("additionalProperties", .bool(false)),
                    ("properties", .object([
                        ("path", .object([("type", .string("string"))])), ("suite", .object([("type", .string("string"))])), ("sha256", hex64),
                        ("cases", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                    ])),
                ]))])),
                ("case_count", .object([("type", .string("string")), ("pattern", .string("^(0|[1-9][0-9]*)$"))])),
            ])),
            ("required", .array(["format", "version", "changelog", "spec_sha256", "results", "flags", "files", "case_count"].map(J.string))),
            ("additionalProperties", .bool(false)),
        ])
    }
}
