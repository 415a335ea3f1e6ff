import NettingCrypto

/// LockedTransfer / RefundTransfer route metadata (raiden/messages/metadata.py).
///
/// Kept as the JSON value itself, because Raiden hashes the object exactly as received (unknown
/// keys, original address case and all; only `_type` keys are removed) and mediators forward it
/// unchanged. `routes` is the parsed view. The hash is computed once, when the value is made.
public struct Metadata: Equatable, Sendable {
    /// The metadata object as it goes on the wire and into the hash.
    public let json: JSONValue
    /// Each route's addresses, in order.
    public let routes: [[Address]]
    /// keccak of the canonical JSON of `json` (python canonicaljson 1.5.0).
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
        self.init(trusted: .object(JSONObject(members: [JSONMember(key: "routes", value: .array(routeObjects))])), routes: routes)
    }

    init(trusted json: JSONValue, routes: [[Address]]) {
        self.json = json
        self.routes = routes
        self.hash = Keccak256.hash(json.canonicalJSON())
    }

    public static func == (a: Metadata, b: Metadata) -> Bool { a.json == b.json }

    static let keys: KnownKeys = ["routes", "secret"]
    static let routeKeys: KnownKeys = ["route", "address_metadata"]

    /// Validates received metadata the way Raiden's schema does and keeps the value for hashing.
    init(validating value: JSONValue, path: String, reader: inout FieldReader) throws(DecodeError) {
        var value = value
        if value.containsTypeKey {
            if reader.policy == .strict { throw DecodeError(.fieldUnknown, path: path, "contains \"_type\" keys, which Raiden never emits") }
            reader.lenient(.metadataTypeKey, path)
            value = value.removingTypeKeys()
        }
        guard case .object(let object) = value else { throw reader.wrongType(value, "an object", path) }
        try reader.checkKeys(object, known: Self.keys, at: path)
        guard let routesValue = FieldReader.lookup(object, "routes") else { throw DecodeError(.fieldMissing, path: path + ".routes", "is required") }
        guard case .array(let routeValues) = routesValue else { throw reader.wrongType(routesValue, "an array of routes", path + ".routes") }
        var routes: [[Address]] = []
        for (i, routeValue) in routeValues.enumerated() {
            // Made only for an error or a leniency.
            func rp() -> String { "\(path).routes[\(i)]" }
            guard case .object(let route) = routeValue else { throw reader.wrongType(routeValue, "a route object", rp()) }
            if !Self.routeKeys.inOrder(route) { try reader.checkKeys(route, known: Self.routeKeys.set, at: rp()) }
            guard let hops = FieldReader.lookup(route, "route") else { throw DecodeError(.fieldMissing, path: rp() + ".route", "is required") }
            guard case .array(let hopValues) = hops else { throw reader.wrongType(hops, "an array of addresses", rp() + ".route") }
            var addresses: [Address] = []
            addresses.reserveCapacity(hopValues.count)
            for (j, hop) in hopValues.enumerated() {
                addresses.append(try reader.address(hop, path: "\(rp()).route[\(j)]"))
            }
            if let meta = FieldReader.lookup(route, "address_metadata") {
                try Self.validateAddressMetadata(meta, path: rp() + ".address_metadata", reader: &reader)
            }
            routes.append(addresses)
        }
        if let secret = FieldReader.lookup(object, "secret") {
            switch secret {
            case .null:
                if reader.policy == .strict { throw DecodeError(.fieldNull, path: path + ".secret", "is omitted, not null, when there is none") }
            case .string(let text): _ = try reader.hexText(text, path: path + ".secret")
            case .bool, .number, .array, .object: throw reader.wrongType(secret, "a 0x-hex string", path + ".secret")
            }
        }
        self.init(trusted: value, routes: routes)
    }

    /// address_metadata: null, or an object keyed by address whose values map strings to strings.
    static func validateAddressMetadata(_ value: JSONValue, path makePath: @autoclosure () -> String, reader: inout FieldReader) throws(DecodeError) {
        // An empty object (what 3.0.1 sends when it knows no metadata) needs no path.
        if case .object(let entries) = value, entries.members.isEmpty { return }
        let path = makePath()
        switch value {
        case .null:
            if reader.policy == .strict { throw DecodeError(.fieldNull, path: path, "is omitted, not null, when there is none") }
        case .object(let entries):
            for entry in entries.members {
                let ep = path + "." + entry.key
                _ = try reader.address(.string(entry.key), path: ep)
                guard case .object(let fields) = entry.value else { throw reader.wrongType(entry.value, "an object of strings", ep) }
                for field in fields.members {
                    guard case .string = field.value else { throw reader.wrongType(field.value, "a string", ep + "." + field.key) }
                }
            }
        case .bool, .number, .string, .array:
            throw reader.wrongType(value, "an object keyed by address", path)
        }
    }
}

extension JSONValue {
    var containsTypeKey: Bool {
        switch self {
        // Only identical bytes equal "_type" (ASCII without K, ; or `), so lengths are compared first.
        case .object(let o): o.members.contains { ($0.key.utf8.count == 5 && $0.key == "_type") || $0.value.containsTypeKey }
        case .array(let a): a.contains { $0.containsTypeKey }
        case .null, .bool, .number, .string: false
        }
    }

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
