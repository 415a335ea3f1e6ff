import NettingCrypto

/// LockedTransfer / RefundTransfer route metadata (raiden/messages/metadata.py).
///
/// Kept as the JSON itself, because Raiden hashes the object exactly as received (unknown keys,
/// original address case and all; only `_type` keys are removed) and mediators forward it
/// unchanged. `routes` is the parsed view. The hash is computed once, when the value is made.
public struct Metadata: Equatable, Sendable {
    /// The metadata object as it goes on the wire: compact JSON, members in the order received
    /// (`_type` keys removed).
    public let wireJSON: [UInt8]
    /// Each route's addresses, in order.
    public let routes: [[Address]]
    /// keccak of the canonical JSON of the object (python canonicaljson 1.5.0).
    public let hash: Hash32

    /// Metadata as a 3.0.1 initiator builds it: one object per route with its addresses in
    /// lowercase and an `address_metadata` object (empty when none is known).
    public init(routes: [[Address]], addressMetadata: [Address: [String: String]] = [:]) {
        let routeObjects: [JSONValue] = routes.map { route in
            let meta = addressMetadata.filter { route.contains($0.key) }.sorted { $0.key < $1.key }
            return .object(JSONObject(members: [
                JSONMember(key: "route", value: .array(route.map { .string($0.hex) })),
                JSONMember(key: "address_metadata", value: .object(JSONObject(members: meta.map { address, fields in
                    JSONMember(key: address.hex, value: .object(JSONObject(members: fields.sorted { $0.key < $1.key }.map {
                        JSONMember(key: $0.key, value: .string($0.value))
                    })))
                }))),
            ]))
        }
        let json = JSONValue.object(JSONObject(members: [JSONMember(key: "routes", value: .array(routeObjects))]))
        self.wireJSON = json.compactJSON()
        self.routes = routes
        self.hash = Keccak256.hash(json.canonicalJSON())
    }

    /// The parts, already checked to belong together.
    init(wireJSON: [UInt8], routes: [[Address]], hash: Hash32) {
        (self.wireJSON, self.routes, self.hash) = (wireJSON, routes, hash)
    }

    public static func == (a: Metadata, b: Metadata) -> Bool { a.wireJSON == b.wireJSON }

    static let keys: KnownKeys = ["routes", "secret"]
    static let routeKeys: KnownKeys = ["route", "address_metadata"]

