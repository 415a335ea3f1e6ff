/// spec/chain.yaml: the formats of a channel driven by hand, the chain logs (one per event of
/// the TokenNetwork or the SecretRegistry, with the ContractReceive… input each becomes) and the
/// chain file (the contract's storage for one channel).
public struct ChainSpec: Equatable, Sendable {
    public static let schemaName = "nettingkit.chain-spec/1"

    public struct Arg: Equatable, Sendable {
        /// The event argument's Solidity name, the log line's key.
        public let name: String
        /// Its canonical type (a spec/channel.yaml base type).
        public let type: String
        /// Its type in the event's declaration.
        public let solidity: String
        public let doc: String?
    }

    /// One field of the input a log becomes: where its value comes from.
    public struct Mapping: Equatable, Sendable {
        public let field: String
        /// `block_number`, `channel` or an argument's name (with `{our}` / `{partner}` in ChannelSettled).
        public let from: String
        /// A channel.yaml constant a zero bytes32 value stands for (ChannelSettled's locksroots).
        public let zero: String?
    }

    public struct Log: Equatable, Sendable {
        public let name: String
        /// TokenNetwork or SecretRegistry.
        public let contract: String
        /// Where the event is declared (file, event name).
        public let event: String
        public let doc: String
        public let args: [Arg]
        /// The spec/channel.yaml input (kind contract) the log becomes at each party.
        public let input: String
        /// Raiden's decoder function (file, function).
        public let decoder: String
        public let sides: String?
        public let fields: [Mapping]

        /// The log line's keys, in the order they are written.
        public var keys: [String] { ["type", "block_number"] + (contract == "TokenNetwork" ? ["token_network_address"] : []) + args.map(\.name) }
    }

    /// A field of a chain file record; a list may give its exact or its largest number of items.
    public struct Field: Equatable, Sendable {
        public let name, type: String
        public let doc: String?
        public let count: Int?
        public let maxCount: Int?
    }

    public struct Record: Equatable, Sendable {
        public let name, doc: String
        public let fields: [Field]
    }

    public struct Enumeration: Equatable, Sendable {
        public let name: String
        public let values: [String]
        public let doc: String
    }

    public let logRules: [String]
    public let logs: [Log]
    public let chainFileFormat: String
    public let chainFileRules: [String]
    public let enumerations: [Enumeration]
    /// The chain file's records, the file itself first.
    public let records: [Record]

    static let contracts = ["TokenNetwork", "SecretRegistry"]
    static let sideTags = ["{our}", "{partner}"]

    /// Parses and validates spec/chain.yaml against spec/channel.yaml: every type is a channel.yaml
    /// base type (or, in the chain file, one of its own records or enumerations); every log's input
    /// is a channel.yaml input of kind contract, and its `fields` name each of that input's fields
    /// once, each from the log's block, the state's channel or one of the log's arguments.
    public static func load(yaml text: String, channel: ChannelSpec, file: String = "spec/chain.yaml") throws(SpecError) -> ChainSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.record(required: ["schema", "logs", "chain_file"])
        guard try top.string("schema") == schemaName else { throw top["schema"]!.fail("must be \(schemaName)") }
        let baseTypes = ["u64", "u256", "address", "bytes32", "bool", "string"]
        func strings(_ node: YAMLNode) throws(SpecError) -> [String] {
            try node.sequence().map { (n: YAMLNode) throws(SpecError) in try n.string() }
        }

