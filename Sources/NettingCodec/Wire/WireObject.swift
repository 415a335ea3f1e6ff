/// A JSON object of a message being decoded, as generated decoders read it: a view into the
/// parsed input (a `JSONTape`), so that keys are compared as bytes and values are read straight
/// from the input. It borrows the input: it is only valid inside the `MessageCodec.decode` call
/// that handed it out.
package struct WireObject {
    let tape: JSONTape
    /// The index of the object's token in `tape.tokens`.
    let index: Int

    /// The value token of the last member whose key has exactly the UTF-8 bytes of `key` (the
    /// member Python's json keeps; equal bytes is what `JSONObject.subscript` compares too).
    func lookup(_ key: StaticString) -> Int? {
        key.withUTF8Buffer { key in
            var found: Int?
            var k = index + 1
            let end = tape.tokens[index].next
            while k < end {
                if tape.stringEquals(k, key) { found = k + 1 }
                k = tape.tokens[k + 1].next
            }
            return found
        }
    }

    /// `lookup(_:)` for an object whose keys are known to be unique: the first match, searching
    /// from the member whose key token is at `start` to the end and then from the beginning; and
    /// the key token of the member after it.
    @inline(__always)
    func lookupUnique(_ key: StaticString, from start: Int) -> (value: Int, next: Int)? {
        key.withUTF8Buffer { key in
            let tokens = tape.tokens
            let end = tokens[index].next
            var k = start
            while k < end {
                if tape.stringEquals(k, key) { return (k + 1, tokens[k + 1].next) }
                k = tokens[k + 1].next
            }
            k = index + 1
            while k < start {
                if tape.stringEquals(k, key) { return (k + 1, tokens[k + 1].next) }
                k = tokens[k + 1].next
            }
            return nil
        }
    }

    /// The kind of the value token at `index`.
    @inline(__always)
    func kind(_ index: Int) -> JSONToken.Kind { tape.tokens[index].kind }

    /// The object as a tree, for the paths that are not about speed (errors, leniencies).
    var tree: JSONObject { tape.object(at: index) }
}
