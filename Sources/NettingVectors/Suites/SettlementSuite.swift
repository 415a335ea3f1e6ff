import NettingCodec
import NettingCrypto
import NettingMachine

/// The `settlement` suite: what the TokenNetwork of raiden-contracts 0.40.2 pays when a channel
/// is settled and its locks unlocked, or how it reverts (spec/vectors.yaml `reverts`).
///
/// A channel case holds both participants in settleChannel's calldata order (`participant1`,
/// `participant2`: deposit and withdrawn as stored, transferred, locked and locksroot as
/// submitted, and the locks the proof commits to), the secret registry (`secrets`), then what
/// must follow: `settle` (what settle transfers to each and keeps locked per direction, null when
/// it reverts), `unlocks` (one per direction settle kept tokens for, participant1's locks first:
/// sender, receiver, the stored amount and locksroot, what it pays and returns or its revert) and
/// `payout` (each participant's withdrawn, paid at settle, unlocked and total, and what stays in
/// the contract for good). An unlock case is one unlock call: `locks`, the stored `locked_amount`
/// and `locksroot`, `secrets`, and `unlocked` and `returned`. Every case has `code` and `revert`
/// (the code and the contract's reason string of the call that reverts, or null) and `source`
/// (where its numbers come from; each is worked by hand in the comment).
public enum SettlementSuite {
    public static let name = "settlement"

    static let fileDescriptions: [(name: String, description: String)] = [
        ("settle", "settleChannel then unlock of honest channels (no transfers, one way, both ways, locks, withdraws, secrets registered around the expiration, amounts near 2^256 − 1) and settle's reverts."),
        ("order", "settleChannel's participant order: participant1's transferred + locked (saturated) must not exceed participant2's; ties, saturated sums and the refused order."),
        ("attacks", "Old balance proofs submitted by the partner (raiden-contracts#188) against the latest ones, and proofs no honest client signs: what the contract pays, and what stays in it for good."),
        ("unlock", "unlock alone against what settle stored: the secret registry around each lock's expiration, the cap by the stored amount, and every unlock revert in the contract's order of checks."),
    ]

    /// Every file of the suite; throws when a case's hand-worked values are not what NettingKit's
    /// settlement computes, or when two cases share an id.
    public static func files() throws -> [VectorFile] {
        var ids = Set<String>()
        return try fileDescriptions.map { file in
            let cases = try SettlementCase.all.filter { $0.file == file.name }.map { c in
                let v = try vectorCase(c)
                guard ids.insert(v.id).inserted else { throw SituationError("settlement case \(v.id) is declared twice") }
                return v
            }
            return VectorFile(suite: name, name: file.name, description: file.description, cases: cases)
        }
    }

    // MARK: Generating

    static func json(_ value: some CanonicalCodable) -> [UInt8] { value.canonicalBytes }
    static let null = Array("null".utf8)

    /// The code and reason string of a revert, as spec/vectors.yaml lists them.
    static func revert(_ error: SettlementError?) throws -> (code: [UInt8], revert: [UInt8]) {
        guard let error else { return (null, null) }
        guard let spec = VectorsSpecTable.reverts.first(where: { $0.code == error.code }) else {
            throw SituationError("spec/vectors.yaml reverts lacks \(error.code)")
        }
        guard spec.revert == error.contractRevert else {
            throw SituationError("spec/vectors.yaml gives \(error.code) the reason \(spec.revert), NettingKit \(error.contractRevert)")
        }
        return (json(error.code), json(spec.revert))
    }

    static func flags(_ error: SettlementError?, _ extra: [VectorFlag]) -> [VectorFlag] {
        var out: [VectorFlag] = []
        for f in (error.map { VectorFlag.byRevertCode[$0.code] ?? [] } ?? []) + extra where !out.contains(f) { out.append(f) }
        return out
    }

    static func vectorCase(_ c: SettlementCase) throws -> VectorCase {
        let id = vectorID(name, c.file, c.name)
        let registry = Dictionary(c.secrets.map { ($0.secrethash, $0.block) }, uniquingKeysWith: { first, _ in first })
        func mismatch(_ what: String) -> SituationError { SituationError("\(id): the hand-worked \(what) is not what NettingKit computes") }
        var members: [(key: String, json: [UInt8])] = []
        let error: SettlementError?
        switch c.body {
        case .unlock(let locks, let lockedAmount, let locksroot, let expect):
            let result: UnlockAmounts?, unlockError: SettlementError?
            do { (result, unlockError) = (try Settlement.unlock(lockedAmount: lockedAmount, locksroot: locksroot, locks: locks) { registry[$0] }, nil) } catch {
                (result, unlockError) = (nil, error)
            }
            switch (expect, result, unlockError) {
            case (.pays(let u, let r), let result?, nil) where u == result.unlocked && r == result.returned: break
            case (.reverts(let e), nil, let got?) where e == got: break
            default: throw mismatch("unlock")
            }
            error = unlockError
            members = [
                ("locks", json(locks)), ("locked_amount", json(lockedAmount)), ("locksroot", json(locksroot)),
                ("secrets", SettlementJSON.secrets(c.secrets)),
                ("unlocked", result.map { json($0.unlocked) } ?? null), ("returned", result.map { json($0.returned) } ?? null),
            ]
        case .channel(let p1, let p2, let expect):
            let (channel, channelError) = try channelMembers(p1, p2, registry: registry, expect: expect, mismatch: mismatch)
            members = [("participant1", SettlementJSON.side(p1.side, locks: p1.locks)), ("participant2", SettlementJSON.side(p2.side, locks: p2.locks)),
                       ("secrets", SettlementJSON.secrets(c.secrets))] + channel
            error = channelError
        }
        let (code, revert) = try revert(error)
        return VectorCase(
            id: id, comment: c.comment, result: error == nil ? .valid : .invalid, flags: flags(error, c.flags),
            members: [("code", code), ("revert", revert), ("source", json(c.source.text))] + members)
    }

