/// Why JSON text was rejected: a stable code, the byte offset of the problem and a human reason.
/// Equality compares the code and the offset; the reason is prose and may change.
package struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The input ended where more was required (offset: the input's length).
        case unexpectedEnd = "json.unexpected_end"
        /// A byte that cannot start or continue what the grammar expects there.
        case invalidToken = "json.invalid_token"
        /// A number breaking RFC 8259's grammar: a leading zero, or no digit after `-`, `.` or `e`.
        case invalidNumber = "json.invalid_number"
        /// A raw control character (below U+0020) inside a string.
        case invalidString = "json.invalid_string"
        /// An unknown escape, `\u` without four hex digits, or a lone surrogate (offset: its `\`).
        case invalidEscape = "json.invalid_escape"
        /// Bytes inside a string that are not UTF-8 (offset: the first byte that cannot be).
        case invalidUTF8 = "json.invalid_utf8"
        /// Arrays and objects nested deeper than `maxDepth` (offset: the bracket one too deep).
        case tooDeep = "json.too_deep"
        /// Something other than whitespace after the value (offset: its first byte).
        case trailingData = "json.trailing_data"
    }

    package let code: Code
    /// Byte offset into the input.
    package let offset: Int
    package let reason: String

    init(_ code: Code, at offset: Int, _ reason: String) { (self.code, self.offset, self.reason) = (code, offset, reason) }

    package static func == (a: JSONParseError, b: JSONParseError) -> Bool { a.code == b.code && a.offset == b.offset }

    package var description: String { "\(code.rawValue) at byte \(offset): \(reason)" }
}

/// A strict RFC 8259 parser: exactly one value, whitespace only as the RFC allows, valid UTF-8,
/// no NaN, comments, trailing commas or lone surrogates. Memory stays proportional to the input.
package enum JSONParser {
    /// Parses one JSON value. `maxDepth` bounds how many arrays and objects may nest; each level
    /// costs a stack frame here and when the value is compared, encoded or freed, so keep it small.
    package static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        try bytes.withMemoryRebound(to: UInt8.self) { (bytes) throws(JSONParseError) in
            try JSONTape.parse(bytes, maxDepth: maxDepth) { $0.value(at: 0) }.get()
        }
    }

    package static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
        }.get()
    }

    package static func parse(_ text: String, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(utf8), maxDepth: maxDepth) }
        }.get()
    }
}

private let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

