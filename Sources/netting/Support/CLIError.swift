import ArgumentParser
import NettingCodec
import NettingCrypto

/// A rejected input: one line naming the field, a stable code and the reason; exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let field: String
    let code: String
    let reason: String

    var description: String { "\(field): \(reason) [\(code)]" }

    init(field: String, code: String, reason: String) {
        (self.field, self.code, self.reason) = (field, code, reason)
    }

    init(field: String, _ error: ValueError) {
        self.init(field: field, code: error.code, reason: error.reason)
    }

    init(field: String, _ error: SignatureError) {
        self.init(field: field, code: error.code, reason: error.reason)
    }
}

/// Parsing of command-line values, naming the option in every error.
enum Arg {
    static func bytes(_ text: String, field: String) throws -> [UInt8] {
        do { return try Hex.decode(text, requirePrefix: false) } catch { throw CLIError(field: field, error) }
    }

    static func bytes(_ text: String, count: Int, field: String) throws -> [UInt8] {
        do { return try Hex.decode(text, count: count, requirePrefix: false) } catch { throw CLIError(field: field, error) }
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
            do { return NettingCodec.Lock(amount: value, expiration: expiration, secrethash: try Hash32(hex: parts[2])) } catch {
                throw CLIError(field: field + " secrethash", error)
            }
        }
        let raw = try bytes(text, count: 96, field: field)
        return NettingCodec.Lock(
            amount: try! UInt256(bigEndian: raw[32..<64]), expiration: try! UInt256(bigEndian: raw[0..<32]),
            secrethash: try! Hash32(raw[64..<96]))
    }
}