    /// settle, the unlocks and the payout of a channel case, checked against the hand-worked
    /// expectation; the error is the first call that reverts.
    static func channelMembers(
        _ p1: SettlementParty, _ p2: SettlementParty, registry: [Hash32: UInt64], expect: SettleExpectation,
        mismatch: (String) -> SituationError
    ) throws -> (members: [(key: String, json: [UInt8])], error: SettlementError?) {
        let amounts: SettlementAmounts
        do { amounts = try Settlement.settle(participant1: p1.side, participant2: p2.side) } catch {
            guard case .reverts(let e) = expect, e == error else { throw mismatch("settle revert") }
            return ([("settle", null), ("unlocks", Array("[]".utf8)), ("payout", null)], error)
        }
        guard case .pays(let s1, let s2, let sl1, let sl2, let expectedUnlocks) = expect,
            (s1, s2, sl1, sl2) == (amounts.participant1Transfer, amounts.participant2Transfer, amounts.participant1LockedRetained, amounts.participant2LockedRetained)
        else { throw mismatch("settle") }
        var error: SettlementError?
        var unlocked = [UInt256.zero, .zero], stranded = UInt256.zero
        var entries = JSONWriter(capacity: 1024)
        entries.beginArray()
        var k = 0
        for (sender, (party, retained)) in [(p1, amounts.participant1LockedRetained), (p2, amounts.participant2LockedRetained)].enumerated() where !retained.isZero {
            let receiver = 1 - sender
            let result: UnlockAmounts?
            var revert: SettlementError?
            do { result = try Settlement.unlock(lockedAmount: retained, locksroot: party.locksroot, locks: party.locks) { registry[$0] } } catch let e {
                (result, revert) = (nil, e)
            }
            guard k < expectedUnlocks.count else { throw mismatch("list of unlocks") }
            switch (expectedUnlocks[k], result, revert) {
            case (.pays(let u, let r), let result?, nil) where u == result.unlocked && r == result.returned: break
            case (.reverts(let e), nil, let got?) where e == got: break
            default: throw mismatch("unlock \(k)")
            }
            k += 1
            if let result {
                unlocked[receiver] = try unlocked[receiver].adding(result.unlocked)
                unlocked[sender] = try unlocked[sender].adding(result.returned)
            } else {
                stranded = try stranded.adding(retained)
                error = error ?? revert
            }
            let (code, reason) = try Self.revert(revert)
            entries.beginObject()
            entries.field("sender", party.address)
            entries.field("receiver", (sender == 0 ? p2 : p1).address)
            entries.field("locked_amount", retained)
            entries.field("locksroot", party.locksroot)
            entries.key("unlocked"); entries.raw(result.map { json($0.unlocked) } ?? null)
            entries.key("returned"); entries.raw(result.map { json($0.returned) } ?? null)
            entries.key("code"); entries.raw(code)
            entries.key("revert"); entries.raw(reason)
            entries.endObject()
        }
        entries.endArray()
        guard k == expectedUnlocks.count else { throw mismatch("list of unlocks") }
        var payout = JSONWriter(capacity: 512)
        payout.beginObject()
        for (n, (party, paid)) in [(p1, amounts.participant1Transfer), (p2, amounts.participant2Transfer)].enumerated() {
            payout.key("participant\(n + 1)")
            payout.beginObject()
            payout.field("withdrawn", party.withdrawn)
            payout.field("paid_at_settle", paid)
            payout.field("unlocked", unlocked[n])
            payout.field("total", try party.withdrawn.adding(paid).adding(unlocked[n]))
            payout.endObject()
        }
        payout.field("stranded", stranded)
        payout.endObject()
        return ([("settle", SettlementJSON.amounts(amounts)), ("unlocks", entries.bytes), ("payout", payout.bytes)], error)
    }

    // MARK: Running

