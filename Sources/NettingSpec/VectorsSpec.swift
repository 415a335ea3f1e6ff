import NettingCrypto

/// spec/vectors.yaml as a value: the corpus version and changelog, the case results, the suites
/// and the flags with the codes each one covers (guard codes of spec/channel.yaml, decode error
/// and leniency codes of spec/messages.yaml).
public struct VectorsSpec: Equatable, Sendable {
    public static let schemaName = "nettingkit.vectors/1"

    public struct Flag: Equatable, Sendable {
        public let name, doc: String
        /// Guard codes: exact codes, or patterns with `*` standing for one dotted part.
        public let codes: [String]
        /// Decode error codes (spec/messages.yaml `decoding.errors`), exact or patterns.
        public let decodeErrors: [String]
        /// Leniency codes (spec/messages.yaml `decoding.leniencies`), exact or patterns.
        public let leniencies: [String]

        public func covers(_ code: String) -> Bool { codes.contains { VectorsSpec.matches($0, code) } }
        public func covers(decodeError code: String) -> Bool { decodeErrors.contains { VectorsSpec.matches($0, code) } }
        public func covers(leniency code: String) -> Bool { leniencies.contains { VectorsSpec.matches($0, code) } }
    }

    public let version: String
    public let changelog: [(version: String, text: String)]
    public let results: [ChannelSpec.Named]
    public let suites: [ChannelSpec.Named]
    public let flags: [Flag]
    /// The settlement suite's revert codes with their reason strings and flags (`reverts`).
    public internal(set) var reverts: [Revert] = []
    /// spec/messages.yaml's decode error and leniency codes, in its order: the flags' tables cover them.
    public let decodeErrorCodes: [String]
    public let leniencyCodes: [String]
    /// The crypto suite's codes with their kinds and flags (`crypto_codes`).
    public internal(set) var cryptoCodes: [CryptoCode] = []

    public static func == (a: VectorsSpec, b: VectorsSpec) -> Bool {
        a.version == b.version && a.changelog.map(\.version) == b.changelog.map(\.version) && a.changelog.map(\.text) == b.changelog.map(\.text)
            && a.results == b.results && a.suites == b.suites && a.flags == b.flags
            && a.reverts == b.reverts
            && a.decodeErrorCodes == b.decodeErrorCodes && a.leniencyCodes == b.leniencyCodes
            && a.cryptoCodes == b.cryptoCodes
    }

    /// `Subject.reason` against a pattern whose parts are literal or `*`.
    public static func matches(_ pattern: String, _ code: String) -> Bool {
        let p = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let c = code.split(separator: ".", omittingEmptySubsequences: false)
        return p.count == c.count && zip(p, c).allSatisfy { $0 == "*" || $0 == $1 }
    }

    /// The flags of a case that fails with `code`, in spec order.
    public func flags(for code: String) -> [String] { flags.filter { $0.covers(code) }.map(\.name) }

    /// The flags of a case that fails with the decode error `code`, in spec order.
    public func flags(forDecodeError code: String) -> [String] { flags.filter { $0.covers(decodeError: code) }.map(\.name) }

    /// The flags of a case that uses the leniency `code`, in spec order.
    public func flags(forLeniency code: String) -> [String] { flags.filter { $0.covers(leniency: code) }.map(\.name) }

    /// Parses and validates spec/vectors.yaml; every guard code of `channel`, and every decode
    /// error and leniency code of `messages`, must carry a flag.
    public static func load(yaml text: String, channel: ChannelSpec, messages: MessagesSpec, file: String = "spec/vectors.yaml") throws(SpecError) -> VectorsSpec {
        let root = try YAMLNode.parse(text, file: file)
        let top = try root.record(required: ["schema", "version", "changelog", "results", "suites", "flags", "reverts", "crypto_codes"])
        guard try top.string("schema") == schemaName else { throw top["schema"]!.fail("must be \(schemaName)") }
        let version = try top.string("version")
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
            throw top["version"]!.fail("must be a semantic version MAJOR.MINOR.PATCH")
        }
        let changelog = try top["changelog"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["version", "text"])
            return (version: try r.string("version"), text: try r.string("text"))
        }
        guard changelog.contains(where: { $0.version == version }) else {
            throw top["changelog"]!.fail("has no entry for version \(version)")
        }
        func named(_ key: String) throws(SpecError) -> [ChannelSpec.Named] {
            try top[key]!.sequence().map { (n: YAMLNode) throws(SpecError) in
                let r = try n.record(required: ["name", "doc"])
                return ChannelSpec.Named(name: try r.string("name"), doc: try r.string("doc"))
            }
        }
        let flags = try top["flags"]!.sequence().map { (n: YAMLNode) throws(SpecError) in
            let r = try n.record(required: ["name", "doc"], optional: ["codes", "decode_errors", "leniencies"])
            func list(_ key: String) throws(SpecError) -> [String] {
                try r[key]?.sequence().map { (c: YAMLNode) throws(SpecError) in try c.string() } ?? []
            }
            return Flag(
                name: try r.string("name"), doc: try r.string("doc"),
                codes: try list("codes"), decodeErrors: try list("decode_errors"), leniencies: try list("leniencies"))
        }
        let spec = VectorsSpec(
            version: version, changelog: changelog, results: try named("results"), suites: try named("suites"), flags: flags,
            decodeErrorCodes: messages.errors.map(\.code), leniencyCodes: messages.leniencies.map(\.code))
        var seen = Set<String>()
        for f in flags where !seen.insert(f.name).inserted { throw SpecError("flags.\(f.name)", "is declared twice") }
        for f in flags {
            for pattern in f.codes where !channel.codes.contains(where: { matches(pattern, $0) }) {
                throw SpecError("flags.\(f.name).codes", "`\(pattern)` matches no guard code")
            }
        }
        for code in channel.codes where spec.flags(for: code).isEmpty {
            throw SpecError("flags", "no flag covers the guard code \(code)")
        }
        for f in flags {
            for pattern in f.decodeErrors where !spec.decodeErrorCodes.contains(where: { matches(pattern, $0) }) {
                throw SpecError("flags.\(f.name).decode_errors", "`\(pattern)` matches no decode error code of spec/messages.yaml")
            }
            for pattern in f.leniencies where !spec.leniencyCodes.contains(where: { matches(pattern, $0) }) {
                throw SpecError("flags.\(f.name).leniencies", "`\(pattern)` matches no leniency code of spec/messages.yaml")
            }
        }
        for code in spec.decodeErrorCodes where spec.flags(forDecodeError: code).isEmpty {
            throw SpecError("flags", "no flag covers the decode error code \(code)")
        }
        for code in spec.leniencyCodes where spec.flags(forLeniency: code).isEmpty {
            throw SpecError("flags", "no flag covers the leniency code \(code)")
        }
        return try spec.withReverts(top).withCryptoCodes(top, channel: channel)
    }
}