/// Checks JSON text and lays it out as a `JSONTape`'s tokens.
struct TapeParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var i = 0
    /// The tokens so far (`count` of them), in memory this parser owns: `JSONTape.parse` frees it.
    var tokens: UnsafeMutablePointer<JSONToken>
    var count = 0
    var capacity: Int
    /// The unescaped bytes of strings with escapes (see `JSONToken.Kind.escapedString`).
    var unescaped: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        (self.bytes, self.end, self.maxDepth) = (bytes, bytes.count, maxDepth)
        // Raiden messages take about one token per 10 bytes; more are made room for as needed.
        capacity = bytes.count / 8 + 8
        tokens = .allocate(capacity: capacity)
    }

    /// Appends a token and returns its index.
    @inline(__always) @discardableResult
    mutating func append(_ token: JSONToken) -> Int {
        if count == capacity { grow() }
        (tokens + count).initialize(to: token)
        count &+= 1
        return count &- 1
    }

    mutating func grow() {
        let larger = UnsafeMutablePointer<JSONToken>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: tokens, count: count)
        tokens.deallocate()
        (tokens, capacity) = (larger, capacity * 2)
    }

    func error(_ code: JSONParseError.Code, at offset: Int? = nil, _ reason: String) -> JSONParseError {
        JSONParseError(code, at: offset ?? i, reason)
    }

    /// What `i` points at, for reasons.
    var found: String { i < end ? "found \(describe(bytes[i]))" : "found the end" }

    mutating func document() throws(JSONParseError) {
        skipWhitespace()
        try value(depth: 0)
        skipWhitespace()
        guard i == end else { throw error(.trailingData, "expected the end after the JSON value, \(found)") }
    }

    /// Appends a token for a value without anything inside it.
    mutating func scalar(_ kind: JSONToken.Kind, _ range: Range<Int>) {
        append(JSONToken(kind: kind, start: range.lowerBound, end: range.upperBound, next: count &+ 1))
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end, isJSONWhitespace(bytes[i]) { i += 1 }
    }

    /// The value at `i`, which is not whitespace; `depth` counts the containers around it.
    mutating func value(depth: Int) throws(JSONParseError) {
        guard i < end else { throw error(.unexpectedEnd, "expected a value") }
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case quote: try string()
        case UInt8(ascii: "t"): try literal("true"); scalar(.true, start..<i)
        case UInt8(ascii: "f"): try literal("false"); scalar(.false, start..<i)
        case UInt8(ascii: "n"): try literal("null"); scalar(.null, start..<i)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(); scalar(.number, start..<i)
        default: throw error(.invalidToken, "expected a value, \(found)")
        }
    }

    /// Appends the token of the array or object whose bracket is at `i`; `close` fills it in.
    mutating func open(_ kind: JSONToken.Kind) -> Int {
        append(JSONToken(kind: kind, start: i, end: i, next: 0))
    }

    /// Completes the container token at `index` once `i` is past its closing bracket.
    mutating func close(_ index: Int) {
        tokens[index].end = i
        tokens[index].next = count
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        for k in 0..<word.utf8CodeUnitCount {
            guard i < end else { throw error(.unexpectedEnd, "expected \(word)") }
            guard bytes[i] == word.utf8Start[k] else { throw error(.invalidToken, "expected \(word), \(found)") }
            i += 1
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) {
        guard depth <= maxDepth else { throw error(.tooDeep, "arrays and objects nest deeper than \(maxDepth)") }
        let token = open(.array)
        i += 1
        skipWhitespace()
        if i < end, bytes[i] == UInt8(ascii: "]") { i += 1; close(token); return }
        while true {
            try value(depth: depth)
            skipWhitespace()
            guard i < end else { throw error(.unexpectedEnd, "expected ',' or ']' after an array element") }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1; skipWhitespace()
            case UInt8(ascii: "]"): i += 1; close(token); return
            default: throw error(.invalidToken, "expected ',' or ']' after an array element, \(found)")
            }
        }
    }

    mutating func object(depth: Int) throws(JSONParseError) {
        guard depth <= maxDepth else { throw error(.tooDeep, "arrays and objects nest deeper than \(maxDepth)") }
        let token = open(.object)
        i += 1
        skipWhitespace()
        if i < end, bytes[i] == UInt8(ascii: "}") { i += 1; close(token); return }
        while true {
            guard i < end else { throw error(.unexpectedEnd, "expected a string key") }
            guard bytes[i] == quote else { throw error(.invalidToken, "expected a string key, \(found)") }
            try string()
            skipWhitespace()
            guard i < end else { throw error(.unexpectedEnd, "expected ':' after a key") }
            guard bytes[i] == UInt8(ascii: ":") else { throw error(.invalidToken, "expected ':' after a key, \(found)") }
            i += 1
            skipWhitespace()
            try value(depth: depth)
            skipWhitespace()
            guard i < end else { throw error(.unexpectedEnd, "expected ',' or '}' after an object member") }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1; skipWhitespace()
            case UInt8(ascii: "}"): i += 1; close(token); return
            default: throw error(.invalidToken, "expected ',' or '}' after an object member, \(found)")
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    mutating func number() throws(JSONParseError) {
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        try digit("expected a digit")
        if bytes[i - 1] == UInt8(ascii: "0") {
            if i < end, isDigit(bytes[i]) { throw error(.invalidNumber, "a number cannot have a leading zero") }
        } else {
            skipDigits()
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            try digit("expected a digit after '.'")
            skipDigits()
        }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            try digit("expected a digit in the exponent")
            skipDigits()
        }
    }

    mutating func digit(_ reason: String) throws(JSONParseError) {
        guard i < end else { throw error(.unexpectedEnd, reason) }
        guard isDigit(bytes[i]) else { throw error(.invalidNumber, "\(reason), \(found)") }
        i += 1
    }

    mutating func skipDigits() { while i < end, isDigit(bytes[i]) { i += 1 } }

    func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    /// Appends the token of the string whose opening quote is at `i`. Without escapes it is the
    /// input bytes; with escapes, runs between them and the escapes' bytes are appended to
    /// `unescaped`.
    @inline(__always)
    mutating func string() throws(JSONParseError) {
        i += 1
        // The common case first: plain ASCII up to the closing quote, scanned in a local.
        var p = i
        if let base = bytes.baseAddress {
            while p &+ 8 <= end {
                let special = specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)))
                if special != 0 {
                    p &+= special.trailingZeroBitCount &>> 3
                    if base[p] == quote {
                        scalar(.string, i..<p)
                        i = p &+ 1
                        return
                    }
                    break
                }
                p &+= 8
            }
        }
        try stringInFull()
    }

    /// `string()` in full (escapes, UTF-8, errors, the input's last bytes) for the string whose
    /// first byte is at `i`.
    mutating func stringInFull() throws(JSONParseError) {
        var run = i
        var hasEscapes = false
        var base = 0
        while true {
            skipPlainASCIIWords()
            guard i < end else { throw error(.unexpectedEnd, "expected '\"' to end the string") }
            let c = bytes[i]
            if c == quote {
                defer { i += 1 }
                guard hasEscapes else { return scalar(.string, run..<i) }
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                return scalar(.escapedString, base..<unescaped.count)
            } else if c == backslash {
                if !hasEscapes { base = unescaped.count; hasEscapes = true }
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                try unescape()
                run = i
            } else if c < 0x20 {
                throw error(.invalidString, "a control character (\(describe(c))) must be escaped in a string")
            } else if c < 0x80 {
                i += 1
            } else {
                i += try utf8Length()
            }
        }
    }

    /// Moves `i` past the bytes a string takes as they are (ASCII from U+0020 up, except `"`
    /// and `\`), 8 at a time, to the first other byte; within the last 8 bytes of the input the
    /// byte-wise loop in `string()` goes on.
    mutating func skipPlainASCIIWords() {
        guard let base = bytes.baseAddress else { return }
        while i &+ 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let special = specialBytes(w)
            guard special == 0 else {
                i &+= special.trailingZeroBitCount &>> 3
                return
            }
            i &+= 8
        }
    }

    /// Decodes the escape whose backslash is at `i` onto `unescaped`.
    mutating func unescape() throws(JSONParseError) {
        let start = i
        i += 1
        guard i < end else { throw error(.unexpectedEnd, "expected an escape after '\\'") }
        let e = bytes[i]
        i += 1
        switch e {
        case quote, backslash, UInt8(ascii: "/"): unescaped.append(e)
        case UInt8(ascii: "b"): unescaped.append(0x08)
        case UInt8(ascii: "f"): unescaped.append(0x0C)
        case UInt8(ascii: "n"): unescaped.append(0x0A)
        case UInt8(ascii: "r"): unescaped.append(0x0D)
        case UInt8(ascii: "t"): unescaped.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeAt: start)
            switch unit {
            case 0xD800...0xDBFF:
                let lone = "a high surrogate must be followed by a \\u low surrogate"
                guard i < end else { throw error(.unexpectedEnd, lone) }
                guard bytes[i] == backslash else { throw error(.invalidEscape, at: start, lone) }
                guard i + 1 < end else { throw error(.unexpectedEnd, at: end, lone) }
                guard bytes[i + 1] == UInt8(ascii: "u") else { throw error(.invalidEscape, at: start, lone) }
                i += 2
                let low = try hex4(escapeAt: i - 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw error(.invalidEscape, at: start, lone) }
                appendUTF8(0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00))
            case 0xDC00...0xDFFF:
                throw error(.invalidEscape, at: start, "a low surrogate must follow a high surrogate")
            default:
                appendUTF8(unit)
            }
        default:
            throw error(.invalidEscape, at: start, "'\\' followed by \(describe(e)) is not a JSON escape")
        }
    }

    /// The four hex digits at `i` of the `\u` escape at `escapeAt`.
    mutating func hex4(escapeAt start: Int) throws(JSONParseError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard i < end else { throw error(.unexpectedEnd, "expected four hex digits after \\u") }
            let c = bytes[i]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw error(.invalidEscape, at: start, "expected four hex digits after \\u, \(found)")
            }
            unit = unit << 4 | UInt32(digit)
            i += 1
        }
        return unit
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            unescaped.append(UInt8(scalar))
        case ..<0x800:
            unescaped.append(UInt8(0xC0 | scalar >> 6))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            unescaped.append(UInt8(0xE0 | scalar >> 12))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        default:
            unescaped.append(UInt8(0xF0 | scalar >> 18))
            unescaped.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the UTF-8 character whose lead byte (≥ 0x80) is at `i`: RFC 3629, so no
    /// overlong forms, no surrogates, nothing above U+10FFFF.
    func utf8Length() throws(JSONParseError) -> Int {
        let lead = bytes[i]
        let (count, low, high): (Int, UInt8, UInt8)
        switch lead {
        case 0xC2...0xDF: (count, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (count, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (count, low, high) = (3, 0x80, 0xBF)
        case 0xED: (count, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (count, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (count, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (count, low, high) = (4, 0x80, 0x8F)
        default: throw error(.invalidUTF8, "\(describe(lead)) cannot start a UTF-8 character")
        }
        for k in 1..<count {
            guard i + k < end else { throw error(.unexpectedEnd, at: end, "the input ends inside a UTF-8 character") }
            let c = bytes[i + k]
            guard k == 1 ? (low...high).contains(c) : (0x80...0xBF).contains(c) else {
                throw error(.invalidUTF8, at: i + k, "\(describe(c)) cannot continue the UTF-8 character at byte \(i)")
            }
        }
        return count
    }
}

/// The top bit of each byte of `w` (little-endian: byte 0 is the lowest) that is below 0x20,
/// above 0x7F, `"` or `\`: a byte-wise "has a zero byte" / "has a byte below n" test on all eight
/// at once (SWAR). Bits above the lowest set one may be wrong (a borrow runs on from a matching
/// byte), but whether any is set, and the lowest, are exact.
@inline(__always)
private func specialBytes(_ w: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    let control = (w &- 0x20 &* ones) & ~w
    let q = w ^ (0x22 &* ones), b = w ^ (0x5C &* ones)
    let quote = (q &- ones) & ~q, backslash = (b &- ones) & ~b
    return (w | control | quote | backslash) & highs
}

/// Whether `c` is one of the four bytes JSON allows between tokens (RFC 8259 §2).
@inline(__always)
func isJSONWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

/// `'x'` for printable ASCII, `byte 0x1f` otherwise.
private func describe(_ c: UInt8) -> String {
    if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
    return "byte 0x" + (c < 0x10 ? "0" : "") + String(c, radix: 16)
}
