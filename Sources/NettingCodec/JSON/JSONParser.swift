/// Why JSON text was rejected: a stable code, the byte offset and a reason.
public struct JSONParseError: Error, Equatable, Sendable {
    public enum Code: String, Sendable {
        case unexpectedEnd = "json.unexpected_end"
        case invalidToken = "json.invalid_token"
        case invalidNumber = "json.invalid_number"
        case invalidString = "json.invalid_string"
        case invalidEscape = "json.invalid_escape"
        case invalidUTF8 = "json.invalid_utf8"
        case tooDeep = "json.too_deep"
        case trailingData = "json.trailing_data"
    }

    public let code: Code
    public let offset: Int
    public let reason: String
}

/// A strict RFC 8259 parser: one value, bounded nesting, valid UTF-8, no NaN or comments.
/// Memory stays proportional to the input.
public enum JSONParser {
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var p = Parser(bytes: bytes.bindMemory(to: UInt8.self), maxDepth: maxDepth)
        p.skipWhitespace()
        let value = try p.value(depth: 0)
        p.skipWhitespace()
        guard p.i == p.bytes.count else { throw p.fail(.trailingData, "unexpected data after the JSON value") }
        return value
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in try parse(raw, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    public static func parse(_ text: String, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) { (self.bytes, self.maxDepth) = (bytes, maxDepth) }

    func fail(_ code: JSONParseError.Code, _ reason: String) -> JSONParseError {
        JSONParseError(code: code, offset: i, reason: reason)
    }

    mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard i < bytes.count else { throw fail(.unexpectedEnd, "expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < maxDepth else { throw fail(.tooDeep, "nesting deeper than \(maxDepth)") }
            return try object(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < maxDepth else { throw fail(.tooDeep, "nesting deeper than \(maxDepth)") }
            return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail(.invalidToken, "expected a value, found \(describe(bytes[i]))")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail(.unexpectedEnd, "expected \(word)") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail(.invalidToken, "expected \(word)") }
        i += n
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        i += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members: members)) }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd, "expected a key") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail(.invalidToken, "expected a string key, found \(describe(bytes[i]))") }
            let key = try string()
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd, "expected ':'") }
            guard bytes[i] == UInt8(ascii: ":") else { throw fail(.invalidToken, "expected ':' after a key") }
            i += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try value(depth: depth)))
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd, "expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members: members)) }
            throw fail(.invalidToken, "expected ',' or '}' after an object member")
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        i += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd, "expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            throw fail(.invalidToken, "expected ',' or ']' after an array element")
        }
    }

    mutating func number() throws(JSONParseError) -> String {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail(.invalidNumber, "a number needs digits") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw fail(.invalidNumber, "leading zeros are not allowed") }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail(.invalidNumber, "a fraction needs digits") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail(.invalidNumber, "an exponent needs digits") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    mutating func string() throws(JSONParseError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, plain ASCII.
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c >= 0x80 || c < 0x20 { break }
            i += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < bytes.count else { throw fail(.unexpectedEnd, "unterminated string") }
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { throw fail(.unexpectedEnd, "unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail(.invalidEscape, "a high surrogate must be followed by a low surrogate")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail(.invalidEscape, "a high surrogate must be followed by a low surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail(.invalidEscape, "a lone low surrogate")
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default:
                    i -= 1
                    throw fail(.invalidEscape, "\\\(describe(e)) is not a JSON escape")
                }
            case 0..<0x20:
                throw fail(.invalidString, "control character \(describe(c)) must be escaped")
            case 0x80...:
                let n = try utf8Sequence()
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<i + n]))
                i += n
            default:
                out.append(c)
                i += 1
            }
        }
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail(.unexpectedEnd, "\\u needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            default: throw fail(.invalidEscape, "\\u needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates).
    func utf8Sequence() throws(JSONParseError) -> Int {
        let c = bytes[i]
        let (n, lo, hi): (Int, UInt8, UInt8)
        switch c {
        case 0xC2...0xDF: (n, lo, hi) = (2, 0x80, 0xBF)
        case 0xE0: (n, lo, hi) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (n, lo, hi) = (3, 0x80, 0xBF)
        case 0xED: (n, lo, hi) = (3, 0x80, 0x9F)
        case 0xF0: (n, lo, hi) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (n, lo, hi) = (4, 0x80, 0xBF)
        case 0xF4: (n, lo, hi) = (4, 0x80, 0x8F)
        default: throw fail(.invalidUTF8, "byte \(describe(c)) does not start a UTF-8 character")
        }
        guard i + n <= bytes.count else { throw fail(.invalidUTF8, "truncated UTF-8 character") }
        guard (lo...hi).contains(bytes[i + 1]) else { throw fail(.invalidUTF8, "invalid UTF-8 continuation") }
        for k in 2..<max(2, n) where !(0x80...0xBF).contains(bytes[i + k]) { throw fail(.invalidUTF8, "invalid UTF-8 continuation") }
        return n
    }

    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7f ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x" + String(c, radix: 16)
    }
}
