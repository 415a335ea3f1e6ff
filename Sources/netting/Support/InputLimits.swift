/// The documented size limits of what netting reads (README, "Hostile input"). Beyond a limit
/// the input is refused with `input.too_large` (Files.read) before it is parsed; below it,
/// memory stays a small multiple of the input (the JSON parser's tape is linear in the bytes).
enum InputLimits {
    /// One wire message: a file holding one JSON value, or one line of JSON lines.
    static let message = 1 << 20
    /// A file or stream of messages (JSON lines).
    static let messages = 64 << 20
    /// A scenario file (YAML).
    static let scenario = 1 << 20
    /// A state file.
    static let stateFile = 4 << 20
    /// A `netting step` input (YAML or JSON).
    static let stepInput = 1 << 20

    static func tooLarge(field: String, what: String, limit: Int) -> CLIError {
        CLIError(field: field, code: "input.too_large", reason: "is larger than \(limit) bytes, the limit for \(what)")
    }
}
