/// spec/vectors.yaml `reverts`: the settlement suite's codes, each a way the TokenNetwork of
/// raiden-contracts 0.40.2 reverts settleChannel or unlock, with the contract's reason string and
/// the flags its cases carry.
extension VectorsSpec {
    public struct Revert: Equatable, Sendable {
        /// `settle.<reason>` or `unlock.<reason>`: stable, as the vectors carry it.
        public let code: String
        /// The contract's reason string, or `Panic(0x11)` for Solidity 0.8's checked arithmetic.
        public let revert: String
        /// The flags of a case that reverts with this code, in the order given; each one declared.
        public let flags: [String]
        public let doc: String
    }

    /// Reads `reverts`: every code once, of the form `settle.<reason>` or `unlock.<reason>`
    /// (lowercase, digits and underscores), a reason string, and at least one flag, each one of
    /// `flagNames` (the flags the spec declares).
    static func loadReverts(_ node: YAMLNode, flagNames: [String]) throws(SpecError) -> [Revert] {
        let declared = Set(flagNames)
        var seen = Set<String>()
        return try node.sequence().map { (n: YAMLNode) throws(SpecError) -> Revert in
            let r = try n.record(required: ["code", "revert", "flags", "doc"])
            let code = try r.string("code")
            let parts = code.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, ["settle", "unlock"].contains(parts[0]), !parts[1].isEmpty,
                parts[1].allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_" })
            else { throw r["code"]!.fail("must be settle.<reason> or unlock.<reason> (lowercase, digits, _), got `\(code)`") }
            guard seen.insert(code).inserted else { throw r["code"]!.fail("`\(code)` is declared twice") }
            let names = try r["flags"]!.sequence().map { (f: YAMLNode) throws(SpecError) -> String in
                let name = try f.string()
                guard declared.contains(name) else { throw f.fail("`\(name)` is not a flag of `flags`") }
                return name
            }
            guard !names.isEmpty else { throw r["flags"]!.fail("is empty: every revert code must carry at least one flag") }
            return Revert(code: code, revert: try r.string("revert"), flags: names, doc: try r.string("doc"))
        }
    }

    /// The spec with its `reverts` read from `top` (the document's record).
    func withReverts(_ top: Record) throws(SpecError) -> VectorsSpec {
        var spec = self
        spec.reverts = try Self.loadReverts(top["reverts"]!, flagNames: flags.map(\.name))
        return spec
    }
}

extension VectorsGenerator {
    /// The `reverts` tables of Vectors.swift: each code with its reason string, and its flags.
    static func revertsSwift(spec: VectorsSpec, quoted: (String) -> String) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line()
        line("extension VectorsSpecTable {")
        line("    /// The settlement suite's codes (spec/vectors.yaml reverts): how the TokenNetwork of")
        line("    /// raiden-contracts 0.40.2 reverts settleChannel or unlock, with its reason string.")
        line("    public static let reverts: [(code: String, revert: String, doc: String)] = [")
        for r in spec.reverts { line("        (\(quoted(r.code)), \(quoted(r.revert)), \(quoted(r.doc))),") }
        line("    ]")
        line("}")
        line()
        line("extension VectorFlag {")
        line("    /// The flags of a case that reverts with a settlement code (spec/vectors.yaml reverts), in spec order.")
        line("    public static let byRevertCode: [String: [VectorFlag]] = [")
        for r in spec.reverts { line("        \(quoted(r.code)): [\(r.flags.map { "." + Naming.camel($0) }.joined(separator: ", "))],") }
        line("    ]")
        line("}")
        return out
    }
}