/// Writes `Sources/NettingVectors/Generated/Vectors.swift` from spec/vectors.yaml: the corpus
/// version, the results and suites, and each flag with the guard, decode error and leniency codes
/// it covers.
public enum VectorsGenerator {
    public static func swift(spec: VectorsSpec, channel: ChannelSpec, specText: String) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        line("// Generated by `netting spec generate` from spec/vectors.yaml. DO NOT EDIT.")
        line("// spec/vectors.yaml sha256: \(SecretHash.sha256(Array(specText.utf8)).hex.dropFirst(2))")
        line("// swift-format-ignore-file")
        line()
        line("/// spec/vectors.yaml as tables.")
        line("public enum VectorsSpecTable {")
        line("    /// The SHA-256 of spec/vectors.yaml, as this file was generated from it.")
        line("    public static let specSHA256 = \"\(SecretHash.sha256(Array(specText.utf8)).hex.dropFirst(2))\"")
        line("    /// The corpus version (semver).")
        line("    public static let version = \(quoted(spec.version))")
        line("    public static let changelog: [(version: String, text: String)] = [")
        for c in spec.changelog { line("        (\(quoted(c.version)), \(quoted(c.text))),") }
        line("    ]")
        line("    public static let suites: [(name: String, doc: String)] = [")
        for s in spec.suites { line("        (\(quoted(s.name)), \(quoted(s.doc))),") }
        line("    ]")
        line("}")
        line()
        line("/// A case's result (spec/vectors.yaml results).")
        line("public enum VectorResult: String, Sendable, CaseIterable {")
        for r in spec.results { line("    /// \(r.doc)"); line("    case \(r.name)") }
        line()
        line("    public var doc: String {")
        line("        switch self {")
        for r in spec.results { line("        case .\(r.name): \(quoted(r.doc))") }
        line("        }")
        line("    }")
        line("}")
        line()
        line("/// The class of a non-valid case (spec/vectors.yaml flags).")
        line("public enum VectorFlag: String, Sendable, CaseIterable {")
        for f in spec.flags { line("    /// \(f.doc)"); line("    case \(Naming.camel(f.name)) = \(quoted(f.name))") }
        line()
        line("    public var doc: String {")
        line("        switch self {")
        for f in spec.flags { line("        case .\(Naming.camel(f.name)): \(quoted(f.doc))") }
        line("        }")
        line("    }")
        line()
        line("    /// The flags of a case that fails with a guard code, in spec order.")
        line("    public static let byGuardCode: [String: [VectorFlag]] = [")
        for code in channel.codes {
            line("        \(quoted(code)): [\(spec.flags(for: code).map { "." + Naming.camel($0) }.joined(separator: ", "))],")
        }
        line("    ]")
        line()
        line("    /// The flags of a case that fails with a decode error code (spec/messages.yaml), in spec order.")
        line("    public static let byDecodeError: [String: [VectorFlag]] = [")
        for code in spec.decodeErrorCodes {
            line("        \(quoted(code)): [\(spec.flags(forDecodeError: code).map { "." + Naming.camel($0) }.joined(separator: ", "))],")
        }
        line("    ]")
        line()
        line("    /// The flags of a case that uses a leniency code (spec/messages.yaml), in spec order.")
        line("    public static let byLeniency: [String: [VectorFlag]] = [")
        for code in spec.leniencyCodes {
            line("        \(quoted(code)): [\(spec.flags(forLeniency: code).map { "." + Naming.camel($0) }.joined(separator: ", "))],")
        }
        line("    ]")
        line("}")
        out += revertsSwift(spec: spec, quoted: quoted)
        out += cryptoCodesSwift(spec: spec, quoted: quoted)
        return out
    }
}
