/// Why a textual value (hex, decimal, address) was rejected. Each case has a stable `code`;
/// the `reason` is for people and may change. Callers that know the field add its name.
public enum ValueError: Error, Equatable, Sendable {
    case empty
    case missingHexPrefix
    case oddHexLength(digits: Int)
    case invalidHexCharacter(Character, offset: Int)
    case wrongByteLength(expected: Int, actual: Int)
    case badChecksum(expected: String)
    case invalidDecimalCharacter(Character, offset: Int)
    case outOfRange(bits: Int)

    public var code: String {
        switch self {
        case .empty: "value.empty"
        case .missingHexPrefix: "value.missing_hex_prefix"
        case .oddHexLength: "value.odd_hex_length"
        case .invalidHexCharacter: "value.invalid_hex_character"
        case .wrongByteLength: "value.wrong_byte_length"
        case .badChecksum: "value.bad_checksum"
        case .invalidDecimalCharacter: "value.invalid_decimal_character"
        case .outOfRange: "value.out_of_range"
        }
    }

    public var reason: String {
        switch self {
        case .empty: "is empty"
        case .missingHexPrefix: "must start with 0x"
        case .oddHexLength(let digits): "has an odd number of hex digits (\(digits))"
        case .invalidHexCharacter(let c, let offset): "has \(c.debugDescription) at offset \(offset), which is not a hex digit"
        case .wrongByteLength(let expected, let actual): "must be \(expected) bytes, got \(actual)"
        case .badChecksum(let expected): "has mixed case but a wrong EIP-55 checksum (expected \(expected))"
        case .invalidDecimalCharacter(let c, let offset):
            "has \(c.debugDescription) at offset \(offset); only the digits 0-9 are allowed (no sign, space or hex)"
        case .outOfRange(let bits): "does not fit in \(bits) bits (maximum 2^\(bits)-1)"
        }
    }
}

extension ValueError: CustomStringConvertible {
    public var description: String { "\(code): \(reason)" }
}
