import NettingCrypto
import Yams

/// A spec or scenario file that does not fit its schema: where (the file when known, the YAML
/// line and column, the key path; empty for the document itself) and why, in one line.
public struct SpecError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let column: Int?
    public let reason: String
    /// The file, when the error is about a file the caller named (see `within(_:)`).
    public let file: String?

    public init(_ path: String, line: Int? = nil, column: Int? = nil, _ reason: String, file: String? = nil) {
        (self.path, self.line, self.column, self.reason, self.file) = (ErrorText.bounded(path), line, column, ErrorText.bounded(reason), file)
    }

    /// `file:line:column: path: reason`, each part only when known.
    public var description: String {
        let position = [file, line.map(String.init), line == nil ? nil : column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return [position, path].filter { !$0.isEmpty }.map { $0 + ": " }.joined() + reason
    }
}

/// Strict, path-aware access to a YAML node: unknown keys, missing keys and wrong kinds are
/// `SpecError`s that name the key path and line. Mapping order is preserved.
public struct YAMLNode {
    let node: Node
    public let path: String

    /// Parses YAML text. A syntax error is one line with the parser's problem and its line and
    /// column (never the parser's multi-line dump, nor the text itself); the caller names the file.
    public static func parse(_ text: String, file: String) throws(SpecError) -> YAMLNode {
        try YAMLAliasGuard.check(text)
        let parsed: Node?
        do { parsed = try Yams.compose(yaml: text) } catch { throw oneLine(error) }
        guard let node = parsed else { throw SpecError("", line: 1, "is empty: expected a YAML mapping") }
        return YAMLNode(node: node, path: "")
    }

    /// A Yams error as one line: the problem (at most 200 characters) and its position.
    static func oneLine(_ error: any Error) -> SpecError {
        func short(_ s: String) -> String { s.count > 200 ? String(s.prefix(200)) + "…" : s }
        guard let e = error as? YamlError else { return SpecError("", "is not valid YAML") }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\(short($0.text)) at line \($0.mark.line))" } ?? ""
            return SpecError("", line: mark.line, column: mark.column, "is not valid YAML: \(short(problem))\(while_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().prefix(5).map { "`\(short($0))`" }.joined(separator: ", ")
            // Yams marks the key's first occurrence; point at the second, the one to remove.
            if duplicates.count == 1, let second = secondOccurrence(of: duplicates[0], after: context.mark, in: context.text) {
                return SpecError("", line: second.line, column: second.column, "has a key twice in one mapping: \(keys) (first at line \(context.mark.line))")
            }
            return SpecError("", line: context.mark.line, column: context.mark.column, "has a key twice in one mapping: \(keys)")
        case .reader(let problem, _, _, _):
            return SpecError("", "is not valid YAML text: \(short(problem))")
        case .no, .memory, .writer, .emitter, .representer, .dataCouldNotBeDecoded:
            return SpecError("", "is not valid YAML")
        }
    }

    /// The block-style line after `mark` that starts, at the same column, with `key:` (a
    /// duplicate key in the same mapping); nil when there is none (a flow mapping, say).
    static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().dropFirst(mark.line) {
            let indent = line.prefix { $0 == " " }.count
            if line.dropFirst(indent).isEmpty || line.dropFirst(indent).hasPrefix("#") { continue }
            if indent + 1 < mark.column { return nil }  // the mapping ended
            guard indent + 1 == mark.column else { continue }
            let rest = line.dropFirst(indent)
            if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") { return (i + 1, mark.column) }
        }
        return nil
    }

    public var column: Int? { node.mark.map { $0.column } }

    public var line: Int? { node.mark.map { $0.line } }

    public func fail(_ reason: String) -> SpecError { SpecError(path, line: line, column: column, reason) }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The mapping's entries in order, after checking its keys.
    public func mapping(required: Set<String> = [], optional: Set<String> = []) throws(SpecError) -> [(String, YAMLNode)] {
        guard let mapping = node.mapping else { throw fail("must be a mapping") }
        var seen = Set<String>()
        var out: [(String, YAMLNode)] = []
        for (k, v) in mapping {
            guard let key = k.string else { throw fail("has a key that is not a string") }
            guard seen.insert(key).inserted else { throw SpecError(child(key), line: k.mark?.line, column: k.mark?.column, "is given twice") }
            if !(required.isEmpty && optional.isEmpty) && !required.contains(key) && !optional.contains(key) {
                let allowed = (required.union(optional)).sorted().joined(separator: ", ")
                throw SpecError(child(key), line: k.mark?.line, column: k.mark?.column, "is not a known key here (allowed: \(allowed))")
            }
            out.append((key, YAMLNode(node: v, path: child(key))))
        }
        for key in required.sorted() where !seen.contains(key) {
            throw fail("lacks the required key `\(key)`")
        }
        return out
    }

    /// A mapping read as a record with known keys.
    public func record(required: Set<String>, optional: Set<String> = []) throws(SpecError) -> Record {
        Record(node: self, entries: Dictionary(uniqueKeysWithValues: try mapping(required: required, optional: optional)))
    }

    public func sequence() throws(SpecError) -> [YAMLNode] {
        guard let seq = node.sequence else { throw fail("must be a list") }
        return seq.enumerated().map { YAMLNode(node: $1, path: "\(path)[\($0)]") }
    }

    public func string() throws(SpecError) -> String {
        guard case .scalar(let s) = node else { throw fail("must be a string") }
        return s.string
    }

    public func int() throws(SpecError) -> Int {
        guard case .scalar(let s) = node, let v = Int(s.string) else { throw fail("must be an integer") }
        return v
    }

    public func bool() throws(SpecError) -> Bool {
        guard case .scalar(let s) = node else { throw fail("must be true or false") }
        switch s.string {
        case "true": return true
        case "false": return false
        default: throw fail("must be true or false")
        }
    }
}

public struct Record {
    public let node: YAMLNode
    let entries: [String: YAMLNode]

    public subscript(_ key: String) -> YAMLNode? { entries[key] }

    public func string(_ key: String) throws(SpecError) -> String {
        guard let v = entries[key] else { throw node.fail("lacks the required key `\(key)`") }
        return try v.string()
    }

    public func optionalString(_ key: String) throws(SpecError) -> String? { try entries[key]?.string() }
    public func optionalInt(_ key: String) throws(SpecError) -> Int? { try entries[key]?.int() }
}
