import NettingCodec
import NettingCrypto

/// The adapter protocol's requests beyond `step` (spec/adapter-protocol.md), both ends in one
/// place: `serve` answers a request with an implementation (what `netting adapter` does), and
/// the `…Request`/`…Answer` pairs are what the checker sends and reads back.
package enum AdapterOps {
    /// An `error` answer: a stable code and a reason.
    package struct Failure: Error, Sendable {
        package let code: String
        package let reason: String
        package init(_ code: String, _ reason: String) { (self.code, self.reason) = (code, reason) }
    }

    /// The suites whose requests `serve` answers for an implementation.
    package static func capabilities(_ implementation: any VectorImplementation) -> [String] {
        var out: [String] = []
        if implementation is any ChannelImplementation { out += [TransitionSuite.name, TraceSuite.name] }
        if implementation is any CodecImplementation { out.append(CodecSuite.name) }
        if implementation is any SettlementImplementation { out.append(SettlementSuite.name) }
        if implementation is any CryptoImplementation { out.append(CryptoSuite.name) }
        if implementation is any LocksImplementation { out.append(LocksSuite.name) }
        return out
    }

    static func string(_ o: JSONObject, _ key: String) throws(Failure) -> String {
        guard case .string(let s)? = o[key] else { throw Failure("adapter.bad_request", "`\(key)` must be a string") }
        return s
    }

    static func hex(_ o: JSONObject, _ key: String) throws(Failure) -> [UInt8] {
        guard let bytes = try? Hex.decode(try string(o, key)) else { throw Failure("adapter.bad_request", "`\(key)` must be 0x hex") }
        return bytes
    }

    static func compact(_ v: JSONValue) -> [UInt8] { var w = JSONWriter(capacity: 1024); w.value(v); return w.bytes }

    /// The answer to one request other than `hello`, or nil when the op is not one of these.
    package static func serve(op: String, _ request: JSONObject, implementation: any VectorImplementation) -> Result<[UInt8], Failure>? {
        do throws(Failure) {
            switch op {
            case "decode":
                guard let codec = implementation as? any CodecImplementation else { throw Failure("adapter.unsupported", "no codec here") }
                guard let policy = DecodePolicy(rawValue: try string(request, "policy")) else { throw Failure("adapter.bad_request", "`policy` is strict or raiden") }
                return .success(decodeAnswer(codec.decode(text: Array(try string(request, "text").utf8), policy: policy)))
            case "encode":
                guard let codec = implementation as? any CodecImplementation else { throw Failure("adapter.unsupported", "no codec here") }
                guard let fields = request["fields"] else { throw Failure("adapter.bad_request", "`fields` is required") }
                do {
                    let wire = try codec.encode(type: try string(request, "message_type"), fields: compact(fields), key: try hex(request, "key"))
                    var w = JSONWriter(capacity: wire.count + 32)
                    w.beginObject(); w.key("wire"); w.string(String(decoding: wire, as: UTF8.self)); w.endObject()
                    return .success(w.bytes)
                } catch { throw Failure("adapter.bad_request", "\(error)") }
            case "keccak256", "address", "checksum", "eip191", "sign", "recover":
                guard let c = implementation as? any CryptoImplementation else { throw Failure("adapter.unsupported", "no crypto here") }
                return .success(try crypto(op, request, c))
            case "lock_encode", "locksroot", "balance_hash":
                guard let l = implementation as? any LocksImplementation else { throw Failure("adapter.unsupported", "no locks here") }
                return .success(try locks(op, request, l))
            case "settle", "unlock":
                guard let s = implementation as? any SettlementImplementation else { throw Failure("adapter.unsupported", "no settlement here") }
                func member(_ key: String) throws(Failure) -> [UInt8] {
                    guard let v = request[key] else { throw Failure("adapter.bad_request", "`\(key)` is required") }
                    return compact(v)
                }
                let answer: SettlementAnswer
                do {
                    answer = op == "settle"
                        ? try s.settle(participant1: try member("participant1"), participant2: try member("participant2"))
                        : try s.unlock(locks: try member("locks"), lockedAmount: try member("locked_amount"), locksroot: try member("locksroot"), secrets: try member("secrets"))
                } catch let f as Failure { throw f } catch { throw Failure("adapter.bad_request", "\(error)") }
                return .success(settlementAnswer(answer))
            default:
                return nil
            }
        } catch {
            return .failure(error)
        }
    }

    // MARK: decode

    package static func decodeRequest(text: [UInt8], policy: DecodePolicy) -> [(String, JSONValue)] {
        [("op", .string("decode")), ("text", .string(String(decoding: text, as: UTF8.self))), ("policy", .string(policy.rawValue))]
    }

    static func decodeAnswer(_ d: CodecDecoding) -> [UInt8] {
        var w = JSONWriter(capacity: 2048)
        w.beginObject()
        switch d {
        case .rejected(let code, let path):
            w.key("rejected"); w.beginObject(); w.key("code"); w.string(code); w.key("path"); w.string(path); w.endObject()
        case .decoded(let x):
            w.key("wire"); w.string(String(decoding: x.wire, as: UTF8.self))
            w.key("signed_bytes"); w.string(Hex.encode(x.signedBytes))
            w.key("digest"); w.string(Hex.encode(x.digest))
            w.key("signers"); w.beginArray()
            for s in x.signers { w.beginObject(); w.key("field"); w.string(s.field); w.key("address"); w.string(Hex.encode(s.address)); w.endObject() }
            w.endArray()
            w.key("leniencies"); w.beginArray()
            for l in x.leniencies { w.beginObject(); w.key("code"); w.string(l.code); w.key("path"); w.string(l.path); w.endObject() }
            w.endArray()
        }
        w.endObject()
        return w.bytes
    }

    /// Reads a `decode` answer back.
    package static func decoding(_ ok: JSONValue) throws(Failure) -> CodecDecoding {
        guard case .object(let o) = ok else { throw Failure("adapter.garbage", "a decode answer is an object") }
        if case .object(let r)? = o["rejected"] { return .rejected(code: try string(r, "code"), path: try string(r, "path")) }
        guard case .array(let signers)? = o["signers"], case .array(let leniencies)? = o["leniencies"] else {
            throw Failure("adapter.garbage", "a decode answer is {rejected} or {wire, signed_bytes, digest, signers, leniencies}")
        }
        var s: [(field: String, address: [UInt8])] = [], l: [(code: String, path: String)] = []
        for case .object(let x) in signers { s.append((try string(x, "field"), try hex(x, "address"))) }
        for case .object(let x) in leniencies { l.append((try string(x, "code"), try string(x, "path"))) }
        return .decoded(CodecDecoded(wire: Array(try string(o, "wire").utf8), signedBytes: try hex(o, "signed_bytes"), digest: try hex(o, "digest"), signers: s, leniencies: l))
    }

    // MARK: crypto and locks: bytes in, bytes (or a refusal code) out

    static func bytesAnswer(_ b: [UInt8]) -> [UInt8] { Array("{\"bytes\":\"\(Hex.encode(b))\"}".utf8) }

    static func crypto(_ op: String, _ r: JSONObject, _ c: any CryptoImplementation) throws(Failure) -> [UInt8] {
        func refused(_ body: () throws(CryptoRejection) -> [UInt8]) -> [UInt8] {
            do { return bytesAnswer(try body()) } catch { return Array("{\"rejected\":\"\(error.code)\"}".utf8) }
        }
        switch op {
        case "keccak256": return bytesAnswer(c.keccak256(try hex(r, "data")))
        case "eip191": return bytesAnswer(c.eip191Digest(try hex(r, "data")))
        case "checksum":
            var w = JSONWriter(capacity: 64)
            w.beginObject(); w.key("text"); w.string(c.checksummed(address: try hex(r, "address"))); w.endObject()
            return w.bytes
        case "address":
            if r["public_key"] != nil {
                let key = try hex(r, "public_key")
                return refused { () throws(CryptoRejection) in try c.address(publicKey: key) }
            }
            let key = try hex(r, "private_key")
            return refused { () throws(CryptoRejection) in try c.address(privateKey: key) }
        case "sign":
            let (key, digest) = (try hex(r, "private_key"), try hex(r, "digest"))
            return refused { () throws(CryptoRejection) in try c.sign(privateKey: key, digest: digest) }
        default:
            let (digest, signature) = (try hex(r, "digest"), try hex(r, "signature"))
            return refused { () throws(CryptoRejection) in try c.recover(digest: digest, signature: signature) }
        }
    }

    static func vectorLock(_ v: JSONValue) throws(Failure) -> VectorLock {
        guard case .object(let o) = v else { throw Failure("adapter.bad_request", "a lock is {amount, expiration, secrethash}, 32-byte hex each") }
        return VectorLock(amount: try hex(o, "amount"), expiration: try hex(o, "expiration"), secrethash: try hex(o, "secrethash"))
    }

    static func locks(_ op: String, _ r: JSONObject, _ l: any LocksImplementation) throws(Failure) -> [UInt8] {
        switch op {
        case "lock_encode":
            guard let lock = r["lock"] else { throw Failure("adapter.bad_request", "`lock` is required") }
            return bytesAnswer(l.encode(lock: try vectorLock(lock)))
        case "locksroot":
            guard case .array(let items)? = r["locks"] else { throw Failure("adapter.bad_request", "`locks` is an array") }
            var locks: [VectorLock] = []
            for item in items { locks.append(try vectorLock(item)) }
            return bytesAnswer(l.locksroot(locks))
        default:
            return bytesAnswer(l.balanceHash(transferredAmount: try hex(r, "transferred_amount"), lockedAmount: try hex(r, "locked_amount"), locksroot: try hex(r, "locksroot")))
        }
    }

    package static func lockValue(_ l: VectorLock) -> JSONValue {
        .object(JSONObject(members: [
            JSONMember(key: "amount", value: .string(Hex.encode(l.amount))), JSONMember(key: "expiration", value: .string(Hex.encode(l.expiration))),
            JSONMember(key: "secrethash", value: .string(Hex.encode(l.secrethash))),
        ]))
    }

    /// Reads a crypto or locks answer back: the bytes, or the refusal code.
    package static func bytesOrRefusal(_ ok: JSONValue) throws(Failure) -> Result<[UInt8], CryptoRejection> {
        guard case .object(let o) = ok else { throw Failure("adapter.garbage", "an answer is {bytes}, {text} or {rejected}") }
        if case .string(let code)? = o["rejected"] { return .failure(CryptoRejection(code: code)) }
        if case .string(let t)? = o["text"] { return .success(Array(t.utf8)) }
        return .success(try hex(o, "bytes"))
    }

    // MARK: settle, unlock

    static func settlementAnswer(_ a: SettlementAnswer) -> [UInt8] {
        switch a {
        case .returned(let result): return Array("{\"returned\":".utf8) + result + [UInt8(ascii: "}")]
        case .reverted(let code):
            var w = JSONWriter(capacity: 64)
            w.beginObject(); w.key("reverted"); w.string(code); w.endObject()
            return w.bytes
        }
    }

    package static func settleRequest(_ p1: [UInt8], _ p2: [UInt8]) -> [(String, JSONValue)] {
        [("op", .string("settle")), ("participant1", parsed(p1)), ("participant2", parsed(p2))]
    }

    package static func unlockRequest(locks: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8], secrets: [UInt8]) -> [(String, JSONValue)] {
        [("op", .string("unlock")), ("locks", parsed(locks)), ("locked_amount", parsed(lockedAmount)), ("locksroot", parsed(locksroot)), ("secrets", parsed(secrets))]
    }

    static func parsed(_ bytes: [UInt8]) -> JSONValue { (try? JSONParser.parse(bytes, maxDepth: 64)) ?? .null }

    /// Reads a `settle` or `unlock` answer back: `{"returned": {…}}` or `{"reverted": "<code>"}`.
    package static func settlement(_ ok: JSONValue) throws(Failure) -> SettlementAnswer {
        guard case .object(let o) = ok else { throw Failure("adapter.garbage", "a settlement answer is {returned} or {reverted}") }
        if case .string(let code)? = o["reverted"] { return .reverted(code: code) }
        guard let r = o["returned"] else { throw Failure("adapter.garbage", "a settlement answer is {returned} or {reverted}") }
        return .returned(compact(r))
    }

    // MARK: encode

    package static func encodeRequest(type: String, fields: [UInt8], key: [UInt8]) -> [(String, JSONValue)] {
        [("op", .string("encode")), ("message_type", .string(type)), ("fields", (try? JSONParser.parse(fields, maxDepth: 64)) ?? .null), ("key", .string(Hex.encode(key)))]
    }

    package static func encoded(_ ok: JSONValue) throws(Failure) -> [UInt8] {
        guard case .object(let o) = ok else { throw Failure("adapter.garbage", "an encode answer is {wire}") }
        return Array(try string(o, "wire").utf8)
    }
}
