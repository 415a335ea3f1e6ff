/// A compact JSON writer: no whitespace, commas placed by the writer. Strings are escaped as
/// Python's json escapes them with `ensure_ascii=False` (canonicaljson's escaping): `\"`, `\\`,
/// `\n`, `\r`, `\t`, `\b`, `\f`, other characters below U+0020 as `\u00xx`; everything else,
/// `/` and U+007F included, is written as raw UTF-8.
///
/// The caller keeps the structure valid (a key before each object member, balanced brackets).
public struct JSONWriter {
    public private(set) var bytes: [UInt8]
    /// Whether the next value or key in the current container needs a comma before it.
    private var needsComma = false

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// An object member's key; its value comes next.
    public mutating func key(_ key: String) {
        separator()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func key(_ key: StaticString) {
        separator()
        key.withUTF8Buffer { appendQuoted($0) }
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) { separator(); appendQuoted(value) }
    public mutating func bool(_ value: Bool) { separator(); bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }
    public mutating func null() { separator(); bytes.append(contentsOf: "null".utf8) }

    /// A pre-formed JSON token (a number, or a string already quoted and escaped), as is.
    public mutating func raw(_ token: some Sequence<UInt8>) { separator(); bytes.append(contentsOf: token) }

    /// Decimal digits as a JSON string (Raiden's wire form for integers). The digits need no
    /// escaping, so they are not checked in release builds.
    public mutating func decimalString(_ digits: String) {
        assert(digits.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }, "not decimal digits: \(digits)")
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: digits.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"0x…"`, two lowercase hex digits per byte.
    public mutating func hexString(_ value: some Collection<UInt8>) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        for b in value {
            bytes.append(hexDigit(b >> 4))
            bytes.append(hexDigit(b & 0x0F))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Any JSON value, object members in their stored order (duplicates included).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): raw(n.utf8)
        case .string(let s): string(s)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    /// `value` as canonicaljson 1.5.0 writes it: keys sorted by code point, and of duplicate keys
    /// only the last, as a Python dict built from the members would hold it.
    mutating func canonical(_ value: JSONValue) {
        switch value {
        case .null, .bool, .number, .string: self.value(value)
        case .array(let elements):
            beginArray()
            for element in elements { canonical(element) }
            endArray()
        case .object(let object):
            beginObject()
            let members = object.members
            if object.keysStrictlyAscending {
                // Already sorted and without duplicates: written as stored.
                for member in members {
                    key(member.key)
                    canonical(member.value)
                }
                return endObject()
            }
            if members.count == 2 {
                // Out of order: swapped; equal keys: only the last.
                if compareScalars(members[0].key, members[1].key) > 0 {
                    key(members[1].key)
                    canonical(members[1].value)
                    key(members[0].key)
                    canonical(members[0].value)
                } else {
                    key(members[1].key)
                    canonical(members[1].value)
                }
                return endObject()
            }
            let order = object.indicesSortedByKey()
            for (k, index) in order.enumerated() {
                // Equal keys are adjacent and in input order: write the last of each run.
                if k + 1 < order.count, sameScalars(members[order[k + 1]].key, members[index].key) { continue }
                key(members[index].key)
                canonical(members[index].value)
            }
            endObject()
        }
    }

    private mutating func appendQuoted(_ string: String) {
        var string = string
        string.withUTF8 { appendQuoted($0) }
    }

    /// Copies runs that need no escaping in one go.
    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var run = 0
        for k in utf8.indices {
            let c = utf8[k]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<k]))
            appendEscape(c)
            run = k + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ c: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(c)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hexDigit(c >> 4))
            bytes.append(hexDigit(c & 0x0F))
        }
    }

    private func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}

extension JSONValue {
    /// Compact JSON: no whitespace, members in stored order, the writer's escaping.
    public func compactJSON() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.value(self)
        return writer.bytes
    }

    /// The bytes Python's `canonicaljson.encode_canonical_json` (1.5.0) gives for this value, which
    /// Raiden hashes into LockedTransfer signatures: keys sorted by code point, the last of
    /// duplicate keys kept, no whitespace, raw UTF-8, the writer's escaping.
    ///
    /// Numbers are written as stored. canonicaljson would re-render them from Python's `int` or
    /// `float` (`-0` as `0`, `1E2` as `100.0`); the codec only hashes metadata, which holds
    /// strings, arrays and objects.
    public func canonicalJSON() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.canonical(self)
        return writer.bytes
    }
}
