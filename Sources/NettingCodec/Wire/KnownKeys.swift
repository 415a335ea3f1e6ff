/// The keys an object type has, in the order Raiden writes them, and as a set.
public struct KnownKeys: Sendable, ExpressibleByArrayLiteral {
    public let inOrder: [String]
    public let set: Set<String>
    /// Every key's UTF-8, one after another; key `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]

    public init(_ keys: [String]) {
        inOrder = keys
        set = Set(keys)
        bytes = keys.flatMap { Array($0.utf8) }
        starts = keys.reduce(into: [0]) { $0.append($0.last! + $1.utf8.count) }
    }

    public init(arrayLiteral keys: String...) { self.init(keys) }

    /// Whether `object`'s keys are some of these, each once, in this order: then it has no
    /// unknown and no duplicate key. Keys are compared as bytes, lengths first.
    func inOrder(_ object: WireObject) -> Bool {
        let tape = object.tape
        let end = tape.tokens[object.index].next
        return bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                let count = starts.count - 1
                var k = 0
                var member = object.index + 1
                while member < end {
                    while k < count, !tape.stringEquals(member, UnsafeBufferPointer(rebasing: bytes[starts[k]..<starts[k + 1]])) { k += 1 }
                    guard k < count else { return false }
                    k += 1
                    member = tape.tokens[member + 1].next
                }
                return true
            }
        }
    }
}
