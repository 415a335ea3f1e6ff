/// The keys an object type has, in the order Raiden writes them, and as a set.
///
/// A class, so that passing one around (generated decoders do, per object) costs at most one
/// reference count, and so that its key bytes can live in memory it owns.
public final class KnownKeys: @unchecked Sendable, ExpressibleByArrayLiteral {
    public let inOrder: [String]
    public let set: Set<String>
    /// Every key's UTF-8, one after another; key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    /// Immutable after `init` (hence `@unchecked Sendable`).
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>

    public init(_ keys: [String]) {
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

    public convenience init(arrayLiteral keys: String...) { self.init(keys) }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// The index of the key whose bytes the string token at `index` has, if any.
    func position(of index: Int, in tape: JSONTape) -> Int? {
        let token = tape.tokens[index]
        guard token.kind == .string else { return nil }
        let length = token.end &- token.start
        for k in 0..<inOrder.count where starts[k &+ 1] &- starts[k] == length {
            if sameBytes(tape.input.baseAddress! + token.start, bytes + starts[k], length) { return k }
        }
        return nil
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
