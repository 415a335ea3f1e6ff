import NettingCodec
import NettingCrypto

/// The `codec` suite: Raiden 3.0.1's wire JSON (spec/messages.yaml), a file per message type.
///
/// - `valid`: the message's `fields` (every field but the signatures its sender makes) and the
///   sender's private `key` → its `wire` JSON exactly as Raiden writes it (a string holding the
///   exact bytes), the `signed_bytes` its own signature covers, their EIP-191 `digest`, the
///   `signature`, and the address each signature recovers (`signers`, by field). The wire
///   decodes under both policies to the same values, with no leniency.
/// - `invalid`: a `text` (a string holding the exact bytes, which need not be JSON) and a
///   `policy` → the decode error `code` and the key `path` it names.
/// - `acceptable`: a text Raiden 3.0.1 accepts but never emits, under the `raiden` policy → the
///   `leniencies` used (code and path, sorted), the message written again as Raiden writes it
///   (`wire`), its `signed_bytes`, `digest` and `signers`; `code` is the leniency the case is
///   about. The same text under `strict` is an invalid case of the same name.
///
/// Every case's values come from NettingKit's codec, and every curated case states what it must
/// be (CodecCases): generation fails when the codec answers anything else.
public enum CodecSuite {
    public static let name = "codec"

    /// The sender's key in every valid case: the key Raiden's own fixtures are signed with (the
    /// bytes 0…31), whose address is 0xede35562d3555e61120a151b3c8e8e91d83a378a.
    public static let key: [UInt8] = Array(0..<32)

    /// The signatures a message's sender makes: its own `signature`, and a RequestMonitoring's
    /// `non_closing_signature` (spec/messages.yaml: every signature without `signer: partner`).
    /// A valid case's `fields` hold every field but these.
    public static func senderSignatures(_ type: String) -> [String] {
        type == RequestMonitoring.typeName ? ["signature", "non_closing_signature"] : ["signature"]
    }

    /// The message `type` with `fields`, the sender's signatures 65 zero bytes, read by the
    /// strict decoder.
    static func unsigned(type: String, fields: [UInt8]) throws -> any WireMessage {
        guard case .object(var object)? = try? JSONParser.parse(fields, maxDepth: 64) else {
            throw CodecFieldsError(reason: "fields must be one JSON object")
        }
        for key in senderSignatures(type) where object[key] == nil {
            object.members.append(JSONMember(key: key, value: .string(Signature.empty.hex)))
        }
        object.members.append(JSONMember(key: "type", value: .string(type)))
        do { return try MessageCodec.decode(JSONValue.object(object).compactJSON(), policy: .strict).message.wire } catch {
            throw CodecFieldsError(reason: "the fields are not a \(type): \(error)")
        }
    }

    // MARK: Generation

    /// One file per message type, in spec order. Throws when NettingKit's codec answers a
    /// curated case otherwise than it states, when two cases share an id, or when a decode error
    /// code has no invalid case or a leniency no acceptable one.
    public static func files() throws -> [VectorFile] {
        var cases: [String: [VectorCase]] = [:]
        var bases: [String: [UInt8]] = [:]
        for v in try CodecCases.valid() {
            let fields = try self.fields(of: v.message.wire)
            let c = try validCase(id: vectorID(name, v.type, v.name), comment: v.comment, type: v.type, fields: fields, key: key)
            bases[v.type + "." + v.name] = c.wire
            cases[v.type, default: []].append(c.vector)
        }
        func base(_ type: String, _ name: String) throws -> JSONValue {
            guard let wire = bases[type + "." + name] else { throw SituationError("codec: \(type) has no valid case \(name)") }
            return try JSONParser.parse(wire)
        }
        for b in try CodecCases.broken(base: base) {
            for e in b.expected {
                cases[b.type, default: []].append(try invalidCase(
                    id: vectorID(name, b.type, e.policy.rawValue, b.name), comment: b.comment, text: b.text, policy: e.policy,
                    code: e.code, path: e.path, leniencyFlags: []))
            }
        }
        for l in try CodecCases.lenient(base: base) {
            let c = try acceptableCase(id: vectorID(name, l.type, DecodePolicy.raiden.rawValue, l.name), comment: l.comment, lenient: l)
            cases[l.type, default: []].append(c)
            cases[l.type, default: []].append(try invalidCase(
                id: vectorID(name, l.type, DecodePolicy.strict.rawValue, l.name), comment: l.comment + " (Raiden never emits it)",
                text: l.text, policy: .strict, code: l.strict.code, path: l.strict.path, leniencyFlags: l.leniencies.map(\.code)))
        }
        let all = cases.values.flatMap { $0 }
        var seen = Set<String>()
        for c in all where !seen.insert(c.id).inserted { throw SituationError("codec: the case id \(c.id) is used twice") }
        let gaps = coverageGaps(all)
        guard gaps.isEmpty else { throw SituationError("codec: " + gaps.joined(separator: "; ")) }
        return try Message.typeNames.map { type in
            guard let c = cases[type] else { throw SituationError("codec: no case for \(type)") }
            return VectorFile(
                suite: name, name: type,
                description: "\(type) in Raiden 3.0.1's wire JSON: fields to wire JSON, signed bytes, digest, signature and signers (valid); texts every policy rejects, with the decode error code and path (invalid); texts Raiden accepts but never emits, with the leniencies and the canonical re-encoding (acceptable).",
                cases: c)
        }
    }