    /// Validates received metadata (the value whose first token is at `index`) the way Raiden's
    /// schema does, and keeps its compact and canonical JSON, read straight from the tape.
    init(validating tape: JSONTape, at index: Int, path makePath: @autoclosure () -> String, reader: inout FieldReader) throws(DecodeError) {
        func path() -> String { makePath() }  // only for an error or a leniency
        guard tape.containsKey("_type", in: index) else {
            routes = try Self.validate(tape, index, path: path(), reader: &reader)
            if tape.isCompact(index) {
                // As Raiden sends it: the input is the compact form; only the canonical is written.
                let span = tape.inputSpan(index)
                wireJSON = Array(tape.input[span])
                hash = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: span.count) { out in
                    let count = tape.writeCanonical(compact: index, to: out.baseAddress!)
                    return Keccak256.hash(UnsafeRawBufferPointer(start: out.baseAddress!, count: count))
                }
                return
            }
            var writer = JSONWriter(capacity: 2 * (tape.tokens[index].end - tape.tokens[index].start) + 16)
            writer.compact(tape, index)
            wireJSON = writer.bytes
            var canonical = JSONWriter(capacity: wireJSON.count + 16)
            canonical.canonical(tape, index)
            hash = canonical.withBytes { Keccak256.hash(UnsafeRawBufferPointer($0)) }
            return
        }
        if reader.policy == .strict { throw DecodeError(.fieldUnknown, path: path(), "contains \"_type\" keys, which Raiden never emits") }
        reader.lenient(.metadataTypeKey, path())
        // Raiden removes them (`remove_type_inplace`) before anything else looks at the value:
        // the value without them is what is validated, forwarded and hashed.
        let cleaned = tape.value(at: index).removingTypeKeys().compactJSON()
        let result = cleaned.withUnsafeBufferPointer { bytes in
            // Our own compact JSON of a value no deeper than the input: it parses.
            try? JSONTape.parse(bytes) { (tape) throws(DecodeError) in try Metadata(validating: tape, at: 0, path: path(), reader: &reader) }
        }
        guard let result else { throw DecodeError(.jsonSyntax, path: path(), "could not be re-read without its \"_type\" keys") }
        self = try result.get()
    }

    /// The routes of the metadata value at `index`, after checking it as Raiden's schema does.
    private static func validate(_ tape: JSONTape, _ index: Int, path makePath: @autoclosure () -> String, reader: inout FieldReader) throws(DecodeError) -> [[Address]] {
        func path() -> String { makePath() }  // only for an error or a leniency
        guard tape.tokens[index].kind == .object else { throw reader.wrongType(tape.value(at: index), "an object", path()) }
        let object = WireObject(tape: tape, index: index)
        if !Self.keys.inOrder(object) { try reader.checkKeys(object.tree, known: Self.keys.set, at: path()) }
        guard let routesIndex = object.lookup("routes") else { throw DecodeError(.fieldMissing, path: path() + ".routes", "is required") }
        guard tape.tokens[routesIndex].kind == .array else {
            throw reader.wrongType(tape.value(at: routesIndex), "an array of routes", path() + ".routes")
        }
        var routes: [[Address]] = []
        routes.reserveCapacity(tape.elementCount(routesIndex))
        var r = routesIndex + 1, i = 0
        while r < tape.tokens[routesIndex].next {
            // Made only for an error or a leniency.
            func rp() -> String { "\(path()).routes[\(i)]" }
            guard tape.tokens[r].kind == .object else { throw reader.wrongType(tape.value(at: r), "a route object", rp()) }
            let route = WireObject(tape: tape, index: r)
            if !Self.routeKeys.inOrder(route) { try reader.checkKeys(route.tree, known: Self.routeKeys.set, at: rp()) }
            guard let hops = route.lookup("route") else { throw DecodeError(.fieldMissing, path: rp() + ".route", "is required") }
            guard tape.tokens[hops].kind == .array else { throw reader.wrongType(tape.value(at: hops), "an array of addresses", rp() + ".route") }
            var addresses: [Address] = []
            addresses.reserveCapacity(tape.elementCount(hops))
            var h = hops + 1, j = 0
            while h < tape.tokens[hops].next {
                addresses.append(try reader.address(tape, h, path: "\(rp()).route[\(j)]"))
                h = tape.tokens[h].next
                j += 1
            }
            if let meta = route.lookup("address_metadata") {
                try validateAddressMetadata(tape, meta, path: rp() + ".address_metadata", reader: &reader)
            }
            routes.append(addresses)
            r = tape.tokens[r].next
            i += 1
        }
        if let secret = object.lookup("secret") {
            switch tape.tokens[secret].kind {
            case .null:
                if reader.policy == .strict { throw DecodeError(.fieldNull, path: path() + ".secret", "is omitted, not null, when there is none") }
            case .string, .escapedString: _ = try reader.hexText(tape.string(secret), path: path() + ".secret")
            case .true, .false, .number, .array, .object: throw reader.wrongType(tape.value(at: secret), "a 0x-hex string", path() + ".secret")
            }
        }
        return routes
    }

    /// address_metadata: null, or an object keyed by address whose values map strings to strings.
    private static func validateAddressMetadata(_ tape: JSONTape, _ index: Int, path makePath: @autoclosure () -> String, reader: inout FieldReader) throws(DecodeError) {
        let token = tape.tokens[index]
        // An empty object (what 3.0.1 sends when it knows no metadata) needs no path.
        if token.kind == .object && token.next == index + 1 { return }
        let path = makePath()
        switch token.kind {
        case .null:
            if reader.policy == .strict { throw DecodeError(.fieldNull, path: path, "is omitted, not null, when there is none") }
        case .object:
            var k = index + 1
            while k < token.next {
                let ep = path + "." + tape.string(k)
                _ = try reader.address(tape, k, path: ep)
                let fields = tape.tokens[k + 1]
                guard fields.kind == .object else { throw reader.wrongType(tape.value(at: k + 1), "an object of strings", ep) }
                var f = k + 2
                while f < fields.next {
                    switch tape.tokens[f + 1].kind {
                    case .string, .escapedString: break
                    case .null, .true, .false, .number, .array, .object:
                        throw reader.wrongType(tape.value(at: f + 1), "a string", ep + "." + tape.string(f))
                    }
                    f = tape.tokens[f + 1].next
                }
                k = fields.next
            }
        case .true, .false, .number, .string, .escapedString, .array:
            throw reader.wrongType(tape.value(at: index), "an object keyed by address", path)
        }
    }
}

extension JSONValue {
    /// Raiden's `remove_type_inplace`: every `_type` key, at any depth, removed.
    func removingTypeKeys() -> JSONValue {
        switch self {
        case .object(let o):
            .object(JSONObject(members: o.members.filter { $0.key != "_type" }.map { JSONMember(key: $0.key, value: $0.value.removingTypeKeys()) }))
        case .array(let a): .array(a.map { $0.removingTypeKeys() })
        case .null, .bool, .number, .string: self
        }
    }
}
