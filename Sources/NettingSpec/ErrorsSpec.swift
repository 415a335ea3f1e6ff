/// spec/errors.yaml: every error code no other spec file declares, and the reverts of the
/// modelled TokenNetwork with the contract's reason strings.
public struct ErrorsSpec: Equatable, Sendable {
    public static let schemaName = "nettingkit.errors/1"

    public struct Code: Equatable, Sendable {
        public let code, doc: String
    }

    public struct Revert: Equatable, Sendable {
        /// `chain.<reason>`: stable, as `netting run` reports it.
        public let code: String
        /// The contract's reason string (raiden-contracts 0.40.2, TokenNetwork.sol).
        public let revert: String
        public let doc: String
    }

    public let codes: [Code]
    public let reverts: [Revert]

    /// Parses and validates spec/errors.yaml: every code `<group>.<name>` (lowercase, digits, _),
    /// declared once, and none of `declaredElsewhere` (the codes the other spec files declare);
    /// every revert code is `chain.<name>`.
    public static func load(yaml text: String, declaredElsewhere: Set<String>, file: String = "spec/errors.yaml") throws(SpecError) -> ErrorsSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.record(required: ["schema", "codes", "reverts"])
        guard try top.string("schema") == schemaName else { throw top["schema"]!.fail("must be \(schemaName)") }
        var seen = Set<String>()
        func checked(_ node: YAMLNode, prefix: String?) throws(SpecError) -> String {
            let code = try node.string()
            guard Self.isCode(code) else { throw node.fail("must be <group>.<name> (lowercase, digits, _), got `\(code)`") }
            if let prefix, !code.hasPrefix(prefix + ".") { throw node.fail("must start with `\(prefix).`, got `\(code)`") }
            guard seen.insert(code).inserted else { throw node.fail("`\(code)` is declared twice") }
            guard !declaredElsewhere.contains(code) else { throw node.fail("`\(code)` is already declared by another spec file") }
            return code
        }
        let codes = try top["codes"]!.sequence().map { (n: YAMLNode) throws(SpecError) -> Code in
            let r = try n.record(required: ["code", "doc"])
            return Code(code: try checked(r["code"]!, prefix: nil), doc: try r.string("doc"))
        }
        let reverts = try top["reverts"]!.sequence().map { (n: YAMLNode) throws(SpecError) -> Revert in
            let r = try n.record(required: ["code", "revert", "doc"])
            return Revert(code: try checked(r["code"]!, prefix: "chain"), revert: try r.string("revert"), doc: try r.string("doc"))
        }
        return ErrorsSpec(codes: codes, reverts: reverts)
    }

    /// `<group>.<name>`: two or more dotted parts of lowercase letters, digits and `_` (guard
    /// codes, `<Input>.<name>`, live in spec/channel.yaml).
    public static func isCode(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { return false }
        return parts.allSatisfy { $0.allSatisfy { c in (c.isASCII && (c.isLowercase || c.isNumber)) || c == "_" } }
    }
}

/// The one table of error codes: every code any spec file declares, with where it is declared
/// and what it means. `netting explain` and `netting spec list` read it; a test checks that every
/// code the Swift sources can produce is in it.
public enum ErrorTable {
    public struct Entry: Equatable, Sendable {
        public let code: String
        /// guard, decode, leniency, canonical, revert, crypto or error.
        public let kind: String
        /// The spec file and section that declares it.
        public let source: String
        public let doc: String
        /// Further facts: a guard's outcome and Raiden clause, a revert's reason string.
        public let details: [String]
    }

    public static func build(messages: MessagesSpec, channel: ChannelSpec, vectors: VectorsSpec, errors: ErrorsSpec) -> [Entry] {
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        func add(_ e: Entry) {
            if let i = index[e.code] {
                // One code, declared in two places (a signature code is a decode error and a crypto code): one entry.
                let old = entries[i]
                entries[i] = Entry(code: old.code, kind: old.kind, source: old.source + "; " + e.source, doc: old.doc, details: old.details + [e.doc] + e.details)
            } else {
                index[e.code] = entries.count
                entries.append(e)
            }
        }
        for t in channel.transitions {
            for g in t.guards {
                var details = ["outcome: \(g.outcome.rawValue) (transition \(t.name), input \(t.input))", "Raiden: \(g.source)"]
                if let clause = g.clause { details.append("clause: \(clause)") }
                add(Entry(code: g.code, kind: "guard", source: "spec/channel.yaml transitions", doc: g.when, details: details))
            }
        }
        for c in channel.canonical.errors {
            add(Entry(code: c.name, kind: "canonical", source: "spec/channel.yaml canonical.errors", doc: c.doc, details: []))
        }
        for c in messages.errors { add(Entry(code: c.code, kind: "decode", source: "spec/messages.yaml decoding.errors", doc: c.doc, details: [])) }
        for c in messages.leniencies {
            add(Entry(code: c.code, kind: "leniency", source: "spec/messages.yaml decoding.leniencies", doc: c.doc, details: ["accepted by the raiden policy, rejected by strict"]))
        }
        for r in vectors.reverts {
            add(Entry(code: r.code, kind: "revert", source: "spec/vectors.yaml reverts", doc: r.doc, details: ["the contract reverts with \"\(r.revert)\""]))
        }
        for c in vectors.cryptoCodes {
            add(Entry(code: c.code, kind: c.kind == "leniency" ? "leniency" : "crypto", source: "spec/vectors.yaml crypto_codes", doc: c.doc, details: []))
        }
        for r in errors.reverts {
            add(Entry(code: r.code, kind: "revert", source: "spec/errors.yaml reverts", doc: r.doc, details: ["the contract reverts with \"\(r.revert)\""]))
        }
        for c in errors.codes { add(Entry(code: c.code, kind: "error", source: "spec/errors.yaml codes", doc: c.doc, details: [])) }
        // A state file is refused with the invariant it breaks (netting state show, step, chain).
        for i in channel.invariants {
            add(Entry(
                code: "invariant.\(i.name)", kind: "error", source: "spec/channel.yaml invariants",
                doc: "a state file, or the state a step would save, breaks the invariant: \(i.check)", details: ["source: \(i.source)"]))
        }
        return entries
    }

    /// The codes the other spec files declare, which spec/errors.yaml must not declare again.
    public static func declared(messages: MessagesSpec, channel: ChannelSpec, vectors: VectorsSpec) -> Set<String> {
        Set(channel.codes + channel.canonical.errors.map(\.name) + messages.errors.map(\.code) + messages.leniencies.map(\.code)
            + vectors.reverts.map(\.code) + vectors.cryptoCodes.map(\.code))
    }
}
