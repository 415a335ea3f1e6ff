/// A parsed JSON value. Objects keep their members in input order (duplicates included), and
/// numbers keep their exact text, so a value can be re-encoded or hashed exactly as received.
///
/// Equality is exact: strings are equal when their Unicode scalars are, not when they are
/// canonically equivalent as Swift's `String ==` has it ("é" and "e\u{301}" differ, as they do
/// in Python and in the bytes that get hashed).
package enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The number's text as written (RFC 8259 grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

package struct JSONMember: Sendable {
    package var key: String
    package var value: JSONValue
    package init(key: String, value: JSONValue) { (self.key, self.value) = (key, value) }
}

package struct JSONObject: Sendable {
    package var members: [JSONMember]
    package init(members: [JSONMember]) { self.members = members }

    /// The value of the last member with this key (Python's json keeps the last duplicate).
    package subscript(key: String) -> JSONValue? {
        for member in members.reversed() where sameScalars(member.key, key) { return member.value }
        return nil
    }

    /// Keys that appear more than once, in order of first appearance.
    package var duplicateKeys: [String] {
        guard members.count > 1 else { return [] }
        let order = indicesSortedByKey()
        var firsts: [Int] = []
        var runStart = 0
        for k in 1...order.count {
            if k < order.count, sameScalars(members[order[k]].key, members[order[runStart]].key) { continue }
            if k - runStart > 1 { firsts.append(order[runStart]) }
            runStart = k
        }
        return firsts.sorted().map { members[$0].key }
    }

    /// Whether each key sorts strictly after the one before it in code point order: then the
    /// keys are sorted and none repeats.
    var keysStrictlyAscending: Bool {
        var k = 1
        while k < members.count {
            guard compareScalars(members[k - 1].key, members[k].key) < 0 else { return false }
            k += 1
        }
        return true
    }

    /// Member indices ordered by key in code point order; equal keys stay in input order.
    func indicesSortedByKey() -> [Int] {
        members.indices.sorted { i, j in
            let order = compareScalars(members[i].key, members[j].key)
            return order != 0 ? order < 0 : i < j
        }
    }
}

extension JSONValue: Equatable {
    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)): sameScalars(x, y)
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x == y
        case (.null, _), (.bool, _), (.number, _), (.string, _), (.array, _), (.object, _): false
        }
    }
}

extension JSONMember: Equatable {
    package static func == (a: JSONMember, b: JSONMember) -> Bool { sameScalars(a.key, b.key) && a.value == b.value }
}

extension JSONObject: Equatable {}

/// Whether two strings have the same Unicode scalars (not Swift's canonical equivalence).
func sameScalars(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
}

/// Negative, zero or positive as `a` sorts before, with or after `b` in code point order, which
/// is Python's `str` order. Comparing UTF-8 bytes gives exactly that order (UTF-8 was designed
/// so); UTF-16 order differs above U+D7FF, and Swift's `String <` compares canonical forms.
func compareScalars(_ a: String, _ b: String) -> Int {
    var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
    while true {
        switch (x.next(), y.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let p?, let q?) where p != q: return p < q ? -1 : 1
        default: continue
        }
    }
}
