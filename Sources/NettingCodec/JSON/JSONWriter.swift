/// A compact JSON writer: no whitespace, commas placed by the writer. Strings are escaped as
/// Python's json escapes them with `ensure_ascii=False` (canonicaljson's escaping): `\"`, `\\`,
/// `\n`, `\r`, `\t`, `\b`, `\f`, other characters below U+0020 as `\u00xx`; everything else,
/// `/` and U+007F included, is written as raw UTF-8.
///
/// The caller keeps the structure valid (a key before each object member, balanced brackets).
package struct JSONWriter {
    /// The bytes written so far are `storage[..<count]`; the rest is zeroed room that tokens are
    /// written into in place, so a token costs one capacity check and one uniqueness check
    /// rather than one per byte.
    private var storage: [UInt8]
    private var count = 0
    /// Whether the next value or key in the current container needs a comma before it.
    private var needsComma = false

    package init(capacity: Int = 1024) {
        storage = [UInt8](repeating: 0, count: max(capacity, 16))
    }

    /// The JSON written so far.
    package var bytes: [UInt8] { Array(storage[..<count]) }

    /// Calls `body` with the JSON written so far, without copying it.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// Writes at most `capacity` bytes in place: `write` puts them at the pointer it is given and
    /// returns how many it wrote.
    @inline(__always)
    private mutating func append(upTo capacity: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        if capacity > storage.count - count { grow(count + capacity) }
        let start = count
        count += storage.withUnsafeMutableBufferPointer { write($0.baseAddress! + start) }
    }

    private mutating func grow(_ needed: Int) {
        storage.append(contentsOf: repeatElement(0, count: max(needed, 2 * storage.count) - storage.count))
    }

    /// A value, or a key with its value, as one token: the comma it needs, then at most
    /// `capacity` bytes that `write` puts at the pointer it is given (returning how many).
    @inline(__always)
    mutating func token(upTo capacity: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        let comma = needsComma
        append(upTo: capacity + 1) { out in
            guard comma else { return write(out) }
            out[0] = UInt8(ascii: ",")
            return 1 + write(out + 1)
        }
        needsComma = true
    }

    /// A bracket, after a comma when `comma` is set.
    @inline(__always)
    private mutating func structural(_ byte: UInt8, comma: Bool) {
        append(upTo: 2) { out in
            guard comma else { out[0] = byte; return 1 }
            out[0] = UInt8(ascii: ",")
            out[1] = byte
            return 2
        }
    }

    package mutating func beginObject() { structural(UInt8(ascii: "{"), comma: needsComma); needsComma = false }
    package mutating func endObject() { structural(UInt8(ascii: "}"), comma: false); needsComma = true }
    package mutating func beginArray() { structural(UInt8(ascii: "["), comma: needsComma); needsComma = false }
    package mutating func endArray() { structural(UInt8(ascii: "]"), comma: false); needsComma = true }

    /// An object member's key; its value comes next.
    package mutating func key(_ key: String) {
        Self.withUTF8(key) { self.key($0) }
    }

    package mutating func key(_ key: StaticString) {
        key.withUTF8Buffer { self.key($0) }
    }

    /// `"key":` from the key's UTF-8.
    mutating func key(_ utf8: UnsafeBufferPointer<UInt8>) {
        let escaping = Self.needsEscaping(utf8)
        token(upTo: Self.quotedCapacity(utf8, escaping: escaping) + 1) { out in
            let n = Self.writeQuoted(utf8, escaping: escaping, out)
            out[n] = UInt8(ascii: ":")
            return n + 1
        }
        needsComma = false
    }

    package mutating func string(_ value: String) {
        Self.withUTF8(value) { string($0) }
    }

    /// A string value from its UTF-8.
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        let escaping = Self.needsEscaping(utf8)
        token(upTo: Self.quotedCapacity(utf8, escaping: escaping)) { Self.writeQuoted(utf8, escaping: escaping, $0) }
    }

    /// The string's UTF-8, borrowed when the string is stored contiguously (native strings are).
    @inline(__always)
    static func withUTF8<R>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var string = string
        return string.withUTF8(body)
    }

    package mutating func bool(_ value: Bool) { raw(value ? "true".utf8 : "false".utf8) }
    package mutating func null() { raw("null".utf8) }

    /// A pre-formed JSON token (a number, or a string already quoted and escaped), as is.
    package mutating func raw(_ token: some Sequence<UInt8>) {
        if let done = token.withContiguousStorageIfAvailable({ rawBytes($0) }) { return done }
        Array(token).withUnsafeBufferPointer { rawBytes($0) }
    }

    private mutating func rawBytes(_ utf8: UnsafeBufferPointer<UInt8>) {
        token(upTo: utf8.count) { out in
            if utf8.count > 0 { out.update(from: utf8.baseAddress!, count: utf8.count) }
            return utf8.count
        }
    }

    /// Decimal digits as a JSON string (Raiden's wire form for integers). The digits need no
    /// escaping, so they are not checked in release builds.
    package mutating func decimalString(_ digits: String) {
        assert(digits.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }, "not decimal digits: \(digits)")
        Self.withUTF8(digits) { utf8 in
            token(upTo: utf8.count + 2) { out in
                out[0] = UInt8(ascii: "\"")
                if utf8.count > 0 { (out + 1).update(from: utf8.baseAddress!, count: utf8.count) }
                out[utf8.count + 1] = UInt8(ascii: "\"")
                return utf8.count + 2
            }
        }
    }

    /// `"0x…"`, two lowercase hex digits per byte.
    package mutating func hexString(_ value: some Collection<UInt8>) {
        // Called from other modules this generic is not specialized, and iterating an unknown
        // collection byte by byte made `message decode --json` spend 7 % of its time here; the
        // bytes of an array or a slice are read in place.
        if let done: Void = value.withContiguousStorageIfAvailable({ hexString(bytes: $0) }) { return done }
        token(upTo: 2 * value.count + 4) { out in
            out[0] = UInt8(ascii: "\"")
            out[1] = UInt8(ascii: "0")
            out[2] = UInt8(ascii: "x")
            var k = 3
            for b in value {
                out[k] = Self.hexDigit(b >> 4)
                out[k + 1] = Self.hexDigit(b & 0x0F)
                k += 2
            }
            out[k] = UInt8(ascii: "\"")
            return k + 1
        }
    }

    private mutating func hexString(bytes: UnsafeBufferPointer<UInt8>) {
        token(upTo: 2 * bytes.count + 4) { out in
            out[0] = UInt8(ascii: "\"")
            out[1] = UInt8(ascii: "0")
            out[2] = UInt8(ascii: "x")
            var k = 3
            for b in bytes {
                out[k] = Self.hexDigit(b >> 4)
                out[k + 1] = Self.hexDigit(b & 0x0F)
                k += 2
            }
            out[k] = UInt8(ascii: "\"")
            return k + 1
        }
    }

    /// JSON text written exactly as `value(JSONParser.parse(json))` writes it, without making
    /// the tree (which cost `message decode --json` and `run --json` an allocation per value):
    /// copied as is when it is already in that form (compact, no escapes), else written from
    /// its tape.
    package mutating func value(json: [UInt8]) throws(JSONParseError) {
        let result = try json.withUnsafeBufferPointer { (bytes) throws(JSONParseError) in
            try JSONTape.parse(bytes, maxDepth: JSONTape.maxDepth) { tape in
                // The value's own bytes: whitespace around it is no part of it.
                if tape.isCompact(0) { rawBytes(UnsafeBufferPointer(rebasing: bytes[tape.inputSpan(0)])) } else { compact(tape, 0) }
            }
        }
        result.get()
    }

    /// Any JSON value, object members in their stored order (duplicates included).
    package mutating func value(_ value: JSONValue) {
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

    /// The most bytes `writeQuoted` can write for `utf8`: the quotes, and for each byte that
    /// needs escaping the longest escape (`\u00xx`). Exact when nothing needs escaping.
    @inline(__always)
    private static func quotedCapacity(_ utf8: UnsafeBufferPointer<UInt8>, escaping: Bool) -> Int {
        escaping ? 6 * utf8.count + 2 : utf8.count + 2
    }

    /// Whether any byte is `"`, `\\` or below 0x20, checked eight bytes at a time (keys of four
    /// to seven bytes as two overlapping halves of one word).
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = utf8.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        /// Exact as a yes or no: a byte below 0x20 borrows into its high bit, and so do `"` and
        /// `\\` once xor has made them zero.
        @inline(__always) func flagged(_ w: UInt64) -> Bool {
            let quote = w ^ 0x22 &* ones, backslash = w ^ 0x5C &* ones
            return ((w &- 0x20 &* ones) & ~w | (quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs != 0
        }
        guard n >= 8, let base = utf8.baseAddress else {
            if n >= 4, let base = utf8.baseAddress {
                let first = UnsafeRawPointer(base).loadUnaligned(as: UInt32.self)
                let last = UnsafeRawPointer(base + n - 4).loadUnaligned(as: UInt32.self)
                return flagged(UInt64(first) | UInt64(last) << 32)
            }
            return utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        var k = 0
        while k + 8 <= n {
            if flagged(UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) { return true }
            k += 8
        }
        // The last eight bytes, overlapping bytes already checked.
        return k < n && flagged(UnsafeRawPointer(base + n - 8).loadUnaligned(as: UInt64.self))
    }

    /// `utf8` quoted and escaped at `out`; returns the byte count. Without `escaping` (nothing
    /// needs it) the bytes are copied as they are; with it, runs that need no escaping are copied
    /// in one go.
    @inline(__always)
    private static func writeQuoted(_ utf8: UnsafeBufferPointer<UInt8>, escaping: Bool, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "\"")
        if !escaping {
            if utf8.count > 0 { (out + 1).update(from: utf8.baseAddress!, count: utf8.count) }
            out[utf8.count + 1] = UInt8(ascii: "\"")
            return utf8.count + 2
        }
        return writeEscaped(utf8, out)
    }

    private static func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 1, run = 0
        func copyRun(to end: Int) {
            guard end > run else { return }
            (out + n).update(from: utf8.baseAddress! + run, count: end - run)
            n += end - run
        }
        for k in utf8.indices {
            let c = utf8[k]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            copyRun(to: k)
            n += writeEscape(c, out + n)
            run = k + 1
        }
        copyRun(to: utf8.count)
        out[n] = UInt8(ascii: "\"")
        return n + 1
    }

    /// The escape of `c` at `out`; returns the byte count.
    private static func writeEscape(_ c: UInt8, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = UInt8(ascii: "\\")
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out[1] = c
        case 0x0A: out[1] = UInt8(ascii: "n")
        case 0x0D: out[1] = UInt8(ascii: "r")
        case 0x09: out[1] = UInt8(ascii: "t")
        case 0x08: out[1] = UInt8(ascii: "b")
        case 0x0C: out[1] = UInt8(ascii: "f")
        default:
            out[1] = UInt8(ascii: "u")
            out[2] = UInt8(ascii: "0")
            out[3] = UInt8(ascii: "0")
            out[4] = hexDigit(c >> 4)
            out[5] = hexDigit(c & 0x0F)
            return 6
        }
        return 2
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}

extension JSONValue {
    /// Compact JSON: no whitespace, members in stored order, the writer's escaping.
    package func compactJSON() -> [UInt8] {
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
    package func canonicalJSON() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.canonical(self)
        return writer.bytes
    }
}
