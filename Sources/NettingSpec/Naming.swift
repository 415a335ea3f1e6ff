/// One name from the spec, mechanically turned into Swift identifiers.
enum Naming {
    /// snake_case or dotted.path → lowerCamelCase (`message_identifier` → `messageIdentifier`,
    /// `json.wrong_json_type` → `jsonWrongJsonType`).
    static func camel(_ name: String) -> String {
        let parts = name.split(whereSeparator: { $0 == "_" || $0 == "." }).map(String.init)
        guard let first = parts.first else { return name }
        return first + parts.dropFirst().map(upperFirst).joined()
    }

    /// snake_case → UpperCamelCase.
    static func upperCamel(_ name: String) -> String { upperFirst(camel(name)) }

    /// A type name as a lowerCamel enum case: `LockedTransfer` → `lockedTransfer`,
    /// `PFSCapacityUpdate` → `pfsCapacityUpdate`.
    static func caseName(_ typeName: String) -> String {
        let chars = Array(typeName)
        var upperRun = 0
        while upperRun < chars.count, chars[upperRun].isUppercase { upperRun += 1 }
        let lowerCount = upperRun > 1 && upperRun < chars.count ? upperRun - 1 : upperRun
        return String(chars[..<lowerCount]).lowercased() + String(chars[lowerCount...])
    }

    static func upperFirst(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
