/// Writing a value straight from a `JSONTape`, without making it a tree first: exactly what
/// `JSONWriter.value(_:)` and `JSONWriter.canonical(_:)` write for `tape.value(at: index)`.
extension JSONWriter {
    /// The value whose first token is at `index`: compact, object members in input order
    /// (duplicates included), the writer's escaping.
    mutating func compact(_ tape: JSONTape, _ index: Int) { write(tape, index, canonical: false) }

    /// The value whose first token is at `index`, as canonicaljson 1.5.0 writes it: keys sorted
    /// by code point (UTF-8 byte order is code point order), and of duplicate keys only the last.
    mutating func canonical(_ tape: JSONTape, _ index: Int) { write(tape, index, canonical: true) }

    private mutating func write(_ tape: JSONTape, _ index: Int, canonical: Bool) {
        let token = tape.tokens[index]
        switch token.kind {
        case .null: null()
        case .true: bool(true)
        case .false: bool(false)
        case .number: raw(UnsafeBufferPointer(rebasing: tape.input[token.start..<token.end]))
        case .string, .escapedString: string(tape.stringBytes(index))
        case .array:
            beginArray()
            var k = index + 1
            while k < token.next {
                write(tape, k, canonical: canonical)
                k = tape.tokens[k].next
            }
            endArray()
        case .object:
            beginObject()
            func member(_ k: Int) {
                key(tape.stringBytes(k))
                write(tape, k + 1, canonical: canonical)
            }
            if canonical {
                tape.withMembersByKey(index) { keys in keys.forEach(member) }
            } else {
                var k = index + 1
                while k < token.next {
                    member(k)
                    k = tape.tokens[k + 1].next
                }
            }
            endObject()
        }
    }
}

extension JSONTape {
    /// Calls `body` with the key tokens of the object at `index` in canonicaljson's order: sorted
    /// by key bytes (code point order), and of equal keys only the last (a Python dict's).
    func withMembersByKey<R>(_ index: Int, _ body: (UnsafeBufferPointer<Int>) -> R) -> R {
        var count = 0
        var k = index + 1
        while k < tokens[index].next {
            count += 1
            k = tokens[k + 1].next
        }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { keys in
            // Insertion sort, stable: equal keys stay in input order, and only the last is kept.
            var sorted = 0
            var k = index + 1
            for _ in 0..<count {
                var m = sorted
                var order = 1
                while m > 0 {
                    order = compareStrings(keys[m - 1], k)
                    guard order > 0 else { break }
                    m -= 1
                }
                if m > 0 && order == 0 {
                    keys[m - 1] = k  // the same key again: the later one wins, in place
                } else {
                    (keys.baseAddress! + m + 1).update(from: keys.baseAddress! + m, count: sorted - m)
                    keys[m] = k
                    sorted += 1
                }
                k = tokens[k + 1].next
            }
            return body(UnsafeBufferPointer(rebasing: keys[..<sorted]))
        }
    }

    /// The input bytes of the value at `index` (a string's with its quotes).
    func inputSpan(_ index: Int) -> Range<Int> {
        let token = tokens[index]
        switch token.kind {
        case .string, .escapedString: return (token.start - 1)..<(token.end + 1)
        case .null, .true, .false, .number, .array, .object: return token.start..<token.end
        }
    }

    /// Whether the input bytes of the value at `index` are exactly what `JSONWriter.compact`
    /// writes for it: no escapes, and no whitespace, which is found by adding up what the
    /// compact form holds — each token's own bytes, a container's brackets, and one `,` or `:`
    /// between each two tokens that share a container — and comparing with the input's span.
    func isCompact(_ index: Int) -> Bool {
        let root = tokens[index]
        var expected = root.next - index - 1  // a separator before every token inside but the first of each container...
        var k = index
        while k < root.next {
            let token = tokens[k]
            switch token.kind {
            case .escapedString: return false
            case .string: expected += token.end - token.start + 2
            case .null, .true, .false, .number: expected += token.end - token.start
            case .array, .object: expected += token.next > k + 1 ? 1 : 2  // ...so one less for each non-empty container
            }
            k += 1
        }
        return expected == inputSpan(index).count
    }

    /// Writes at `out` the canonical JSON of the value at `index`, which must be `isCompact`
    /// (so at most its input span), straight from the input; returns the byte count.
    func writeCanonical(compact index: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let token = tokens[index]
        func copy(_ span: Range<Int>, to at: Int) -> Int {
            (out + at).update(from: input.baseAddress! + span.lowerBound, count: span.count)
            return span.count
        }
        switch token.kind {
        case .null, .true, .false, .number, .string, .escapedString:
            return copy(inputSpan(index), to: 0)
        case .array:
            var n = 1
            out[0] = UInt8(ascii: "[")
            var k = index + 1
            while k < token.next {
                if k > index + 1 { out[n] = UInt8(ascii: ","); n += 1 }
                n += writeCanonical(compact: k, to: out + n)
                k = tokens[k].next
            }
            out[n] = UInt8(ascii: "]")
            return n + 1
        case .object:
            return withMembersByKey(index) { keys in
                var n = 1
                out[0] = UInt8(ascii: "{")
                for (i, k) in keys.enumerated() {
                    if i > 0 { out[n] = UInt8(ascii: ","); n += 1 }
                    n += copy(inputSpan(k), to: n)
                    out[n] = UInt8(ascii: ":")
                    n += 1
                    n += writeCanonical(compact: k + 1, to: out + n)
                }
                out[n] = UInt8(ascii: "}")
                return n + 1
            }
        }
    }

    /// Negative, zero or positive as the string token at `a` sorts before, with or after the one
    /// at `b`, comparing bytes (code point order for UTF-8).
    func compareStrings(_ a: Int, _ b: Int) -> Int {
        let x = stringBytes(a), y = stringBytes(b)
        for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    /// Whether any object in the value whose first token is at `index` has a key with exactly
    /// the UTF-8 bytes of `key`.
    func containsKey(_ key: StaticString, in index: Int) -> Bool {
        key.withUTF8Buffer { key in
            var k = index
            while k < tokens[index].next {
                if tokens[k].kind == .object {
                    var member = k + 1
                    while member < tokens[k].next {
                        if stringEquals(member, key) { return true }
                        member = tokens[member + 1].next
                    }
                }
                k += 1
            }
            return false
        }
    }
}