    /// Every decode error code without an invalid case, every leniency without an acceptable one.
    static func coverageGaps(_ cases: [VectorCase]) -> [String] {
        func codes(_ result: VectorResult) -> Set<String> {
            Set(cases.filter { $0.result == result }.compactMap { c in
                c.members.first { $0.key == "code" }.flatMap { if case .string(let s)? = try? JSONParser.parse($0.json) { s } else { nil } }
            })
        }
        let invalid = codes(.invalid), acceptable = codes(.acceptable)
        return DecodeErrorCode.allCases.filter { !invalid.contains($0.rawValue) }.map { "decode error \($0.rawValue): no invalid case" }
            + LeniencyCode.allCases.filter { !acceptable.contains($0.rawValue) }.map { "leniency \($0.rawValue): no acceptable case" }
    }

    /// A valid case's `fields`: the message's wire JSON without the signatures its sender makes.
    static func fields(of message: any WireMessage) throws -> [UInt8] {
        guard case .object(var object) = try JSONParser.parse(message.wireJSON) else { throw SituationError("codec: a wire message is not an object") }
        let type = Swift.type(of: message).typeName
        object.members.removeAll { $0.key == "type" || senderSignatures(type).contains($0.key) }
        return JSONValue.object(object).compactJSON()
    }

    /// A valid case from `fields` and `key`, through NettingKit's `CodecImplementation`: what
    /// `encode` writes must decode under both policies to the same wire, with no leniency, and
    /// the sender's signatures must recover the key's address.
    static func validCase(id: String, comment: String, type: String, fields: [UInt8], key: [UInt8]) throws -> (vector: VectorCase, wire: [UInt8]) {
        let kit = NettingKitImplementation()
        let wire = try kit.encode(type: type, fields: fields, key: key)
        guard case .decoded(let d) = kit.decode(text: wire, policy: .strict), kit.decode(text: wire, policy: .raiden) == .decoded(d),
            d.wire == wire, d.leniencies.isEmpty
        else { throw SituationError("\(id): the encoded message does not decode to itself under both policies") }
        let address = try PrivateKey(key).address.bytes
        let sent = d.signers.filter { !$0.field.contains(".") && $0.address == address }.map(\.field)
        guard sent == senderSignatures(type) else { throw SituationError("\(id): the sender's key signs \(sent), not \(senderSignatures(type))") }
        guard case .object(let object) = try JSONParser.parse(wire), case .string(let signature)? = object["signature"] else {
            throw SituationError("\(id): the wire has no signature")
        }
        let members: [(key: String, json: [UInt8])] = [
            ("code", json(.null)), ("type", json(.string(type))), ("key", json(.string(Hex.encode(key)))),
            ("fields", JSONValue.object(try objectOf(fields)).compactJSON()), ("wire", json(.string(String(decoding: wire, as: UTF8.self)))),
            ("signed_bytes", json(.string(Hex.encode(d.signedBytes)))), ("digest", json(.string(Hex.encode(d.digest)))),
            ("signature", json(.string(signature))), ("signers", signersJSON(d.signers)),
        ]
        return (VectorCase(id: id, comment: comment, result: .valid, flags: [], members: members), wire)
    }

    static func objectOf(_ bytes: [UInt8]) throws -> JSONObject {
        guard case .object(let o) = try JSONParser.parse(bytes, maxDepth: 64) else { throw SituationError("codec: fields are not an object") }
        return o
    }

