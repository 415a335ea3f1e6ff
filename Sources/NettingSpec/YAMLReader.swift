import Yams

/// A spec file that does not fit its schema: where (a key path and the YAML line) and why.
public struct SpecError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let reason: String

    public init(_ path: String, line: Int? = nil, _ reason: String) {
        (self.path, self.line, self.reason) = (path, line, reason)
    }

    public var description: String {
        let at = line.map { " (line \($0))" } ?? ""
        return "\(path.isEmpty ? "<root>" : path)\(at): \(reason)"
    }
}

/// Strict, path-aware access to a YAML node: unknown keys, missing keys and wrong kinds are
/// `SpecError`s that name the key path and line. Mapping order is preserved.
public struct YAMLNode {
    let node: Node
    public let path: String

    public static func parse(_ text: String, file: String) throws(SpecError) -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw SpecError(file, "is empty") }
            return YAMLNode(node: node, path: "")
        } catch let error as SpecError {
            throw error
        } catch {
            throw SpecError(file, "is not valid YAML: \(error)")
        }
    }

    public var line: Int? { node.mark.map { $0.line } }

    public func fail(_ reason: String) -> SpecError { SpecError(path, line: line, reason) }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The mapping's entries in order, after checking its keys.
    public func mapping(required: Set<String> = [], optional: Set<String> = []) throws(SpecError) -> [(String, YAMLNode)] {
        guard let mapping = node.mapping else { throw fail("must be a mapping") }
        var seen = Set<String>()
        var out: [(String, YAMLNode)] = []
        for (k, v) in mapping {
            guard let key = k.string else { throw fail("has a key that is not a string") }
            guard seen.insert(key).inserted else { throw SpecError(child(key), line: k.mark?.line, "is given twice") }
            if !(required.isEmpty && optional.isEmpty) && !required.contains(key) && !optional.contains(key) {
                let allowed = (required.union(optional)).sorted().joined(separator: ", ")
                throw SpecError(child(key), line: k.mark?.line, "is not a known key here (allowed: \(allowed))")
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
