extension SchemaGenerator {
    /// The settlement suite's files: a channel case (both participants, the secret registry,
    /// settle, the unlocks and the payout) or an unlock case (one unlock call); `code` and
    /// `revert` are spec/vectors.yaml's `reverts` or null.
    static func settlementSchema(_ vectors: VectorsSpec) -> J {
        func object(_ members: [(String, J)]) -> J {
            .object([("type", .string("object")), ("properties", .object(members)), ("required", .array(members.map { J.string($0.0) })), ("additionalProperties", .bool(false))])
        }
        func nullable(_ j: J) -> J { .object([("oneOf", .array([j, .object([("type", .string("null"))])]))]) }
        func array(_ items: J) -> J { .object([("type", .string("array")), ("items", items)]) }
        let u256 = ref("u256"), code = nullable(.object([("enum", .array(vectors.reverts.map { J.string($0.code) }))]))
        let revert = nullable(.object([("enum", .array(Array(Set(vectors.reverts.map(\.revert))).sorted().map(J.string)))]))
        let secrets = array(object([("secrethash", ref("bytes32")), ("reveal_block", ref("u64"))]))
        let locks = array(ref("Lock"))
        let participant = object([
            ("address", ref("address")), ("deposit", u256), ("withdrawn", u256), ("transferred_amount", u256), ("locked_amount", u256),
            ("locksroot", ref("bytes32")), ("locks", locks),
        ])
        let settle = nullable(object([("participant1_amount", u256), ("participant2_amount", u256), ("participant1_locked", u256), ("participant2_locked", u256)]))
        let unlock = object([
            ("sender", ref("address")), ("receiver", ref("address")), ("locked_amount", u256), ("locksroot", ref("bytes32")),
            ("unlocked", nullable(u256)), ("returned", nullable(u256)), ("code", code), ("revert", revert),
        ])
        let figures = object([("withdrawn", u256), ("paid_at_settle", u256), ("unlocked", u256), ("total", u256)])
        let payout = nullable(object([("participant1", figures), ("participant2", figures), ("stranded", u256)]))
        let common: [(String, J)] = [("code", code), ("revert", revert), ("source", .object([("type", .string("string"))]))]
        let channel = caseCommon(common + [
            ("participant1", participant), ("participant2", participant), ("secrets", secrets), ("settle", settle),
            ("unlocks", array(unlock)), ("payout", payout),
        ], required: ["code", "revert", "source", "participant1", "participant2", "secrets", "settle", "unlocks", "payout"])
        let unlockCase = caseCommon(common + [
            ("locks", locks), ("locked_amount", u256), ("locksroot", ref("bytes32")), ("secrets", secrets),
            ("unlocked", nullable(u256)), ("returned", nullable(u256)),
        ], required: ["code", "revert", "source", "locks", "locked_amount", "locksroot", "secrets", "unlocked", "returned"])
        return file("settlement.schema.json", "A file of the settlement suite", suite: .object([("const", .string("settlement"))]),
                    cases: .object([("oneOf", .array([channel, unlockCase]))]))
    }
}
