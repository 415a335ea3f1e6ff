/// The keys an object type has, in the order Raiden writes them, and as a set.
public struct KnownKeys: Sendable, ExpressibleByArrayLiteral {
    public let inOrder: [String]
    public let set: Set<String>
    /// `inOrder` as UTF-8 bytes.
    let utf8: [[UInt8]]

    public init(_ keys: [String]) {
        inOrder = keys
        set = Set(keys)
        utf8 = keys.map { Array($0.utf8) }
    }

    public init(arrayLiteral keys: String...) { self.init(keys) }

    /// Whether `object`'s keys are some of these, each once, in this order: then it has no
    /// unknown and no duplicate key. Keys are lower-case ASCII, which only identical bytes equal,
    /// so lengths are compared first.
    func inOrder(_ object: JSONObject) -> Bool {
        var k = 0
        for member in object.members {
            let count = member.key.utf8.count
            while k < inOrder.count, !(inOrder[k].utf8.count == count && inOrder[k] == member.key) { k += 1 }
            guard k < inOrder.count else { return false }
            k += 1
        }
        return true
    }

    /// `inOrder(_:)` for an object of a message being decoded, comparing bytes.
    func inOrder(_ object: WireObject) -> Bool {
        let tokens = object.tape.tokens
        var k = 0
        var member = object.index + 1
        while member < tokens[object.index].next {
            while k < utf8.count, !utf8[k].withUnsafeBufferPointer({ object.tape.stringEquals(member, $0) }) { k += 1 }
            guard k < utf8.count else { return false }
            k += 1
            member = tokens[member + 1].next
        }
        return true
    }
}