    /// An invalid case: NettingKit must reject `text` under `policy` with `code` at `path`.
    static func invalidCase(id: String, comment: String, text: [UInt8], policy: DecodePolicy, code: DecodeErrorCode, path: String,
                            leniencyFlags: [LeniencyCode]) throws -> VectorCase {
        let got = NettingKitImplementation().decode(text: text, policy: policy)
        guard got == .rejected(code: code.rawValue, path: path) else {
            throw SituationError("\(id): expected \(code.rawValue) at \"\(path)\", got \(describe(got))")
        }
        guard let textString = String(validating: text, as: UTF8.self) else { throw SituationError("\(id): the text is not UTF-8") }
        let flags = flags(VectorFlag.byDecodeError[code.rawValue] ?? [], leniencyFlags.flatMap { VectorFlag.byLeniency[$0.rawValue] ?? [] })
        return VectorCase(
            id: id, comment: "\(comment) [\(code.rawValue)\(path.isEmpty ? "" : " at \(path)"), \(policy.rawValue)]", result: .invalid, flags: flags,
            members: [("code", json(.string(code.rawValue))), ("policy", json(.string(policy.rawValue))), ("text", json(.string(textString))), ("path", json(.string(path)))])
    }

    /// An acceptable case: NettingKit's `raiden` policy must accept the text with exactly the
    /// stated leniencies.
    static func acceptableCase(id: String, comment: String, lenient l: CodecCases.Lenient) throws -> VectorCase {
        guard case .decoded(let d) = NettingKitImplementation().decode(text: l.text, policy: .raiden) else {
            throw SituationError("\(id): expected the raiden policy to accept it, got \(describe(NettingKitImplementation().decode(text: l.text, policy: .raiden)))")
        }
        let got = sorted(d.leniencies), expected = sorted(l.leniencies.map { ($0.code.rawValue, $0.path) })
        guard got.map(\.code) == expected.map(\.code), got.map(\.path) == expected.map(\.path) else {
            throw SituationError("\(id): expected the leniencies \(expected), got \(got)")
        }
        let senderAddress = try PrivateKey(key).address.bytes
        guard (d.signers.first?.address == senderAddress) == l.sameSigner else {
            throw SituationError("\(id): the signature \(l.sameSigner ? "does not recover" : "still recovers") the sender's address")
        }
        guard let textString = String(validating: l.text, as: UTF8.self) else { throw SituationError("\(id): the text is not UTF-8") }
        var leniencies = JSONWriter(capacity: 256)
        leniencies.beginArray()
        for x in got { leniencies.beginObject(); leniencies.key("code"); leniencies.string(x.code); leniencies.key("path"); leniencies.string(x.path); leniencies.endObject() }
        leniencies.endArray()
        let codes = l.leniencies.map(\.code.rawValue).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return VectorCase(
            id: id, comment: "\(comment) [\(codes.joined(separator: ", "))]", result: .acceptable,
            flags: flags([], l.leniencies.flatMap { VectorFlag.byLeniency[$0.code.rawValue] ?? [] }),
            members: [
                ("code", json(.string(l.leniencies[0].code.rawValue))), ("policy", json(.string(DecodePolicy.raiden.rawValue))),
                ("text", json(.string(textString))), ("leniencies", leniencies.bytes),
                ("wire", json(.string(String(decoding: d.wire, as: UTF8.self)))), ("signed_bytes", json(.string(Hex.encode(d.signedBytes)))),
                ("digest", json(.string(Hex.encode(d.digest)))), ("signers", signersJSON(d.signers)),
            ])
    }

    /// The flags of the codes, each once, in spec order.
    static func flags(_ a: [VectorFlag], _ b: [VectorFlag]) -> [VectorFlag] {
        let all = Set(a + b)
        return VectorFlag.allCases.filter { all.contains($0) }
    }

    static func sorted(_ l: [(code: String, path: String)]) -> [(code: String, path: String)] {
        l.sorted { ($0.path, $0.code) < ($1.path, $1.code) }
    }

    static func json(_ v: JSONValue) -> [UInt8] { v.compactJSON() }

