/// JSON for people: two-space indentation, one member or element a line, members in their stored
/// order. Empty objects and arrays, and arrays of scalars only, stay on one line. The value is
/// the same as the compact form's (only whitespace between tokens differs).
extension JSONValue {
    package func pretty() -> String {
        var out = ""
        write(&out, indent: "")
        return out
    }

    private func scalarText() -> String {
        var w = JSONWriter(capacity: 64)
        w.value(self)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private var isScalar: Bool {
        switch self {
        case .null, .bool, .number, .string: true
        case .array, .object: false
        }
    }

    private func write(_ out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .null, .bool, .number, .string:
            out += scalarText()
        case .array(let items) where items.isEmpty || items.allSatisfy(\.isScalar):
            out += scalarText()
        case .array(let items):
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += inner
                item.write(&out, indent: inner)
                out += k + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let object) where object.members.isEmpty:
            out += "{}"
        case .object(let object):
            out += "{\n"
            for (k, member) in object.members.enumerated() {
                out += inner + JSONValue.string(member.key).scalarText() + ": "
                member.value.write(&out, indent: inner)
                out += k + 1 < object.members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }
}
