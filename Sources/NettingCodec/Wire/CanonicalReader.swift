import NettingCrypto

/// The decoder's fast path: reads a message written the way Raiden writes one, in one pass over
/// the input, with no token tape and no lookup per field.
///
/// It accepts exactly: keys the type knows, each once, in any order; integers as canonical
/// decimal strings; addresses, hashes and signatures as lowercase `0x` hex of their exact
/// length; booleans as `true` / `false`; timestamps as `isoformat` writes them; imbalance
/// penalties of such integers; nested objects by the same rules; JSON whitespace
/// between tokens. Metadata it reads itself when it is plain routes, and otherwise hands to the
/// full JSON parser and `Metadata(validating:)` (`CanonicalReader+Metadata.swift`).
///
/// On anything else it answers nil, without a reason, and `MessageCodec` decodes the input in
/// full, which names the problem. So it never decides an error, and whatever it accepts the full
/// decoder accepts with the same value and no leniency (`CanonicalReaderTests` check this on
/// every template, every Raiden fixture, every field's spellings and seeded mutations).
struct CanonicalReader {
    let base: UnsafePointer<UInt8>
    let end: Int
    /// The position of the next byte to read.
    var i = 0
    /// How many objects enclose the position (for the parser's depth limit inside metadata).
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        (base, end) = (bytes.baseAddress!, bytes.count)
    }

    /// Reads a whole message, or nil.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Message? {
        guard bytes.count > 0, let typeIndex = typeIndex(bytes) else { return nil }
        var reader = CanonicalReader(bytes)
        guard let message = Message.decodeCanonical(typeIndex: typeIndex, reader: &reader) else { return nil }
        reader.skipWhitespace()
        return reader.i == reader.end ? message : nil
    }

    /// The index in `Message.typeNames` of the name in the first `"type": "…"` of the input:
    /// the message's own tag, unless a nested value has such a member first, and then the
    /// message's reader fails on the tag and the full decoder runs. Our encoder writes the tag
    /// last, so that place is tried first.
    static func typeIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let key: StaticString = "\"type\""
        // `…"type": "Name"}` at the end.
        var last = bytes.count - 1
        while last > 0, isJSONWhitespace(bytes[last]) { last -= 1 }
        if last >= 2, bytes[last] == UInt8(ascii: "}"), bytes[last - 1] == UInt8(ascii: "\"") {
            var open = last - 2
            while open > 0, last - open < 32, bytes[open] != UInt8(ascii: "\"") { open -= 1 }
            var p = open - 1
            while p > 0, isJSONWhitespace(bytes[p]) { p -= 1 }
            if p > 0, bytes[p] == UInt8(ascii: ":") {
                p -= 1
                while p > 0, isJSONWhitespace(bytes[p]) { p -= 1 }
                if p >= 5, sameBytes(bytes.baseAddress! + p - 5, key.utf8Start, 6) {
                    return Message.typeNameKeys.position(of: UnsafeBufferPointer(rebasing: bytes[(open + 1)..<(last - 1)]))
                }
            }
        }
        // Anywhere else.
        var k = 0
        while k + 6 <= bytes.count {
            defer { k += 1 }
            guard bytes[k] == UInt8(ascii: "\""), sameBytes(bytes.baseAddress! + k, key.utf8Start, 6) else { continue }
            var p = k + 6
            while p < bytes.count, isJSONWhitespace(bytes[p]) { p += 1 }
            guard p < bytes.count, bytes[p] == UInt8(ascii: ":") else { continue }
            p += 1
            while p < bytes.count, isJSONWhitespace(bytes[p]) { p += 1 }
            guard p < bytes.count, bytes[p] == UInt8(ascii: "\"") else { continue }
            let start = p + 1
            var close = start
            while close < bytes.count, close - start < 32, bytes[close] != UInt8(ascii: "\"") { close += 1 }
            guard close < bytes.count else { return nil }
            return Message.typeNameKeys.position(of: UnsafeBufferPointer(rebasing: bytes[start..<close]))
        }
        return nil
    }


    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end, isJSONWhitespace(base[i]) { i &+= 1 }
    }

    /// Consumes `byte` (after whitespace), or answers false.
    @inline(__always)
    mutating func expect(_ byte: UInt8) -> Bool {
        if i < end, base[i] == byte {
            i &+= 1
            return true
        }
        skipWhitespace()
        guard i < end, base[i] == byte else { return false }
        i &+= 1
        return true
    }

    /// Consumes `{`: the start of an object.
    mutating func beginObject() -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        depth &+= 1
        return true
    }

    /// Consumes `,` when another member follows.
    mutating func nextMember() -> Bool { expect(UInt8(ascii: ",")) }

    /// Consumes `}`: the end of an object.
    mutating func endObject() -> Bool {
        guard expect(UInt8(ascii: "}")) else { return false }
        depth &-= 1
        return true
    }

    /// Reads a member's key and the `:` after it, and answers which of `known` it is; `next` is
    /// the key tried first (members usually come in the order the type declares them) and is
    /// moved past the one found. A key with escapes matches none: its bytes are not a known key's.
    mutating func key(_ known: KnownKeys, next: inout Int) -> Int? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        // Usually the key expected next, followed by its closing quote: then no scan is needed.
        if let length = known.quotedMatch(next, at: base + start, available: end &- start) {
            i = start &+ length &+ 1
            guard expect(UInt8(ascii: ":")) else { return nil }
            next &+= 1
            return next &- 1
        }
        guard let close = closingQuote(from: start) else { return nil }
        i = close &+ 1
        guard expect(UInt8(ascii: ":")) else { return nil }
        let k = known.position(of: UnsafeBufferPointer(start: base + start, count: close &- start), tryFirst: next)
        if let k { next = k &+ 1 }
        return k
    }

    /// The position of the first `"` from `p` on, found 8 bytes at a time.
    @inline(__always)
    func closingQuote(from p: Int) -> Int? {
        var p = p
        let ones: UInt64 = 0x0101_0101_0101_0101
        while p &+ 8 <= end {
            let q = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)) ^ (0x22 &* ones)
            let found = (q &- ones) & ~q & (0x80 &* ones)
            if found != 0 { return p &+ found.trailingZeroBitCount &>> 3 }
            p &+= 8
        }
        while p < end {
            if base[p] == UInt8(ascii: "\"") { return p }
            p &+= 1
        }
        return nil
    }

    // MARK: Values

    /// The bytes of a string value of exactly `count` bytes, and past its closing quote.
    @inline(__always)
    mutating func fixedString(_ count: Int) -> UnsafeBufferPointer<UInt8>? {
        guard expect(UInt8(ascii: "\"")), i &+ count < end, base[i &+ count] == UInt8(ascii: "\"") else { return nil }
        defer { i &+= count &+ 1 }
        return UnsafeBufferPointer(start: base + i, count: count)
    }

    mutating func address() -> Address? { fixedString(42).flatMap(FieldReader.canonicalAddress) }
    mutating func bytes32() -> Hash32? { fixedString(66).flatMap(FieldReader.canonicalHash32) }
    mutating func signature() -> Signature? { fixedString(132).flatMap(FieldReader.canonicalSignature) }

    /// A canonical decimal string of at least `min`.
    mutating func u256(min: UInt64) -> UInt256? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        // Up to 19 digits fit in 64 bits: summed while they are scanned.
        var small: UInt64 = 0
        while i < end, case let digit = base[i] &- UInt8(ascii: "0"), digit < 10 {
            small = small &* 10 &+ UInt64(digit)
            i &+= 1
        }
        guard i < end, base[i] == UInt8(ascii: "\"") else { return nil }
        let count = i &- start
        i &+= 1
        guard count > 0, base[start] != UInt8(ascii: "0") || count == 1 else { return nil }
        let value = count <= 19 ? UInt256(small) : IntegerText.canonical(UnsafeBufferPointer(start: base + start, count: count))
        guard let value, value >= UInt256(min) else { return nil }
        return value
    }

    /// A canonical decimal string of 64 bits, at least `min`.
    mutating func u64(min: UInt64) -> UInt64? { u256(min: min)?.uint64 }

    mutating func bool() -> Bool? {
        skipWhitespace()
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i &+ n <= end, sameBytes(base + i, word.utf8Start, n) else { return false }
        i &+= n
        return true
    }

    /// A timestamp as Python's `isoformat` writes it (what `FieldReader.timestamp` accepts
    /// under `strict`). Being that text, it has no escape, control character or non-ASCII byte.
    mutating func timestamp() -> Timestamp? {
        guard expect(UInt8(ascii: "\"")), let close = closingQuote(from: i) else { return nil }
        let text = String(decoding: UnsafeBufferPointer(start: base + i, count: close &- i), as: UTF8.self)
        i = close &+ 1
        guard let parsed = Timestamp(lenient: text), parsed.isoformat == text else { return nil }
        return parsed
    }

    /// An imbalance penalty: `null` (the inner nil), or `[[x, y], …]` with canonical decimal
    /// strings and x strictly increasing (what `FieldReader.imbalancePenalty` accepts under
    /// `strict`). The outer nil is anything else.
    mutating func imbalancePenalty() -> [ImbalancePoint]?? {
        skipWhitespace()
        if literal("null") { return .some(nil) }
        guard expect(UInt8(ascii: "[")) else { return nil }
        var points: [ImbalancePoint] = []
        skipWhitespace()
        if i < end, base[i] == UInt8(ascii: "]") {
            i &+= 1
            return .some(points)
        }
        repeat {
            guard expect(UInt8(ascii: "[")), let x = u256(min: 0), nextMember(), let y = u256(min: 0), expect(UInt8(ascii: "]")) else { return nil }
            if let last = points.last, x <= last.x { return nil }
            points.append(ImbalancePoint(x: x, y: y))
        } while nextMember()
        guard expect(UInt8(ascii: "]")) else { return nil }
        return .some(points)
    }

    /// The string value `tag` exactly (a message's `type`).
    mutating func tag(_ tag: StaticString) -> Bool {
        guard let bytes = fixedString(tag.utf8CodeUnitCount) else { return false }
        return sameBytes(bytes.baseAddress!, tag.utf8Start, bytes.count)
    }

    /// Moves past the value at `i`: strings to their closing quote (past escapes), arrays and
    /// objects to their closing bracket. It checks nothing else; the caller parses what it
    /// skipped in full.
    mutating func skipValue() -> Bool {
        var open = 0
        repeat {
            guard i < end else { return false }
            switch base[i] {
            case UInt8(ascii: "\""):
                i &+= 1
                while true {
                    guard let quote = closingQuote(from: i) else { return false }
                    // A quote ends the string unless an odd number of backslashes precede it.
                    var slashes = 0
                    while quote &- slashes &- 1 >= i, base[quote &- slashes &- 1] == UInt8(ascii: "\\") { slashes &+= 1 }
                    i = quote &+ 1
                    if slashes % 2 == 0 { break }
                }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): open &+= 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): open &-= 1
            default: break
            }
            i &+= 1
        } while open > 0
        return true
    }
}
