extension ChannelSpec {
    /// Parses and validates spec/channel.yaml.
    public static func load(yaml text: String, file: String = "spec/channel.yaml") throws(SpecError) -> ChannelSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.record(required: [
            "schema", "constants", "types", "state", "statuses", "inputs", "outputs", "transitions", "invariants", "properties",
            "check_assumptions", "quirks", "deviations", "canonical",
        ])
        guard try top.string("schema") == schemaName else { throw top["schema"]!.fail("must be \(schemaName)") }

        let constants = try top["constants"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "type", "value", "source", "doc"], optional: ["swift"])
            let c = Constant(
                name: try r.string("name"), type: try r.string("type"), value: try r.string("value"), source: try r.string("source"),
                doc: try r.string("doc"), swift: try r.optionalString("swift"))
            guard c.swift != nil || (!c.value.isEmpty && c.value.allSatisfy(\.isASCII) && c.value.allSatisfy(\.isNumber)) else {
                throw r["value"]!.fail("is not a decimal integer: give its Swift expression as `swift`")
            }
            return c
        }
        var enumerations: [(name: String, values: [String])] = []
        let types = try top["types"]!.mapping().map { (e: (String, YAMLNode)) throws(SpecError) in
            let r = try e.1.record(required: ["swift", "doc"], optional: ["values"])
            if let v = r["values"] {
                enumerations.append((name: e.0, values: try v.sequence().map { (n: YAMLNode) throws(SpecError) in try n.string() }))
            }
            return (name: e.0, swift: try r.string("swift"))
        }
        let state = try top["state"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "doc", "fields"])
            return Record(name: try r.string("name"), doc: try r.string("doc"), fields: try fields(r["fields"]!))
        }
        let statuses = try top["statuses"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "doc"])
            return Named(name: try r.string("name"), doc: try r.string("doc"))
        }
        func messages(_ node: YAMLNode) throws(SpecError) -> [Message] {
            try node.sequence().map { (n: YAMLNode) throws(SpecError) in
                let r = try n.record(required: ["name", "kind", "fields"], optional: ["doc"])
                return Message(name: try r.string("name"), kind: try r.string("kind"), doc: try r.optionalString("doc"), fields: try fields(r["fields"]!))
            }
        }
        func strings(_ node: YAMLNode) throws(SpecError) -> [String] {
            try node.sequence().map { (n: YAMLNode) throws(SpecError) in try n.string() }
        }
        let transitions = try top["transitions"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "input", "statuses", "source", "on_reject", "guards", "effects", "outputs"], optional: ["unreachable"])
            let guards = try r["guards"]!.sequence().map { (g: YAMLNode) throws(SpecError) in
                let gr = try g.record(required: ["code", "outcome", "when", "source"], optional: ["clause", "role"])
                guard let outcome = Outcome(rawValue: try gr.string("outcome")) else {
                    throw gr["outcome"]!.fail("must be one of " + Outcome.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return Guard(
                    code: try gr.string("code"), outcome: outcome, when: try gr.string("when"), source: try gr.string("source"),
                    clause: try gr.optionalString("clause"), role: try gr.optionalString("role"))
            }
            return Transition(
                name: try r.string("name"), input: try r.string("input"), source: try r.string("source"),
                statuses: try strings(r["statuses"]!), onReject: try strings(r["on_reject"]!), guards: guards,
                effects: try strings(r["effects"]!), outputs: try strings(r["outputs"]!),
                unreachable: try r["unreachable"].map(strings) ?? [])
        }
        let invariants = try top["invariants"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "source", "check"])
            return Invariant(name: try r.string("name"), source: try r.string("source"), check: try r.string("check"))
        }
        func notes(_ node: YAMLNode, _ supportKey: String) throws(SpecError) -> [Note] {
            try node.sequence().map { (n: YAMLNode) throws(SpecError) in
                let r = try n.record(required: ["name", "text", supportKey])
                return Note(name: try r.string("name"), text: try r.string("text"), support: try r.string(supportKey))
            }
        }
        let properties = try top["properties"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "check", "known"])
            return Property(name: try r.string("name"), check: try r.string("check"), known: try notes(r["known"]!, "evidence"))
        }
        let c = try top["canonical"]!.record(required: ["rules", "errors"])
        let canonical = Canonical(
            rules: try c["rules"]!.sequence().map { (n: YAMLNode) throws(SpecError) in try n.string() },
            errors: try c["errors"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
                let r = try n.record(required: ["code", "doc"])
                return Named(name: try r.string("code"), doc: try r.string("doc"))
            })
        let spec = ChannelSpec(
            constants: constants, types: types, enumerations: enumerations, state: state, statuses: statuses,
            inputs: try messages(top["inputs"]!), outputs: try messages(top["outputs"]!), transitions: transitions,
            invariants: invariants, properties: properties, checkAssumptions: try notes(top["check_assumptions"]!, "why"),
            quirks: try notes(top["quirks"]!, "evidence"), deviations: try notes(top["deviations"]!, "why"),
            canonical: canonical)
        try spec.validate()
        return spec
    }

    static func fields(_ node: YAMLNode) throws(SpecError) -> [Field] {
        try node.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "type"], optional: ["doc", "default"])
            return Field(name: try r.string("name"), type: try r.string("type"), doc: try r.optionalString("doc"), defaultValue: try r.optionalString("default"))
        }
    }

    /// The bare type of a field type: `[X]` and `X?` unwrapped.
    static func baseType(_ type: String) -> String {
        var t = Substring(type)
        if t.hasSuffix("?") { t = t.dropLast() }
        if t.hasPrefix("["), t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        return String(t)
    }

    func validate() throws(SpecError) {
        let known = Set(types.map(\.name)).union(state.map(\.name))
        for c in constants where !types.contains(where: { $0.name == c.type }) {
            throw SpecError("constants.\(c.name).type", "`\(c.type)` is not a type")
        }
        func checkFields(_ fields: [Field], _ path: String) throws(SpecError) {
            var seen = Set<String>()
            for f in fields {
                guard seen.insert(f.name).inserted else { throw SpecError("\(path).\(f.name)", "is declared twice") }
                guard known.contains(Self.baseType(f.type)) else { throw SpecError("\(path).\(f.name)", "has unknown type `\(f.type)`") }
                if let d = f.defaultValue, !(f.type == "bool" && (d == "false" || d == "true")) {
                    throw SpecError("\(path).\(f.name).default", "must be true or false on a bool field (the only defaults the generator writes)")
                }
            }
        }
        for r in state { try checkFields(r.fields, "state.\(r.name)") }
        let kinds: [String: Set<String>] = [
            "inputs": ["block", "contract", "action", "receive"], "outputs": ["send", "contract", "event"],
        ]
        for (group, list) in [("inputs", inputs), ("outputs", outputs)] {
            var names = Set<String>()
            for m in list {
                guard names.insert(m.name).inserted else { throw SpecError("\(group).\(m.name)", "is declared twice") }
                guard kinds[group]!.contains(m.kind) else { throw SpecError("\(group).\(m.name).kind", "must be one of \(kinds[group]!.sorted().joined(separator: ", "))") }
                try checkFields(m.fields, "\(group).\(m.name)")
            }
        }
        let inputNames = Set(inputs.map(\.name)), outputNames = Set(outputs.map(\.name))
        let statusNames = Set(statuses.map(\.name)).union(["any"])
        var codes = Set<String>(), transitionNames = Set<String>()
        for t in transitions {
            let path = "transitions.\(t.name)"
            guard transitionNames.insert(t.name).inserted else { throw SpecError(path, "is declared twice") }
            guard inputNames.contains(t.input) else { throw SpecError("\(path).input", "names no input") }
            for s in t.statuses where !statusNames.contains(s) { throw SpecError("\(path).statuses", "`\(s)` is not a status") }
            for o in t.outputs + t.onReject where !outputNames.contains(o) { throw SpecError(path, "`\(o)` is not an output") }
            if t.guards.contains(where: { $0.outcome != .ignore }) && t.onReject.isEmpty {
                throw SpecError("\(path).on_reject", "must name the outputs a rejection emits")
            }
            if t.guards.contains(where: { $0.outcome == .rejectCommitted }) && !t.effects.contains(where: { $0.hasPrefix("(committed)") }) {
                throw SpecError("\(path).effects", "a reject_committed guard needs the effects it keeps marked \"(committed)\"")
            }
            for g in t.guards {
                guard codes.insert(g.code).inserted else { throw SpecError("\(path).guards", "code `\(g.code)` is used twice") }
                let parts = g.code.split(separator: ".")
                guard parts.count == 2, parts[1].allSatisfy({ $0.isLowercase || $0 == "_" || $0.isNumber }) else {
                    throw SpecError("\(path).guards", "code `\(g.code)` is not <Subject>.<snake_reason>")
                }
                if let role = g.role, role != "initiator", role != "target" { throw SpecError("\(path).guards", "role must be initiator or target") }
            }
        }
        for i in inputs where !transitions.contains(where: { $0.input == i.name }) {
            throw SpecError("inputs.\(i.name)", "has no transition")
        }
        var propertyNames = Set<String>()
        for p in properties {
            guard propertyNames.insert(p.name).inserted else { throw SpecError("properties.\(p.name)", "is declared twice") }
            for k in p.known where !propertyNames.insert(k.name).inserted {
                throw SpecError("properties.\(p.name).known.\(k.name)", "is declared twice")
            }
        }
    }
}