    /// One case against `implementation`: settle with the participants as given (their `locks`
    /// left out: the contract never sees them), then each listed unlock with its stored amount and
    /// locksroot and the sender's locks; or the unlock of an unlock case. Answers are compared as
    /// JSON values; `payout` follows from them and is not asked.
    static func run(id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> VectorRunner.Outcome {
        guard let implementation = implementation as? any SettlementImplementation else { return .skipped }
        do {
            let failure = c["participant1"] != nil ? try runChannel(id, c, implementation) : try runUnlock(id, c, implementation)
            return failure.map(VectorRunner.Outcome.failed) ?? .passed
        } catch let failure as VectorFailure {
            return .failed(failure)
        } catch {
            return .failed(VectorFailure(caseID: id, path: "", expected: "an answer", got: "an error: \(error)"))
        }
    }

    static func member(_ c: JSONObject, _ key: String, id: String) throws -> JSONValue {
        guard let v = c[key] else { throw VectorFailure(caseID: id, path: key, expected: "a value", got: "a key missing") }
        return v
    }

    static func runChannel(_ id: String, _ c: JSONObject, _ implementation: any SettlementImplementation) throws -> VectorFailure? {
        let p1 = try member(c, "participant1", id: id), p2 = try member(c, "participant2", id: id)
        guard case .object(let o1) = p1, case .object(let o2) = p2, case .array(let unlocks) = try member(c, "unlocks", id: id) else {
            throw VectorFailure(caseID: id, path: "", expected: "participant objects and an unlocks array", got: "other values")
        }
        func withoutLocks(_ o: JSONObject) -> [UInt8] { VectorRunner.compact(.object(JSONObject(members: o.members.filter { $0.key != "locks" }))) }
        let settle = try member(c, "settle", id: id)
        let answer = try implementation.settle(participant1: withoutLocks(o1), participant2: withoutLocks(o2))
        if let f = compare(answer, expected: settle == .null ? nil : settle, code: try member(c, "code", id: id), path: "settle", codePath: "code", id: id) { return f }
        let secrets = VectorRunner.compact(try member(c, "secrets", id: id))
        for (k, entry) in unlocks.enumerated() {
            let path = "unlocks[\(k)]"
            guard case .object(let e) = entry, let sender = e["sender"], let stored = e["locked_amount"], let root = e["locksroot"] else {
                throw VectorFailure(caseID: id, path: path, expected: "sender, locked_amount, locksroot", got: "a key missing")
            }
            guard let locks = (o1["address"] == sender ? o1 : o2)["locks"] else {
                throw VectorFailure(caseID: id, path: path, expected: "the sender's locks", got: "none")
            }
            let answer = try implementation.unlock(
                locks: VectorRunner.compact(locks), lockedAmount: VectorRunner.compact(stored), locksroot: VectorRunner.compact(root), secrets: secrets)
            let expected = e["code"] == .null ? unlockResult(e) : nil
            if let f = compare(answer, expected: expected, code: e["code"] ?? .null, path: path, codePath: path + ".code", id: id) { return f }
        }
        return nil
    }

    static func runUnlock(_ id: String, _ c: JSONObject, _ implementation: any SettlementImplementation) throws -> VectorFailure? {
        let answer = try implementation.unlock(
            locks: VectorRunner.compact(try member(c, "locks", id: id)), lockedAmount: VectorRunner.compact(try member(c, "locked_amount", id: id)),
            locksroot: VectorRunner.compact(try member(c, "locksroot", id: id)), secrets: VectorRunner.compact(try member(c, "secrets", id: id)))
        let code = try member(c, "code", id: id)
        return compare(answer, expected: code == .null ? unlockResult(c) : nil, code: code, path: "", codePath: "code", id: id)
    }

    /// `{"unlocked", "returned"}` of a case or an unlocks entry.
    static func unlockResult(_ o: JSONObject) -> JSONValue {
        .object(JSONObject(members: ["unlocked", "returned"].map { JSONMember(key: $0, value: o[$0] ?? .null) }))
    }

    /// An answer against the case: `expected` the result (at `path`), or nil when the case
    /// expects the revert `code` (at `codePath`).
    static func compare(_ answer: SettlementAnswer, expected: JSONValue?, code: JSONValue, path: String, codePath: String, id: String) -> VectorFailure? {
        switch (answer, expected) {
        case (.returned(let bytes), let expected?):
            let got = (try? JSONParser.parse(bytes, maxDepth: 8)) ?? .string("<not JSON>")
            return VectorRunner.difference(expected, got, path: path).map { VectorFailure(caseID: id, path: $0.0, expected: $0.1, got: $0.2) }
        case (.returned(let bytes), nil):
            return VectorFailure(caseID: id, path: codePath, expected: "revert \(VectorRunner.short(code))", got: String(decoding: bytes, as: UTF8.self))
        case (.reverted(let got), let expected?):
            return VectorFailure(caseID: id, path: path.isEmpty ? "unlocked" : path, expected: VectorRunner.short(expected), got: "revert \"\(got)\"")
        case (.reverted(let got), nil):
            return code == .string(got) ? nil : VectorFailure(caseID: id, path: codePath, expected: VectorRunner.short(code), got: "\"\(got)\"")
        }
    }
}
