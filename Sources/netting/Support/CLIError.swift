import ArgumentParser
import NettingCodec
import NettingCrypto
import NettingSpec

/// A rejected input or a failed command: a stable code (spec/errors.yaml or another spec file's
/// table; `netting explain CODE` describes it), where (the file, its line and column, the key
/// path or option), and a reason. Every command's errors are rendered by `ErrorRenderer`, in one
/// line of text on standard error or one JSON object on standard output with --json; exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let code: String
    let reason: String
    var file: String? = nil
    var line: Int? = nil
    var column: Int? = nil
    /// The key path inside the file (`steps[0].pay.amount`), or the option or argument (`--key`); empty when the error is about the input as a whole.
    var path: String = ""

    init(file: String? = nil, line: Int? = nil, column: Int? = nil, path: String = "", code: String, reason: String) {
        // Paths and reasons quote hostile input: a short excerpt on one line, never all of it.
        (self.file, self.line, self.column, self.path, self.code, self.reason) =
            (file, line, column, ErrorText.bounded(path), code, ErrorText.bounded(reason))
    }

    /// An error about an option, an argument or a named thing (`--key`, `<file>`, `spec`).
    init(field: String, code: String, reason: String) {
        self.init(path: field, code: code, reason: reason)
    }

    init(field: String, _ error: ValueError) {
        self.init(field: field, code: error.code, reason: error.reason)
    }

    init(field: String, _ error: SignatureError) {
        self.init(field: field, code: error.code, reason: error.reason)
    }

    /// A spec or scenario file's error: its file, line, column and key path.
    init(_ error: SpecError, file: String, code: String) {
        self.init(file: error.file ?? (file.isEmpty ? nil : file), line: error.line, column: error.column, path: error.path, code: code, reason: error.reason)
    }

    /// `file:line:column: path: reason [code]`, each part only when known; one line.
    var description: String {
        let source = file ?? (line == nil ? nil : "<standard input>")
        let position = [source, line.map(String.init), line == nil ? nil : column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        let prefix = [position, path].filter { !$0.isEmpty }.map { $0 + ": " }.joined()
        return ErrorRenderer.oneLine(prefix + reason) + " [\(code)]"
    }

    /// `{"error": {"code", "file", "line", "column", "path", "reason"}}`: every key present, null
    /// when unknown (`path` too, when the error is about the input or the command line as a whole).
    var json: String { json(key: "error") }

    /// The same object under another key: `{"ignored": {…}}` for an input the machine ignores.
    func json(key: String) -> String {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key(key)
        w.beginObject()
        w.field("code", code)
        w.key("file"); if let file { w.string(file) } else { w.null() }
        w.key("line"); if let line { w.string(String(line)) } else { w.null() }
        w.key("column"); if let column { w.string(String(column)) } else { w.null() }
        w.key("path"); if path.isEmpty { w.null() } else { w.string(path) }
        w.field("reason", ErrorRenderer.oneLine(reason))
        w.endObject()
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// Parsing of command-line values, naming the option in every error.
enum Arg {
    static func bytes(_ text: String, field: String) throws -> [UInt8] {
        try abbreviationCheck(text, field: field)
        do { return try Hex.decode(text, requirePrefix: false) } catch { throw CLIError(field: field, error) }
    }

    static func bytes(_ text: String, count: Int, field: String) throws -> [UInt8] {
        try abbreviationCheck(text, field: field, digits: count * 2)
        do { return try Hex.decode(text, count: count, requirePrefix: false) } catch { throw CLIError(field: field, error) }
    }

    /// `0x11…11` in an example is an abbreviation, not a value: say so rather than count digits.
    static func abbreviationCheck(_ text: String, field: String, digits: Int? = nil) throws {
        guard text.contains("…") || text.contains("...") else { return }
        let want = digits.map { "all \($0) hex digits" } ?? "every hex digit"
        throw CLIError(field: field, code: ValueError.invalidHexCharacter("…", offset: 0).code,
            reason: "contains an ellipsis: `0x11…11` in examples abbreviates a value; write \(want) (e.g. 0x\(String(repeating: "11", count: min(digits ?? 4, 64) / 2)))")
    }

    static func privateKey(_ text: String, field: String = "--key") throws -> PrivateKey {
        let raw = try bytes(text, count: 32, field: field)
        do { return try PrivateKey(raw) } catch { throw CLIError(field: field, error) }
    }

    static func signature(_ text: String, field: String = "--signature") throws -> Signature {
        let raw = try bytes(text, count: 65, field: field)
        do { return try Signature(raw) } catch { throw CLIError(field: field, error) }
    }
}

extension Arg {
    static func address(_ text: String, field: String) throws -> Address {
        try abbreviationCheck(text, field: field, digits: 40)
        do { return try Address(hex: text) } catch { throw CLIError(field: field, error) }
    }

    static func amount(_ text: String, field: String) throws -> UInt256 {
        if text.hasPrefix("-") { throw CLIError(field: field, code: "value.negative", reason: "is \(text): amounts are never negative") }
        do { return try UInt256(decimal: text) } catch { throw CLIError(field: field, error) }
    }

    /// A block number, timeout or seed: decimal, 0 … 2^64 − 1.
    static func u64(_ text: String, field: String) throws -> UInt64 {
        if text.hasPrefix("-") { throw CLIError(field: field, code: "value.negative", reason: "is \(text): it is never negative") }
        let value = try amount(text, field: field)
        guard let small = value.uint64 else {
            throw CLIError(field: field, code: "value.out_of_range", reason: "is \(text), above 2^64 - 1")
        }
        return small
    }

    /// A lock as `expiration:amount:secrethash` or its 96-byte encoding in hex.
    static func lock(_ text: String, field: String) throws -> NettingCodec.Lock {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 {
            let expiration = try amount(String(parts[0]), field: field + " expiration")
            let value = try amount(String(parts[1]), field: field + " amount")
            try abbreviationCheck(String(parts[2]), field: field + " secrethash", digits: 64)
            do { return NettingCodec.Lock(amount: value, expiration: expiration, secrethash: try Hash32(hex: parts[2])) } catch {
                throw CLIError(field: field + " secrethash", error)
            }
        }
        if parts.count > 1 {
            throw CLIError(field: field, code: "value.bad_lock",
                reason: "has \(parts.count) parts separated by `:`; a lock is expiration:amount:secrethash (3 parts) or its 96-byte encoding in hex")
        }
        let raw = try bytes(text, count: 96, field: field)
        return NettingCodec.Lock(
            amount: try! UInt256(bigEndian: raw[32..<64]), expiration: try! UInt256(bigEndian: raw[0..<32]),
            secrethash: try! Hash32(raw[64..<96]))
    }
}
