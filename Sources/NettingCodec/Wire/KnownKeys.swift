/// The keys an object type has, in the order Raiden writes them, and as a set.
///
/// A class, so that passing one around (generated decoders do, per object) costs at most one
/// reference count, and so that its key bytes can live in memory it owns.
package final class KnownKeys: @unchecked Sendable, ExpressibleByArrayLiteral {
    package let inOrder: [String]
    package let set: Set<String>
    /// Every key's UTF-8, one after another; key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    /// Immutable after `init` (hence `@unchecked Sendable`).
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>

    package init(_ keys: [String]) {
        inOrder = keys
        set = Set(keys)
        let utf8 = keys.flatMap { Array($0.utf8) }
        bytes = .allocate(capacity: max(1, utf8.count))
        bytes.initialize(from: utf8, count: utf8.count)
        starts = .allocate(capacity: keys.count + 1)
        var offset = 0
        for (k, key) in keys.enumerated() {
            starts[k] = offset
            offset += key.utf8.count
        }
        starts[keys.count] = offset
    }

    package convenience init(arrayLiteral keys: String...) { self.init(keys) }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// The index of the key whose bytes the string token at `index` has, if any.
    func position(of index: Int, in tape: JSONTape) -> Int? {
        let token = tape.tokens[index]
        guard token.kind == .string else { return nil }
        return position(of: UnsafeBufferPointer(start: tape.input.baseAddress! + token.start, count: token.end &- token.start))
    }

    /// The index of the key with exactly these bytes, if any; key `tryFirst` is compared first.
    @inline(__always)
    func position(of key: UnsafeBufferPointer<UInt8>, tryFirst: Int = 0) -> Int? {
        @inline(__always) func matches(_ k: Int) -> Bool {
            starts[k &+ 1] &- starts[k] == key.count && (key.isEmpty || sameBytes(key.baseAddress!, bytes + starts[k], key.count))
        }
        if tryFirst < inOrder.count, matches(tryFirst) { return tryFirst }
        for k in 0..<inOrder.count where k != tryFirst && matches(k) { return k }
        return nil
    }

    /// The length of key `k` when the `available` bytes at `p` start with it followed by `"`:
    /// the key of a member read straight from the input.
    @inline(__always)
    func quotedMatch(_ k: Int, at p: UnsafePointer<UInt8>, available: Int) -> Int? {
        guard k < inOrder.count else { return nil }
        let start = starts[k], length = starts[k &+ 1] &- start
        guard length < available, p[length] == UInt8(ascii: "\""), sameBytes(p, bytes + start, length) else { return nil }
        return length
    }

    /// Whether `object`'s keys are some of these, each once, in this order: then it has no
    /// unknown and no duplicate key. Keys are compared as bytes, lengths first. A key with
    /// escapes answers false, and the caller checks the object in full.
    func inOrder(_ object: WireObject) -> Bool {
        let tokens = object.tape.tokens
        let input = object.tape.input.baseAddress!
        let end = tokens[object.index].next
        let count = inOrder.count
        var k = 0
        var member = object.index &+ 1
        while member < end {
            let key = tokens[member]
            guard key.kind == .string else { return false }
            let length = key.end &- key.start
            while true {
                guard k < count else { return false }
                let start = starts[k]
                k &+= 1
                if starts[k] &- start == length && sameBytes(input + key.start, bytes + start, length) { break }
            }
            member = tokens[member &+ 1].next
        }
        return true
    }
}
