/// A compact JSON writer (no whitespace) that places commas itself. Strings are escaped the way
/// Python's json does with ensure_ascii=False, which is also canonicaljson's escaping.
public struct JSONWriter {
    public private(set) var bytes: [UInt8]
    /// Whether the next value in the current container needs a comma first.
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

    public mutating func key(_ key: String) {
        separator()
        appendEscaped(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) { separator(); appendEscaped(value) }
    public mutating func bool(_ value: Bool) { separator(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func null() { separator(); bytes.append(contentsOf: "null".utf8) }

    /// A number or other pre-formed JSON token, written as is.
    public mutating func raw(_ token: some Sequence<UInt8>) { separator(); bytes.append(contentsOf: token) }

    /// A decimal integer as a JSON string (Raiden's wire form for integers).
    public mutating func decimalString(_ digits: String) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: digits.utf8)
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `"0x…"` in lowercase hex.
    public mutating func hexString(_ value: some Sequence<UInt8>) {
        separator()
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "0"), UInt8(ascii: "x")])
        for b in value {
            bytes.append(Self.hexDigits[Int(b >> 4)])
            bytes.append(Self.hexDigits[Int(b & 0x0f)])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Any JSON value, members in their stored order.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): raw(n.utf8)
        case .string(let s): string(s)
        case .array(let a):
            beginArray()
            for v in a { self.value(v) }
            endArray()
        case .object(let o):
            beginObject()
            for m in o.members {
                key(m.key)
                self.value(m.value)
            }
            endObject()
        }
    }

    mutating func appendEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5c, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5c, 0x5c])
            case 0x0a: bytes.append(contentsOf: [0x5c, UInt8(ascii: "n")])
            case 0x0d: bytes.append(contentsOf: [0x5c, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5c, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5c, UInt8(ascii: "b")])
            case 0x0c: bytes.append(contentsOf: [0x5c, UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(c >> 4)])
                bytes.append(Self.hexDigits[Int(c & 0x0f)])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// Compact JSON, members in stored order.
    public func compactJSON() -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.value(self)
        return w.bytes
    }

    /// Python canonicaljson 1.5.0's encoding (hashed into LockedTransfer's signature): keys sorted
    /// by code point, the last of duplicate keys kept, no whitespace, raw UTF-8, Python's escapes.
    /// Numbers are written as stored (the codec hashes only strings, arrays and objects).
    public func canonicalJSON() -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.canonical(self)
        return w.bytes
    }
}

extension JSONWriter {
    /// Writes `value` canonically. UTF-8 byte order is code point order, so keys sort by bytes.
    mutating func canonical(_ value: JSONValue) {
        switch value {
        case .null, .bool, .number, .string: self.value(value)
        case .array(let a):
            beginArray()
            for v in a { canonical(v) }
            endArray()
        case .object(let o):
            var members = o.members
            if !o.duplicateKeys.isEmpty {
                // The last of duplicate keys wins, as in a Python dict.
                members = members.enumerated().filter { i, m in !members[(i + 1)...].contains { $0.key == m.key } }.map(\.element)
            }
            members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            beginObject()
            for m in members {
                key(m.key)
                canonical(m.value)
            }
            endObject()
        }
    }
}
