/// A parsed JSON value. Objects keep their members in input order (duplicates included), and
/// numbers keep their exact text, so a value can be re-encoded or hashed exactly as received.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's text as written (RFC 8259 grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) { (self.key, self.value) = (key, value) }
}

public struct JSONObject: Equatable, Sendable {
    public var members: [JSONMember]
    public init(members: [JSONMember]) { self.members = members }

    /// The value of the last member with this key (Python's json keeps the last duplicate).
    public subscript(key: String) -> JSONValue? {
        for member in members.reversed() where member.key == key { return member.value }
        return nil
    }

    /// Keys that appear more than once, in first-appearance order.
    public var duplicateKeys: [String] {
        guard members.count > 1 else { return [] }
        var seen = Set<String>(), dups: [String] = []
        for m in members where !seen.insert(m.key).inserted && !dups.contains(m.key) { dups.append(m.key) }
        return dups
    }
}
