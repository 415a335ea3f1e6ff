extension SchemaGenerator {
    /// The schema of a crypto suite file: every member a case of one of its five files can have,
    /// and for each file (by `name`) the members its cases must have. Codes come from
    /// spec/vectors.yaml `crypto_codes`.
    static func cryptoSchema(_ vectors: VectorsSpec) -> J {
        func hex(_ bytes: Int?, _ description: String) -> J {
            pattern("^0x" + (bytes.map { "[0-9a-f]{\(2 * $0)}" } ?? "([0-9a-f]{2})*") + "$", description)
        }
        func orNull(_ j: J) -> J { .object([("oneOf", .array([j, .object([("type", .string("null"))])]))]) }
        let c = caseCommon([
            ("code", orNull(.object([("enum", .array(vectors.cryptoCodes.map { J.string($0.code) })),
                                     ("description", .string("an invalid case's refusal or an acceptable case's leniency (spec/vectors.yaml crypto_codes)"))]))),
            ("input", hex(nil, "the bytes hashed")), ("keccak256", hex(32, "Keccak-256 of input")),
            ("private_key", orNull(hex(32, "a 32-byte private key"))), ("public_key", orNull(hex(64, "x ‖ y, no 0x04 prefix"))),
            ("address", orNull(hex(20, "a 20-byte address, lowercase hex"))),
            ("checksummed", pattern("^0x[0-9a-fA-F]{40}$", "the address in EIP-55 mixed case")),
            ("data", hex(nil, "the bytes signed")), ("preimage", hex(nil, "the EIP-191 prefix, the decimal length of data, data")),
            ("digest", hex(32, "a 32-byte digest")), ("signature", orNull(hex(nil, "r ‖ s ‖ v; any length in an invalid case"))),
        ], required: [])
        let shapes: [(String, [String])] = [
            ("keccak", ["input", "keccak256"]), ("addresses", ["private_key", "public_key", "address", "checksummed"]),
            ("eip191", ["data", "preimage", "digest"]), ("sign", ["private_key", "digest", "code", "address", "signature"]),
            ("recover", ["digest", "signature", "code", "address"]),
        ]
        return withShapes(file("crypto.schema.json", "A file of the crypto suite", suite: .object([("const", .string("crypto"))]), cases: c), shapes)
    }

    /// The schema of a locks suite file: locks in the canonical form, the bytes and hashes they give.
    static func locksSchema() -> J {
        let bytes32 = pattern("^0x[0-9a-f]{64}$", "32 bytes, lowercase hex")
        let c = caseCommon([
            ("lock", ref("Lock")), ("encoded", pattern("^0x[0-9a-f]{192}$", "expiration ‖ amount ‖ secrethash, 96 bytes")),
            ("locks", .object([("type", .string("array")), ("items", ref("Lock"))])),
            ("packed", pattern("^0x([0-9a-f]{192})*$", "the locks' encodings concatenated, as unlock takes them")),
            ("locksroot", bytes32), ("transferred_amount", ref("u256")), ("locked_amount", ref("u256")), ("balance_hash", bytes32),
        ], required: [])
        let shapes: [(String, [String])] = [
            ("encoding", ["lock", "encoded"]), ("locksroot", ["locks", "packed", "locksroot"]),
            ("balance_hash", ["transferred_amount", "locked_amount", "locksroot", "balance_hash"]),
        ]
        return withShapes(file("locks.schema.json", "A file of the locks suite", suite: .object([("const", .string("locks"))]), cases: c), shapes)
    }

    /// A file schema whose `name` is one of `shapes`' and whose cases have that shape's members.
    static func withShapes(_ schema: J, _ shapes: [(name: String, members: [String])]) -> J {
        guard case .object(let members) = schema else { return schema }
        return .object(members + [("oneOf", .array(shapes.map { shape in
            .object([("properties", .object([
                ("name", .object([("const", .string(shape.name))])),
                ("cases", .object([("items", .object([("required", .array(shape.members.map(J.string)))]))])),
            ]))])
        }))])
    }
}
