/// spec/vectors.yaml `crypto_codes`: the crypto suite's codes. No other spec file declares
/// them: they are NettingCrypto's refusals of a key or a signature (`SignatureError.code`, and
/// `ValueError.code` for a signature that is not 65 bytes) and the leniencies of Raiden 3.0.1's
/// recover (raiden/utils/signer.py), each with the flags its cases carry.
extension VectorsSpec {
    public struct CryptoCode: Equatable, Sendable {
        /// As NettingCrypto spells it and the vectors carry it (`signature.s_out_of_range`).
        public let code: String
        /// `error`: an invalid case's code, a refusal. `leniency`: an acceptable case's, what
        /// Raiden takes but never makes.
        public let kind: String
        /// The flags of a case with this code, in the order given; each one declared in `flags`.
        public let flags: [String]
        public let doc: String
    }

    public static let cryptoCodeKinds = ["error", "leniency"]

    /// Reads `crypto_codes`: every code once, `<subject>.<reason>` (lowercase, digits, `_`), of a
    /// known kind, with at least one flag of `flags` (named in `declared`), and no guard code.
    static func loadCryptoCodes(_ node: YAMLNode, declared: Set<String>, guardCodes: [String]) throws(SpecError) -> [CryptoCode] {
        var seen = Set<String>(guardCodes)
        return try node.sequence().map { (n: YAMLNode) throws(SpecError) -> CryptoCode in
            let r = try n.record(required: ["code", "kind", "flags", "doc"])
            let code = try r.string("code")
            let parts = code.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "_" } }) else {
                throw r["code"]!.fail("must be <subject>.<reason> (lowercase, digits, _), got `\(code)`")
            }
            guard seen.insert(code).inserted else { throw r["code"]!.fail("`\(code)` is declared twice, or is a guard code") }
            let kind = try r.string("kind")
            guard cryptoCodeKinds.contains(kind) else { throw r["kind"]!.fail("must be one of \(cryptoCodeKinds.joined(separator: ", ")), got `\(kind)`") }
            let names = try r["flags"]!.sequence().map { (f: YAMLNode) throws(SpecError) -> String in
                let name = try f.string()
                guard declared.contains(name) else { throw f.fail("`\(name)` is not a flag of `flags`") }
                return name
            }
            guard !names.isEmpty else { throw r["flags"]!.fail("is empty: every crypto code must carry at least one flag") }
            return CryptoCode(code: code, kind: kind, flags: names, doc: try r.string("doc"))
        }
    }

    /// The spec with its `crypto_codes` read from `top` (the document's record).
    func withCryptoCodes(_ top: Record, channel: ChannelSpec) throws(SpecError) -> VectorsSpec {
        var spec = self
        spec.cryptoCodes = try Self.loadCryptoCodes(top["crypto_codes"]!, declared: Set(flags.map(\.name)), guardCodes: channel.codes)
        return spec
    }
}

extension VectorsGenerator {
    /// The `crypto_codes` tables of Vectors.swift: each code with its kind and meaning, and its flags.
    static func cryptoCodesSwift(spec: VectorsSpec, quoted: (String) -> String) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line()
        line("extension VectorsSpecTable {")
        line("    /// The crypto suite's codes (spec/vectors.yaml crypto_codes): NettingCrypto's refusals")
        line("    /// (kind error) and what Raiden 3.0.1's recover takes but never makes (kind leniency).")
        line("    public static let cryptoCodes: [(code: String, kind: String, doc: String)] = [")
        for c in spec.cryptoCodes { line("        (\(quoted(c.code)), \(quoted(c.kind)), \(quoted(c.doc))),") }
        line("    ]")
        line("}")
        line()
        line("extension VectorFlag {")
        line("    /// The flags of a crypto case with a code (spec/vectors.yaml crypto_codes), in spec order.")
        line("    public static let byCryptoCode: [String: [VectorFlag]] = [")
        for c in spec.cryptoCodes { line("        \(quoted(c.code)): [\(c.flags.map { "." + Naming.camel($0) }.joined(separator: ", "))],") }
        line("    ]")
        line("}")
        return out
    }
}
