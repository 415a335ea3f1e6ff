extension SchemaGenerator {
    /// The schema of a codec suite file: a valid case's fields, key, wire, signed bytes, digest,
    /// signature and signers; an invalid case's policy, text and the decode error code and path;
    /// an acceptable case's policy, text, leniencies and re-encoding. Codes come from
    /// spec/messages.yaml (as spec/vectors.yaml's loader holds them).
    static func codecSchema(_ vectors: VectorsSpec) -> J {
        func hex(_ pattern: String, _ description: String) -> J { self.pattern("^0x" + pattern + "$", description) }
        let address = hex("[0-9a-f]{40}", "a 20-byte address, lowercase hex")
        let leniency = J.object([("enum", .array(vectors.leniencyCodes.map(J.string))), ("description", .string("a leniency code of spec/messages.yaml"))])
        let c = caseCommon([
            ("code", .object([("oneOf", .array([
                .object([("enum", .array((vectors.decodeErrorCodes + vectors.leniencyCodes).map(J.string))),
                         ("description", .string("an invalid case's decode error code, or the leniency an acceptable case is about"))]),
                .object([("type", .string("null"))]),
            ]))])),
            ("type", .object([("type", .string("string")), ("description", .string("the message type (spec/messages.yaml)"))])),
            ("key", hex("[0-9a-f]{64}", "the sender's 32-byte private key")),
            ("fields", .object([("type", .string("object")), ("description", .string("every field but the signatures the sender makes, in the canonical spelling"))])),
            ("wire", .object([("type", .string("string")), ("description", .string("the wire JSON exactly as Raiden writes it"))])),
            ("signed_bytes", hex("([0-9a-f]{2})*", "what the message's own signature covers")),
            ("digest", hex("[0-9a-f]{64}", "the EIP-191 digest of signed_bytes")),
            ("signature", hex("[0-9a-f]{130}", "the message's own signature, r ‖ s ‖ v")),
            ("signers", .object([("type", .string("object")), ("additionalProperties", address),
                                 ("description", .string("each signature's field path and the address it recovers"))])),
            ("policy", .object([("enum", .array(["strict", "raiden"].map(J.string)))])),
            ("text", .object([("type", .string("string")), ("description", .string("the exact bytes to decode, which need not be JSON"))])),
            ("path", .object([("type", .string("string")), ("description", .string("the key path the decode error names; empty for the text as a whole"))])),
            ("leniencies", .object([("type", .string("array")), ("items", .object([
                ("type", .string("object")),
                ("properties", .object([("code", leniency), ("path", .object([("type", .string("string"))]))])),
                ("required", .array(["code", "path"].map(J.string))), ("additionalProperties", .bool(false)),
            ]))])),
        ], required: ["code"])
        func when(_ result: String, _ required: [String]) -> J {
            .object([
                ("if", .object([("properties", .object([("result", .object([("const", .string(result))]))]))])),
                ("then", .object([("required", .array(required.map(J.string)))])),
            ])
        }
        guard case .object(let members) = c else { return c }
        let cases = J.object(members + [("allOf", .array([
            when("valid", ["type", "key", "fields", "wire", "signed_bytes", "digest", "signature", "signers"]),
            when("invalid", ["policy", "text", "path"]),
            when("acceptable", ["policy", "text", "leniencies", "wire", "signed_bytes", "digest", "signers"]),
        ]))])
        return file("codec.schema.json", "A file of the codec suite", suite: .object([("const", .string("codec"))]), cases: cases)
    }
}
