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
        var dups: [String] = []
        // Objects on the wire are small: pairwise comparison beats hashing every key.
        for i in 1..<members.count {
            let key = members[i].key
            if !dups.contains(key), members[..<i].contains(where: { $0.key == key }) { dups.append(key) }
        }
        return dups
    }
}
