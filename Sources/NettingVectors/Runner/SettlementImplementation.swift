import NettingCodec
import NettingCrypto
import NettingMachine

/// What a TokenNetwork call (raiden-contracts 0.40.2) came to: its result as a canonical JSON
/// object, or the code of its revert (spec/vectors.yaml `reverts`).
public enum SettlementAnswer: Equatable, Sendable {
    case returned([UInt8])
    case reverted(code: String)
}

/// The TokenNetwork's settlement arithmetic, spoken to in the canonical JSON form (integers as
/// decimal strings, hex lowercase with 0x): what another implementation provides to run the
/// `settlement` suite. Only the arithmetic: the checks before it (channel id, state, settle
/// window, balance hashes) are not asked.
public protocol SettlementImplementation: VectorImplementation {
    /// settleChannel with the participants in calldata order, each
    /// `{"address", "deposit", "withdrawn", "transferred_amount", "locked_amount", "locksroot"}`
    /// (deposit and withdrawn as the contract stores them, the rest as submitted). Returns
    /// `{"participant1_amount", "participant2_amount", "participant1_locked", "participant2_locked"}`:
    /// what settle transfers to each participant and keeps for the unlock of each one's locks.
    func settle(participant1: [UInt8], participant2: [UInt8]) throws -> SettlementAnswer

    /// unlock of one direction after settle: `locks`, the sender's locks in order
    /// (`[{"amount", "expiration", "secrethash"}]`); `lockedAmount` and `locksroot`, what settle
    /// stored for the direction (a decimal string and a 0x hash, JSON strings; `"0"` and the zero
    /// hash when it stored nothing); `secrets`, the secret registry at the time of the call
    /// (`[{"secrethash", "reveal_block"}]`; a secrethash not listed is not registered). Returns
    /// `{"unlocked", "returned"}`: paid to the receiver and returned to the sender.
    func unlock(locks: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8], secrets: [UInt8]) throws -> SettlementAnswer
}

extension NettingKitImplementation: SettlementImplementation {
    public func settle(participant1: [UInt8], participant2: [UInt8]) throws -> SettlementAnswer {
        let p1 = try SettlementJSON.readSide(participant1, path: "participant1")
        let p2 = try SettlementJSON.readSide(participant2, path: "participant2")
        do { return .returned(SettlementJSON.amounts(try Settlement.settle(participant1: p1, participant2: p2))) } catch {
            return .reverted(code: error.code)
        }
    }

    public func unlock(locks: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8], secrets: [UInt8]) throws -> SettlementAnswer {
        let locks = try [Lock](canonicalBytes: locks)
        let amount = try UInt256(canonicalBytes: lockedAmount)
        let root = try Hash32(canonicalBytes: locksroot)
        let registry = try SettlementJSON.readSecrets(secrets)
        do {
            let result = try Settlement.unlock(lockedAmount: amount, locksroot: root, locks: locks) { registry[$0] }
            return .returned(SettlementJSON.unlock(result))
        } catch {
            return .reverted(code: error.code)
        }
    }
}

/// The settlement suite's JSON, as the generator writes it and NettingKit's implementation reads
/// and answers it.
enum SettlementJSON {
    static func side(_ s: SettlementSide, locks: [Lock]? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.field("address", s.address)
        w.field("deposit", s.deposit)
        w.field("withdrawn", s.withdrawn)
        w.field("transferred_amount", s.transferred)
        w.field("locked_amount", s.locked)
        w.field("locksroot", s.locksroot)
        if let locks { w.canonicalField("locks", locks) }
        w.endObject()
        return w.bytes
    }

    static func readSide(_ bytes: [UInt8], path: String) throws -> SettlementSide {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw CanonicalError(.syntax, path: path, error.description) }
        var o = try CanonicalObject(value, path: path, kind: "settlement participant")
        let side = SettlementSide(
            address: try o.field("address"), deposit: try o.field("deposit"), withdrawn: try o.field("withdrawn"),
            transferred: try o.field("transferred_amount"), locked: try o.field("locked_amount"), locksroot: try o.field("locksroot"))
        try o.finish(allowed: ["address", "deposit", "withdrawn", "transferred_amount", "locked_amount", "locksroot"])
        return side
    }

    static func secrets(_ registry: [(secrethash: Hash32, block: UInt64)]) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginArray()
        for s in registry {
            w.beginObject()
            w.field("secrethash", s.secrethash)
            w.field("reveal_block", s.block)
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }

    static func readSecrets(_ bytes: [UInt8]) throws -> [Hash32: UInt64] {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw CanonicalError(.syntax, path: "secrets", error.description) }
        guard case .array(let items) = value else { throw CanonicalError(.wrongType, path: "secrets", "must be an array") }
        var registry: [Hash32: UInt64] = [:]
        for (k, item) in items.enumerated() {
            let path = canonicalPath("secrets", index: k)
            var o = try CanonicalObject(item, path: path, kind: "registered secret")
            let hash: Hash32 = try o.field("secrethash")
            registry[hash] = try o.field("reveal_block")
            try o.finish(allowed: ["secrethash", "reveal_block"])
        }
        return registry
    }

    static func amounts(_ a: SettlementAmounts) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.field("participant1_amount", a.participant1Transfer)
        w.field("participant2_amount", a.participant2Transfer)
        w.field("participant1_locked", a.participant1LockedRetained)
        w.field("participant2_locked", a.participant2LockedRetained)
        w.endObject()
        return w.bytes
    }

    static func unlock(_ u: UnlockAmounts) -> [UInt8] {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.field("unlocked", u.unlocked)
        w.field("returned", u.returned)
        w.endObject()
        return w.bytes
    }
}
