import NettingCrypto

/// Why a value is not in the canonical form (spec/channel.yaml `canonical.errors`): a stable
/// code, the key path of the offending value (`our_state.pending_locks[2].amount`; empty for the
/// document itself) and a human reason.
public struct CanonicalError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// The text is not one JSON value (RFC 8259), or nests deeper than the limit.
        case syntax = "canonical.syntax"
        /// An object has a key its kind does not define.
        case unknownKey = "canonical.unknown_key"
        /// An object lacks a key its kind requires (optional values are written as `null`).
        case missingKey = "canonical.missing_key"
        /// An object has a key twice.
        case duplicateKey = "canonical.duplicate_key"
        /// A value has the wrong JSON type (a number where a decimal string belongs, …).
        case wrongType = "canonical.wrong_type"
        /// A number is not in its type's range (a u64 above 2^64 − 1, a u256 above 2^256 − 1).
        case outOfRange = "canonical.out_of_range"
        /// A string is not its type's canonical spelling (leading zeros, uppercase hex, a wrong
        /// length, an unknown enumeration value or code).
        case badValue = "canonical.bad_value"
        /// A tagged union's `type` names no member of the union.
        case unknownType = "canonical.unknown_type"
        /// An embedded wire message does not decode under the strict policy, or is of another type.
        case badMessage = "canonical.bad_message"
    }

    public let code: Code
    public let path: String
    public let reason: String

    public init(_ code: Code, path: String, _ reason: String) {
        (self.code, self.path, self.reason) = (code, ErrorText.bounded(path), ErrorText.bounded(reason))
    }

    public var description: String { "\(path.isEmpty ? "(document)" : path): \(reason) [\(code.rawValue)]" }
}

/// A value with a canonical JSON form: written by `write(canonical:)`, read back exactly by
/// `init(canonical:path:)`, which accepts that spelling and nothing else.
///
/// The form (spec/channel.yaml `canonical`): every integer a decimal string, addresses, hashes
/// and signatures lowercase `0x` hex, records as objects with the spec's snake_case keys (every
/// key present, `null` for an absent optional), lists as arrays, inputs and outputs as objects
/// tagged with `type`, wire messages as the objects Raiden writes.
///
/// The protocol is the package's machinery; the public API is `canonicalJSON` and
/// `init(canonicalJSON:)` on the machine's state, inputs, outputs and rejections.
package protocol CanonicalCodable {
    init(canonical value: JSONValue, path: String) throws(CanonicalError)
    func write(canonical writer: inout JSONWriter)
}

extension CanonicalCodable {
    /// The canonical form as compact JSON bytes.
    package var canonicalBytes: [UInt8] {
        var w = JSONWriter(capacity: 512)
        write(canonical: &w)
        return w.bytes
    }

    /// Reads one JSON document that must be this value in canonical form.
    package init(canonicalBytes bytes: some Collection<UInt8>) throws(CanonicalError) {
        let value: JSONValue
        do { value = try JSONParser.parse(Array(bytes)) } catch {
            throw CanonicalError(.syntax, path: "", error.description)
        }
        try self.init(canonical: value, path: "")
    }
}