        let logsNode = try top["logs"]!.record(required: ["rules", "events"])
        var names = Set<String>()
        let logs = try logsNode["events"]!.sequence().map { (n: YAMLNode) throws(SpecError) -> Log in
            let r = try n.record(required: ["name", "contract", "event", "doc", "args", "input", "decoder", "fields"], optional: ["sides"])
            let name = try r.string("name")
            guard names.insert(name).inserted else { throw r["name"]!.fail("`\(name)` is declared twice") }
            let contract = try r.string("contract")
            guard contracts.contains(contract) else { throw r["contract"]!.fail("must be one of \(contracts.joined(separator: ", ")), got `\(contract)`") }
            let event = try r.string("event")
            guard event == "raiden_contracts/data/source/raiden/\(contract).sol, event \(name)" else {
                throw r["event"]!.fail("must be `raiden_contracts/data/source/raiden/\(contract).sol, event \(name)`, got `\(event)`")
            }
            let decoder = try r.string("decoder")
            let citation = decoder.split(separator: ", ", omittingEmptySubsequences: false)
            guard citation.count == 2, citation[0].hasPrefix("raiden/"), citation[0].hasSuffix(".py"), !citation[1].isEmpty,
                citation[1].allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
            else { throw r["decoder"]!.fail("must be `raiden/<path>.py, <function>`, got `\(decoder)`") }
            var argNames = Set<String>()
            let args = try r["args"]!.sequence().map { (a: YAMLNode) throws(SpecError) -> Arg in
                let ar = try a.record(required: ["name", "type", "solidity"], optional: ["doc"])
                let arg = Arg(name: try ar.string("name"), type: try ar.string("type"), solidity: try ar.string("solidity"), doc: try ar.optionalString("doc"))
                let solidity = ["address": ["address"], "bytes32": ["bytes32"], "u256": ["uint256"], "u64": ["uint256", "uint64"]]
                guard let declared = solidity[arg.type] else { throw ar["type"]!.fail("must be one of u64, u256, address, bytes32, got `\(arg.type)`") }
                guard declared.contains(arg.solidity) else { throw ar["solidity"]!.fail("a \(arg.type) is declared \(declared.joined(separator: " or ")), got `\(arg.solidity)`") }
                guard argNames.insert(arg.name).inserted, !["type", "block_number", "token_network_address"].contains(arg.name) else {
                    throw ar["name"]!.fail("`\(arg.name)` is a key of the log line already")
                }
                return arg
            }
            if contract == "TokenNetwork", args.first?.name != "channel_identifier" {
                throw r["args"]!.fail("a TokenNetwork event's first argument is channel_identifier")
            }
            let inputName = try r.string("input")
            guard let input = channel.inputs.first(where: { $0.name == inputName }), input.kind == "contract" else {
                let known = channel.inputs.filter { $0.kind == "contract" }.map(\.name)
                throw r["input"]!.fail("`\(inputName)` is not an input of kind contract in spec/channel.yaml (one of \(known.joined(separator: ", ")))")
            }
            let sides = try r.optionalString("sides")
            var mapped = Set<String>()
            let fields = try r["fields"]!.sequence().map { (f: YAMLNode) throws(SpecError) -> Mapping in
                let fr = try f.record(required: ["field", "from"], optional: ["zero"])
                let m = Mapping(field: try fr.string("field"), from: try fr.string("from"), zero: try fr.optionalString("zero"))
                guard let target = input.fields.first(where: { $0.name == m.field }) else {
                    throw fr["field"]!.fail("`\(m.field)` is not a field of \(inputName) (\(input.fields.map(\.name).joined(separator: ", ")))")
                }
                guard mapped.insert(m.field).inserted else { throw fr["field"]!.fail("`\(m.field)` is mapped twice") }
                let usesSides = sideTags.contains { m.from.contains($0) }
                if usesSides, sides == nil { throw fr["from"]!.fail("uses {our} or {partner}, but the log declares no `sides`") }
                // The argument(s) the source names: with {our}/{partner}, for each participant number.
                let resolved = usesSides ? ["1", "2"].map { n in sideTags.reduce(m.from) { $0.replacingOccurrences(of: $1, with: n) } } : [m.from]
                for source in resolved {
                    let type: String
                    switch source {
                    case "block_number": type = "u64"
                    case "channel":
                        guard contract == "TokenNetwork" else { throw fr["from"]!.fail("`channel` is the state's channel, known only from a TokenNetwork log") }
                        type = "CanonicalIdentifier"
                    default:
                        guard let arg = args.first(where: { $0.name == source }) else {
                            throw fr["from"]!.fail("`\(m.from)` is neither block_number, channel nor an argument of \(name) (\(args.map(\.name).joined(separator: ", ")))")
                        }
                        type = arg.type
                    }
                    guard type == target.type else {
                        throw fr["from"]!.fail("is of type \(type); \(inputName).\(m.field) is of type \(target.type)")
                    }
                }
                if let zero = m.zero {
                    guard let constant = channel.constants.first(where: { $0.name == zero }), constant.type == "bytes32", target.type == "bytes32" else {
                        throw fr["zero"]!.fail("must be a bytes32 constant of spec/channel.yaml, for a bytes32 field; got `\(zero)`")
                    }
                }
                return m
            }
            if let missing = input.fields.first(where: { !mapped.contains($0.name) }) {
                throw r["fields"]!.fail("does not say where \(inputName).\(missing.name) comes from")
            }
            return Log(
                name: name, contract: contract, event: event, doc: try r.string("doc"), args: args, input: inputName, decoder: decoder,
                sides: sides, fields: fields)
        }

        let file = try top["chain_file"]!.record(required: ["format", "rules", "enumerations", "records"])
        let enumerations = try file["enumerations"]!.sequence().map { (n: YAMLNode) throws(SpecError) -> Enumeration in
            let r = try n.record(required: ["name", "values", "doc"])
            return Enumeration(name: try r.string("name"), values: try strings(r["values"]!), doc: try r.string("doc"))
        }
        let records = try file["records"]!.sequence().map { (n: YAMLNode) throws(SpecError) -> (Record, YAMLNode) in
            let r = try n.record(required: ["name", "doc", "fields"])
            let fields = try r["fields"]!.sequence().map { (f: YAMLNode) throws(SpecError) -> Field in
                let fr = try f.record(required: ["name", "type"], optional: ["doc", "count", "max_count"])
                let field = Field(
                    name: try fr.string("name"), type: try fr.string("type"), doc: try fr.optionalString("doc"), count: try fr.optionalInt("count"),
                    maxCount: try fr.optionalInt("max_count"))
                if field.count != nil || field.maxCount != nil {
                    guard field.type.hasPrefix("["), [field.count, field.maxCount].allSatisfy({ ($0 ?? 1) > 0 }) else {
                        throw f.fail("count and max_count are positive and belong to a list")
                    }
                }
                return field
            }
            return (Record(name: try r.string("name"), doc: try r.string("doc"), fields: fields), r["fields"]!)
        }
        let known = Set(baseTypes + enumerations.map(\.name) + records.map(\.0.name))
        for (record, node) in records {
            for (i, f) in record.fields.enumerated() {
                var t = f.type
                if t.hasSuffix("?") { t.removeLast() }
                if t.hasPrefix("["), t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
                guard known.contains(t) else {
                    throw SpecError("\(node.path)[\(i)].type", line: node.line, column: node.column, "`\(f.type)` is not a base type, record or enumeration of the chain file")
                }
            }
        }
        guard records.first?.0.name == "ChainFile", records[0].0.fields.first == Field(name: "format", type: "string", doc: nil, count: nil, maxCount: nil) else {
            throw file["records"]!.fail("must start with the file's own record, ChainFile, whose first field is `format` (a string without doc: its value is chain_file.format)")
        }
        return ChainSpec(
            logRules: try strings(logsNode["rules"]!), logs: logs, chainFileFormat: try file.string("format"),
            chainFileRules: try strings(file["rules"]!), enumerations: enumerations, records: records.map(\.0))
    }
}