    static func signersJSON(_ signers: [(field: String, address: [UInt8])]) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        for s in signers { w.key(s.field); w.string(Hex.encode(s.address)) }
        w.endObject()
        return w.bytes
    }

    static func describe(_ d: CodecDecoding) -> String {
        switch d {
        case .decoded(let m): "accepted (leniencies: \(m.leniencies.map { "\($0.code) at \($0.path)" }))"
        case .rejected(let code, let path): "\(code) at \"\(path)\""
        }
    }

    // MARK: Running

    /// One codec case against `implementation`: a valid case is encoded from its fields and
    /// decoded under both policies; an invalid one must be rejected with its code and path; an
    /// acceptable one may be rejected, and if accepted its values must be the case's.
    static func run(id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> VectorRunner.Outcome {
        guard let codec = implementation as? any CodecImplementation else { return .skipped }
        func fail(_ path: String, _ expected: String, _ got: String) -> VectorRunner.Outcome {
            .failed(VectorFailure(caseID: id, path: path, expected: expected, got: got))
        }
        func string(_ key: String) -> String? { if case .string(let s)? = c[key] { s } else { nil } }
        guard let result = string("result") else { return fail("result", "valid, invalid or acceptable", "none") }
        switch result {
        case VectorResult.valid.rawValue:
            guard let type = string("type"), let keyHex = string("key"), let key = try? Hex.decode(keyHex), let fields = c["fields"], let wire = string("wire") else {
                return fail("", "type, key, fields, wire", "a key missing")
            }
            let encoded: [UInt8]
            do { encoded = try codec.encode(type: type, fields: VectorRunner.compact(fields), key: key) } catch {
                return fail("wire", "the encoded message", "an error: \(error)")
            }
            if let d = textDifference(Array(wire.utf8), encoded) { return fail("wire", d.expected, d.got) }
            for policy in DecodePolicy.allCases {
                switch codec.decode(text: Array(wire.utf8), policy: policy) {
                case .rejected(let code, let path): return fail("code", "accepted under \(policy.rawValue)", "\(code) at \"\(path)\"")
                case .decoded(let d):
                    if let failure = compare(d, c, leniencies: .array([]), policy: policy) { return fail(failure.0, failure.1, failure.2) }
                }
            }
            return .passed
        case VectorResult.invalid.rawValue:
            guard let policyName = string("policy"), let policy = DecodePolicy(rawValue: policyName), let text = string("text"),
                let code = string("code"), let path = string("path")
            else { return fail("", "policy, text, code, path", "a key missing") }
            switch codec.decode(text: Array(text.utf8), policy: policy) {
            case .decoded: return fail("code", code, "accepted under \(policy.rawValue)")
            case .rejected(let gotCode, let gotPath):
                if gotCode != code { return fail("code", code, gotCode) }
                if gotPath != path { return fail("path", "\"\(path)\"", "\"\(gotPath)\"") }
                return .passed
            }
        case VectorResult.acceptable.rawValue:
            guard let policyName = string("policy"), let policy = DecodePolicy(rawValue: policyName), let text = string("text"),
                let leniencies = c["leniencies"]
            else { return fail("", "policy, text, leniencies", "a key missing") }
            switch codec.decode(text: Array(text.utf8), policy: policy) {
            case .rejected: return .passed  // acceptable: an implementation may reject it
            case .decoded(let d):
                if let failure = compare(d, c, leniencies: leniencies, policy: policy) { return fail(failure.0, failure.1, failure.2) }
                return .passed
            }
        default:
            return fail("result", "valid, invalid or acceptable", result)
        }
    }

    /// The first member of case `c` that the decoded message `d` differs from: its path, the
    /// expected and the actual text.
    static func compare(_ d: CodecDecoded, _ c: JSONObject, leniencies: JSONValue, policy: DecodePolicy) -> (String, String, String)? {
        let under = " (decoded under \(policy.rawValue))"
        if case .string(let wire)? = c["wire"], let diff = textDifference(Array(wire.utf8), d.wire) { return ("wire", diff.expected, diff.got + under) }
        if let x = VectorRunner.difference(c["signed_bytes"] ?? .null, .string(Hex.encode(d.signedBytes)), path: "signed_bytes") { return (x.0, x.1, x.2 + under) }
        if let x = VectorRunner.difference(c["digest"] ?? .null, .string(Hex.encode(d.digest)), path: "digest") { return (x.0, x.1, x.2 + under) }
        let signers = JSONValue.object(JSONObject(members: d.signers.map { JSONMember(key: $0.field, value: .string(Hex.encode($0.address))) }))
        if let x = VectorRunner.difference(c["signers"] ?? .null, signers, path: "signers") { return (x.0, x.1, x.2 + under) }
        let got = JSONValue.array(sorted(d.leniencies).map { .object(JSONObject(members: [JSONMember(key: "code", value: .string($0.code)), JSONMember(key: "path", value: .string($0.path))])) })
        if let x = VectorRunner.difference(leniencies, got, path: "leniencies") { return (x.0, x.1, x.2 + under) }
        return nil
    }

    /// Where two texts first differ, with a little context on each side; nil when they are equal.
    static func textDifference(_ expected: [UInt8], _ got: [UInt8]) -> (expected: String, got: String)? {
        guard expected != got else { return nil }
        let at = zip(expected, got).prefix { $0 == $1 }.count
        func excerpt(_ b: [UInt8]) -> String {
            let start = max(0, at - 24), end = min(b.count, at + 40)
            return "byte \(at): " + (start > 0 ? "…" : "") + String(decoding: b[start..<end], as: UTF8.self) + (end < b.count ? "…" : "")
        }
        return (excerpt(expected), excerpt(got))
    }
}