/// The key path of a member or element, as errors name it.
@inlinable package func canonicalPath(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
@inlinable package func canonicalPath(_ path: String, index: Int) -> String { path + "[\(index)]" }

/// An object being read: each key is taken once; `finish()` rejects the keys nobody took.
package struct CanonicalObject {
    package let path: String
    let members: [JSONMember]
    private var taken: [Bool]

    package init(_ value: JSONValue, path: String, kind: String) throws(CanonicalError) {
        guard case .object(let object) = value else {
            throw CanonicalError(.wrongType, path: path, "must be an object (\(kind)), got \(value.kindName)")
        }
        if let dup = object.duplicateKeys.first { throw CanonicalError(.duplicateKey, path: canonicalPath(path, dup), "appears more than once") }
        self.path = path
        self.members = object.members
        self.taken = Array(repeating: false, count: object.members.count)
    }

    /// The value of `key`, which must be present.
    package mutating func value(_ key: String) throws(CanonicalError) -> JSONValue {
        guard let k = members.firstIndex(where: { $0.key == key }) else {
            throw CanonicalError(.missingKey, path: canonicalPath(path, key), "is required")
        }
        taken[k] = true
        return members[k].value
    }

    package mutating func field<T: CanonicalCodable>(_ key: String) throws(CanonicalError) -> T {
        try T(canonical: try value(key), path: canonicalPath(path, key))
    }

    /// No key left over: an unknown key is an error, naming the keys the kind has.
    package func finish(allowed: [String]) throws(CanonicalError) {
        if let k = taken.firstIndex(of: false) {
            throw CanonicalError(.unknownKey, path: canonicalPath(path, members[k].key), "is not a key here (allowed: \(allowed.joined(separator: ", ")))")
        }
    }
}

extension JSONWriter {
    package mutating func canonicalField(_ key: String, _ value: some CanonicalCodable) {
        self.key(key)
        value.write(canonical: &self)
    }
}

// MARK: Scalars

/// A decimal string: digits, no sign, no leading zero ("0" itself excepted).
private func decimalText(_ value: JSONValue, path: String, type: String) throws(CanonicalError) -> String {
    guard case .string(let text) = value else {
        throw CanonicalError(.wrongType, path: path, "must be a decimal string (\(type)), got \(value.kindName)")
    }
    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text == "0" || text.utf8.first != 0x30 else {
        throw CanonicalError(.badValue, path: path, "must be a decimal string without sign or leading zeros (\(type)), got \(excerpt(text))")
    }
    return text
}

/// At most 80 characters of untrusted text, for an error message.
package func excerpt(_ text: String) -> String {
    let quoted = text.count <= 80 ? text : String(text.prefix(77)) + "…"
    return "\"" + quoted + "\""
}

extension UInt64: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        let text = try decimalText(value, path: path, type: "u64")
        guard let v = UInt64(text) else { throw CanonicalError(.outOfRange, path: path, "is above 2^64 − 1 (u64)") }
        self = v
    }

    package func write(canonical writer: inout JSONWriter) { writer.decimalString(String(self)) }
}

extension Int: CanonicalCodable {
    /// A count: a u64 that fits an Int.
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        let v = try UInt64(canonical: value, path: path)
        guard v <= UInt64(Int.max) else { throw CanonicalError(.outOfRange, path: path, "is above \(Int.max)") }
        self = Int(v)
    }

    package func write(canonical writer: inout JSONWriter) { writer.decimalString(String(self)) }
}

extension UInt256: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        let text = try decimalText(value, path: path, type: "u256")
        do { self = try UInt256(decimal: text) } catch { throw CanonicalError(.outOfRange, path: path, "is above 2^256 − 1 (u256)") }
    }

    package func write(canonical writer: inout JSONWriter) { writer.decimalString(decimal) }
}

extension Bool: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        guard case .bool(let b) = value else { throw CanonicalError(.wrongType, path: path, "must be true or false, got \(value.kindName)") }
        self = b
    }

    package func write(canonical writer: inout JSONWriter) { writer.bool(self) }
}

extension String: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        guard case .string(let s) = value else { throw CanonicalError(.wrongType, path: path, "must be a string, got \(value.kindName)") }
        self = s
    }

    package func write(canonical writer: inout JSONWriter) { writer.string(self) }
}

/// Lowercase `0x` hex of exactly `bytes` bytes, read by `parse`; its spelling must round-trip.
private func hexValue<T>(_ value: JSONValue, path: String, bytes: Int, type: String, _ parse: (String) throws(ValueError) -> T, _ spell: (T) -> String) throws(CanonicalError) -> T {
    guard case .string(let text) = value else {
        throw CanonicalError(.wrongType, path: path, "must be a 0x hex string (\(type)), got \(value.kindName)")
    }
    guard let v = try? parse(text), spell(v) == text else {
        throw CanonicalError(.badValue, path: path, "must be 0x and \(bytes * 2) lowercase hex digits (\(type)), got \(excerpt(text))")
    }
    return v
}

extension Address: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        self = try hexValue(value, path: path, bytes: 20, type: "address", { (t) throws(ValueError) in try Address(hex: t) }, \.hex)
    }

    package func write(canonical writer: inout JSONWriter) { writer.string(hex) }
}

extension Hash32: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        self = try hexValue(value, path: path, bytes: 32, type: "bytes32", { (t) throws(ValueError) in try Hash32(hex: t) }, \.hex)
    }

    package func write(canonical writer: inout JSONWriter) { writer.string(hex) }
}

extension Signature: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        self = try hexValue(value, path: path, bytes: 65, type: "signature", { (t) throws(ValueError) in try Signature(hex: t) }, \.hex)
    }

    package func write(canonical writer: inout JSONWriter) { writer.string(hex) }
}

