import NettingCrypto

extension CanonicalReader {
    /// Metadata (`Metadata(validating:)`'s rules). Routes without address metadata, as Raiden
    /// 3.0.1 writes them when it knows none, are read and hashed here; any other metadata is cut
    /// out of the input (`skipValue`), parsed in full with the depth it has in the message and
    /// validated under `strict`.
    mutating func metadata() -> Metadata? {
        skipWhitespace()
        let start = i, outerDepth = depth
        if let metadata = plainRoutes() { return metadata }
        (i, depth) = (start, outerDepth)
        guard i < end, base[i] == UInt8(ascii: "{"), skipValue() else { return nil }
        let span = UnsafeBufferPointer(start: base + start, count: i &- start)
        let result = try? JSONTape.parse(span, maxDepth: JSONTape.maxDepth &- depth) { (tape) throws(DecodeError) in
            var reader = FieldReader(policy: .strict)
            return try Metadata(validating: tape, at: 0, path: "metadata", reader: &reader)
        }
        return try? result?.get()
    }

    /// What `plainRoutes()` read: each route's addresses, and per route (bit `r`) whether it
    /// has an empty `address_metadata` and whether that comes before `route`.
    private struct PlainRoutes {
        var routes: [[Address]] = []
        var hasAddressMetadata: UInt64 = 0
        var addressMetadataFirst: UInt64 = 0
        static let maxRoutes = 64
    }

    /// `{"routes": [{"route": [address, …], "address_metadata": {}}, …]}`, with `address_metadata`
    /// empty or absent, keys in either order, whitespace between tokens, at most 64 routes: the
    /// metadata, or nil.
    private mutating func plainRoutes() -> Metadata? {
        let start = i
        guard beginObject() else { return nil }
        var next = 0
        guard key(Metadata.keys, next: &next) == 0, expect(UInt8(ascii: "[")) else { return nil }
        var read = PlainRoutes()
        skipWhitespace()
        if i < end, base[i] == UInt8(ascii: "]") { i &+= 1 } else {
            repeat {
                guard read.routes.count < PlainRoutes.maxRoutes, plainRoute(into: &read) else { return nil }
            } while nextMember()
            guard expect(UInt8(ascii: "]")) else { return nil }
        }
        guard endObject() else { return nil }
        let span = UnsafeBufferPointer(start: base + start, count: i &- start)
        // Both forms are the input's bytes less its whitespace, so they are no longer than it.
        let hash = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: span.count) { out in
            Keccak256.hash(UnsafeRawBufferPointer(start: out.baseAddress!, count: write(read, canonical: true, to: out.baseAddress!)))
        }
        // Without whitespace the input is its own compact form.
        let compact = span.count == Self.compactLength(read) ? Array(span) : [UInt8](unsafeUninitializedCapacity: span.count) { out, count in
            count = write(read, canonical: false, to: out.baseAddress!)
        }
        return Metadata(wireJSON: compact, routes: read.routes, hash: hash)
    }

    /// One route object of `plainRoutes()`, appended to `read`.
    private mutating func plainRoute(into read: inout PlainRoutes) -> Bool {
        guard beginObject() else { return false }
        let bit: UInt64 = 1 << UInt64(read.routes.count)
        var addresses: [Address] = []
        addresses.reserveCapacity(4)
        var hasRoute = false
        var next = 0
        repeat {
            switch key(Metadata.routeKeys, next: &next) {
            case 0:
                guard !hasRoute, expect(UInt8(ascii: "[")) else { return false }
                hasRoute = true
                skipWhitespace()
                if i < end, base[i] == UInt8(ascii: "]") { i &+= 1; continue }
                repeat {
                    guard let address = address() else { return false }
                    addresses.append(address)
                } while nextMember()
                guard expect(UInt8(ascii: "]")) else { return false }
            case 1:
                guard read.hasAddressMetadata & bit == 0, expect(UInt8(ascii: "{")), expect(UInt8(ascii: "}")) else { return false }
                read.hasAddressMetadata |= bit
                if !hasRoute { read.addressMetadataFirst |= bit }
            default: return false
            }
        } while nextMember()
        guard hasRoute, endObject() else { return false }
        read.routes.append(addresses)
        return true
    }

    /// The length of `write(read, canonical: false, …)`.
    private static func compactLength(_ read: PlainRoutes) -> Int {
        var n = 13  // {"routes":[ ]}
        for r in read.routes.indices {
            let hops = read.routes[r].count
            n &+= (r > 0 ? 1 : 0) &+ 12 &+ hops &* 45 &- (hops > 0 ? 1 : 0)  // {"route":[ ]} and hops
            if read.hasAddressMetadata & 1 << UInt64(r) != 0 { n &+= 22 }  // ,"address_metadata":{}
        }
        return n
    }

    /// Writes the routes as compact JSON, keys in the order they came (`canonical` false), or
    /// as canonical JSON, keys sorted; returns the length.
    private func write(_ read: PlainRoutes, canonical: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        func put(_ s: StaticString) {
            (out + n).update(from: s.utf8Start, count: s.utf8CodeUnitCount)
            n &+= s.utf8CodeUnitCount
        }
        put("{\"routes\":[")
        for r in read.routes.indices {
            let bit: UInt64 = 1 << UInt64(r)
            let hasMetadata = read.hasAddressMetadata & bit != 0
            let metadataFirst = hasMetadata && (canonical || read.addressMetadataFirst & bit != 0)
            if r > 0 { put(",") }
            put("{")
            if metadataFirst { put("\"address_metadata\":{},") }
            put("\"route\":[")
            // Addresses came in their canonical text, so writing them again gives it back.
            for (k, address) in read.routes[r].enumerated() {
                if k > 0 { put(",") }
                n &+= quotedHex(address, out + n)
            }
            put("]")
            if hasMetadata && !metadataFirst { put(",\"address_metadata\":{}") }
            put("}")
        }
        put("]}")
        return n
    }
}
