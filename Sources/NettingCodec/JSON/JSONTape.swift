/// One value (or object key) of a `JSONTape`.
struct JSONToken {
    enum Kind: UInt8 {
        case null, `true`, `false`, number, array, object
        /// A string without escapes: `start..<end` are its bytes in the input, between the quotes.
        case string
        /// A string with escapes: `start..<end` are its unescaped bytes in `JSONTape.unescaped`.
        case escapedString
    }

    var kind: Kind
    /// Numbers: the text in the input. Arrays and objects: from the bracket to past the closing one.
    var start: Int
    var end: Int
    /// The index of the first token after this value, and after everything inside it.
    var next: Int
}

/// A parsed JSON document as a flat list of tokens over the input bytes, in input order. An
/// array's token is followed by its elements; an object's by a key token (a string) and the
/// value's tokens for each member. Nothing is copied out of the input except unescaped strings.
///
/// It borrows the input: use it only while the bytes it was parsed from are alive and unchanged.
struct JSONTape {
    let input: UnsafeBufferPointer<UInt8>
    var tokens: [JSONToken] = []
    /// The unescaped bytes of every string that has escapes, one after another.
    var unescaped: [UInt8] = []

    /// Parses `input` (the grammar, limits and errors of `JSONParser.parse`).
    static func parse(_ input: UnsafeBufferPointer<UInt8>, maxDepth: Int = 64) throws(JSONParseError) -> JSONTape {
        var parser = TapeParser(bytes: input, maxDepth: maxDepth)
        try parser.document()
        return JSONTape(input: input, tokens: parser.tokens, unescaped: parser.unescaped)
    }

    /// Calls `body` with the bytes of the string token at `index` (unescaped).
    @inline(__always)
    func withStringBytes<R, E: Error>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        let token = tokens[index]
        if token.kind == .string { return try body(UnsafeBufferPointer(rebasing: input[token.start..<token.end])) }
        let result = unescaped.withUnsafeBufferPointer { all in
            Result { () throws(E) in try body(UnsafeBufferPointer(rebasing: all[token.start..<token.end])) }
        }
        return try result.get()
    }

    /// Whether the string token at `index` has exactly the UTF-8 bytes of `key`.
    @inline(__always)
    func stringEquals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let token = tokens[index]
        guard token.end - token.start == key.count else { return false }
        if key.isEmpty { return true }
        if token.kind == .string { return sameBytes(input.baseAddress! + token.start, key) }
        return unescaped.withUnsafeBufferPointer { sameBytes($0.baseAddress! + token.start, key) }
    }

    /// The string token at `index` as a Swift string; `interning` hands out `InternedKeys`.
    func string(_ index: Int, interning: Bool = false) -> String {
        let token = tokens[index]
        if token.kind == .escapedString { return String(decoding: unescaped[token.start..<token.end], as: UTF8.self) }
        let bytes = UnsafeBufferPointer(rebasing: input[token.start..<token.end])
        if interning, let key = InternedKeys.lookup(bytes) { return key }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value whose first token is at `index`, as a tree.
    func value(at index: Int) -> JSONValue {
        let token = tokens[index]
        switch token.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(String(decoding: UnsafeBufferPointer(rebasing: input[token.start..<token.end]), as: UTF8.self))
        case .string, .escapedString: return .string(string(index))
        case .array:
            var elements: [JSONValue] = []
            var k = index + 1
            while k < token.next {
                elements.append(value(at: k))
                k = tokens[k].next
            }
            return .array(elements)
        case .object:
            return .object(object(at: index))
        }
    }

    /// The object whose token is at `index`, as a tree.
    func object(at index: Int) -> JSONObject {
        var members: [JSONMember] = []
        var k = index + 1
        while k < tokens[index].next {
            members.append(JSONMember(key: string(k, interning: true), value: value(at: k + 1)))
            k = tokens[k + 1].next
        }
        return JSONObject(members: members)
    }
}

/// Whether the `key.count` bytes at `p` are those of `key` (not empty), compared 8 bytes at a time.
@inline(__always)
private func sameBytes(_ p: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let q = key.baseAddress!
    var i = 0
    while i &+ 8 <= key.count {
        guard UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self) else { return false }
        i &+= 8
    }
    while i < key.count {
        guard p[i] == q[i] else { return false }
        i &+= 1
    }
    return true
}