// MARK: Containers

extension Optional: CanonicalCodable where Wrapped: CanonicalCodable {
    /// `null` for nil: the key is always present.
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        if case .null = value { self = nil } else { self = try Wrapped(canonical: value, path: path) }
    }

    package func write(canonical writer: inout JSONWriter) {
        if let v = self { v.write(canonical: &writer) } else { writer.null() }
    }
}

extension Array: CanonicalCodable where Element: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        guard case .array(let items) = value else { throw CanonicalError(.wrongType, path: path, "must be an array, got \(value.kindName)") }
        var out: [Element] = []
        out.reserveCapacity(items.count)
        for (k, item) in items.enumerated() { out.append(try Element(canonical: item, path: canonicalPath(path, index: k))) }
        self = out
    }

    package func write(canonical writer: inout JSONWriter) {
        writer.beginArray()
        for e in self { e.write(canonical: &writer) }
        writer.endArray()
    }
}

/// A string-valued enumeration: its raw values are its spellings.
package protocol CanonicalEnumeration: CanonicalCodable, RawRepresentable, CaseIterable where RawValue == String {}

extension CanonicalEnumeration {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        let text = try String(canonical: value, path: path)
        guard let v = Self(rawValue: text) else {
            let allowed = Self.allCases.map(\.rawValue)
            let list = allowed.count <= 12 ? allowed.joined(separator: ", ") : allowed.prefix(12).joined(separator: ", ") + ", … (\(allowed.count) in all)"
            throw CanonicalError(.badValue, path: path, "\(excerpt(text)) is not one of \(list)")
        }
        self = v
    }

    package func write(canonical writer: inout JSONWriter) { writer.string(rawValue) }
}

// MARK: The codec's structs and messages

extension Lock: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        var o = try CanonicalObject(value, path: path, kind: "Lock")
        self.init(amount: try o.field("amount"), expiration: try o.field("expiration"), secrethash: try o.field("secrethash"))
        try o.finish(allowed: ["amount", "expiration", "secrethash"])
    }

    package func write(canonical w: inout JSONWriter) {
        w.beginObject()
        w.canonicalField("amount", amount)
        w.canonicalField("expiration", expiration)
        w.canonicalField("secrethash", secrethash)
        w.endObject()
    }
}

extension CanonicalIdentifier: CanonicalCodable {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        var o = try CanonicalObject(value, path: path, kind: "CanonicalIdentifier")
        self.init(
            chainIdentifier: try o.field("chain_identifier"), tokenNetworkAddress: try o.field("token_network_address"),
            channelIdentifier: try o.field("channel_identifier"))
        try o.finish(allowed: ["chain_identifier", "token_network_address", "channel_identifier"])
    }

    package func write(canonical w: inout JSONWriter) {
        w.beginObject()
        w.canonicalField("chain_identifier", chainIdentifier)
        w.canonicalField("token_network_address", tokenNetworkAddress)
        w.canonicalField("channel_identifier", channelIdentifier)
        w.endObject()
    }
}

/// A wire message is embedded as the object Raiden writes; it is read with the strict policy
/// (an unsigned message, as the machine's Send* outputs hold, is allowed).
extension CanonicalCodable where Self: WireMessage {
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        let decoded: Decoded
        do { decoded = try MessageCodec.decode(value, policy: .strict, allowUnsigned: true) } catch {
            throw CanonicalError(.badMessage, path: error.path.isEmpty ? path : canonicalPath(path, error.path), "\(error.reason) [\(error.code.rawValue)]")
        }
        guard let m = decoded.message.wire as? Self else {
            throw CanonicalError(.badMessage, path: path, "is a \(type(of: decoded.message.wire).typeName), not a \(Self.typeName)")
        }
        self = m
    }

    package func write(canonical writer: inout JSONWriter) { writer.raw(wireJSON) }
}

extension LockedTransfer: CanonicalCodable {}
extension Unlock: CanonicalCodable {}
extension LockExpired: CanonicalCodable {}
extension SecretRequest: CanonicalCodable {}
extension RevealSecret: CanonicalCodable {}
extension Processed: CanonicalCodable {}
extension Delivered: CanonicalCodable {}
extension WithdrawRequest: CanonicalCodable {}
extension WithdrawConfirmation: CanonicalCodable {}
extension WithdrawExpired: CanonicalCodable {}
