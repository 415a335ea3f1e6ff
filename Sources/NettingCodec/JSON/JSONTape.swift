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
/// A tape is a view made of pointers (reading it never touches a reference count): it is only
/// valid inside the `JSONTape.parse(_:maxDepth:_:)` call that hands it out.
struct JSONTape {
    let input: UnsafeBufferPointer<UInt8>
    let tokens: UnsafeBufferPointer<JSONToken>
    /// The unescaped bytes of every string that has escapes, one after another.
    let unescaped: UnsafeBufferPointer<UInt8>

    /// How deep arrays and objects may nest in a message (and by default in any JSON parsed).
    static let maxDepth = 64

    /// Parses `input` (the grammar, limits and errors of `JSONParser.parse`) and calls `body`
    /// with the tape, which `body` must not keep.
    static func parse<R, E: Error>(
        _ input: UnsafeBufferPointer<UInt8>, maxDepth: Int = JSONTape.maxDepth, _ body: (JSONTape) throws(E) -> R
    ) throws(JSONParseError) -> Result<R, E> {
        var parser = TapeParser(bytes: input, maxDepth: maxDepth)
        defer { parser.tokens.deallocate() }
        try parser.document()
        let tokens = UnsafeBufferPointer(start: parser.tokens, count: parser.count)
        return parser.unescaped.withUnsafeBufferPointer { unescaped in
            Result { () throws(E) in try body(JSONTape(input: input, tokens: tokens, unescaped: unescaped)) }
        }
    }

    /// The bytes of the string token at `index` (unescaped).
    @inline(__always)
    func stringBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let token = tokens[index]
        return UnsafeBufferPointer(rebasing: (token.kind == .string ? input : unescaped)[token.start..<token.end])
    }

    /// Whether the string token at `index` has exactly the UTF-8 bytes of `key`.
    @inline(__always)
    func stringEquals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let token = tokens[index]
        guard token.end - token.start == key.count else { return false }
        if key.isEmpty { return true }
        return sameBytes(stringBytes(index).baseAddress!, key)
    }

    /// The string token at `index` as a Swift string; `interning` hands out `InternedKeys`.
    func string(_ index: Int, interning: Bool = false) -> String {
        let bytes = stringBytes(index)
        if interning, let key = InternedKeys.lookup(bytes) { return key }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How many elements the array (or members the object) whose token is at `index` has.
    func elementCount(_ index: Int) -> Int {
        let isObject = tokens[index].kind == .object
        var count = 0
        var k = index &+ 1
        while k < tokens[index].next {
            k = tokens[isObject ? k &+ 1 : k].next
            count &+= 1
        }
        return count
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

/// Whether the `key.count` bytes at `p` are those of `key` (not empty).
@inline(__always)
private func sameBytes(_ p: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    sameBytes(p, key.baseAddress!, key.count)
}

/// Whether the `n` bytes at `p` and `q` are equal, compared 8 bytes at a time; a last partial
/// word is compared as the 8 bytes ending there, overlapping the one before.
@inline(__always)
func sameBytes(_ p: UnsafePointer<UInt8>, _ q: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    @inline(__always) func word(_ r: UnsafePointer<UInt8>, _ at: Int) -> UInt64 { UnsafeRawPointer(r + at).loadUnaligned(as: UInt64.self) }
    guard n >= 8 else {
        @inline(__always) func half(_ r: UnsafePointer<UInt8>, _ at: Int) -> UInt32 { UnsafeRawPointer(r + at).loadUnaligned(as: UInt32.self) }
        guard n >= 4 else {
            for i in 0..<n where p[i] != q[i] { return false }
            return true
        }
        return half(p, 0) == half(q, 0) && half(p, n &- 4) == half(q, n &- 4)
    }
    var i = 0
    while i &+ 8 < n {
        guard word(p, i) == word(q, i) else { return false }
        i &+= 8
    }
    return word(p, n &- 8) == word(q, n &- 8)
}
