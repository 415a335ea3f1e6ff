import NettingCodec
import NettingCrypto

/// The `locks` suite: what a balance proof commits to about pending locks. A lock's 96-byte
/// encoding (expiration ‖ amount ‖ secrethash, each 32 bytes: raiden/messages/transfers.py
/// `Lock.as_bytes`, and what TokenNetwork 0.40.2's `unlock` reads in `getLockedAmountFromLock`),
/// the locksroot (keccak of the encodings concatenated in insertion order, not a Merkle tree:
/// raiden/transfer/channel.py `compute_locksroot`, TokenNetwork `getHashAndUnlockedAmount`) and
/// the balance hash (raiden/transfer/utils `hash_balance_data`, with its one special case).
///
/// Every case is valid: these are functions, with nothing to refuse. The expected values are
/// NettingKit's; `tools/crosscheck/vectors_crosscheck.py` recomputes every one with eth-hash.
public enum LocksSuite {
    public static let name = "locks"

    public static func files() throws -> [VectorFile] {
        [
            VectorFile(suite: name, name: "encoding", description: "A lock's 96 bytes: expiration u256 ‖ amount u256 ‖ secrethash (not the JSON key order), as unlock takes each lock.", cases: encodingCases()),
            VectorFile(suite: name, name: "locksroot", description: "keccak(`packed`), `packed` being the locks' encodings concatenated in the order the locks were added (what unlock takes as `locks`); no locks: keccak(\"\").", cases: try locksrootCases()),
            VectorFile(suite: name, name: "balance_hash", description: "keccak(transferred_amount u256 ‖ locked_amount u256 ‖ locksroot), except 32 zero bytes when both amounts are 0 and the locksroot is keccak(\"\") (no transfer yet).", cases: try balanceHashCases()),
        ]
    }

    // MARK: Inputs

    /// sha256 of a 32-byte secret whose bytes are all `fill`.
    static func secrethash(_ fill: UInt8) -> Hash32 { SecretHash.sha256([UInt8](repeating: fill, count: 32)) }

    static let a = Lock(amount: 50, expiration: 5, secrethash: secrethash(0x01))
    static let b = Lock(amount: 30, expiration: 120, secrethash: secrethash(0x02))
    static let c = Lock(amount: 1, expiration: 1_000_000, secrethash: secrethash(0x03))
    static let max = Lock(amount: .max, expiration: .max, secrethash: Hash32(words: (.max, .max, .max, .max)))

    // MARK: Cases

    static func encodingCases() -> [VectorCase] {
        let locks: [(name: String, lock: Lock, comment: String)] = [
            ("zero", Lock(amount: 0, expiration: 0, secrethash: .zero), "every field 0: 96 zero bytes"),
            ("small", Lock(amount: 2, expiration: 1, secrethash: secrethash(0x00)), "expiration 1, amount 2: the expiration comes first"),
            ("a", a, "amount 50, expiration block 5"),
            ("b", b, "amount 30, expiration block 120"),
            ("large", Lock(amount: UInt256(words: (0, 0, 1, 0)), expiration: UInt256(words: (0, 0, 0, UInt64(UInt32.max) + 1)), secrethash: secrethash(0x04)),
             "amount 2^64 and expiration 2^32: no field is a 64-bit integer"),
            ("max", max, "every field 2^256 − 1"),
        ]
        return locks.map { l in
            VectorCase(id: vectorID(name, "encoding", l.name), comment: l.comment, result: .valid, flags: [],
                       members: [("lock", l.lock.canonicalBytes), ("encoded", hex(l.lock.encoded))])
        }
    }

    static func locksrootCases() throws -> [VectorCase] {
        let lists: [(name: String, locks: [Lock], comment: String)] = [
            ("none", [], "no pending locks: keccak(\"\"), Raiden's LOCKSROOT_OF_NO_LOCKS"),
            ("one", [a], "one lock: keccak of its 96 bytes"),
            ("two", [a, b], "two locks, a then b"),
            ("two_reversed", [b, a], "the same two locks, b then a: another locksroot, the order is the order they were added"),
            ("three", [a, b, c], "three locks"),
            ("max", [max, max], "two locks with every field 2^256 − 1"),
        ]
        let roots = lists.map { Lock.locksroot($0.locks) }
        guard roots[2] != roots[3] else { throw SituationError("locks.locksroot: the order of the locks makes no difference") }
        guard roots[0] == BalanceProofConstants.locksrootOfNoLocks else { throw SituationError("locks.locksroot.none is not keccak(\"\")") }
        return zip(lists, roots).map { l, root in
            var locks = JSONWriter(capacity: 512)
            locks.beginArray()
            for lock in l.locks { lock.write(canonical: &locks) }
            locks.endArray()
            return VectorCase(id: vectorID(name, "locksroot", l.name), comment: l.comment, result: .valid, flags: [],
                              members: [("locks", locks.bytes), ("packed", hex(l.locks.flatMap(\.encoded))), ("locksroot", hex(root.bytes))])
        }
    }

    static func balanceHashCases() throws -> [VectorCase] {
        let none = BalanceProofConstants.locksrootOfNoLocks
        let inputs: [(name: String, transferred: UInt256, locked: UInt256, locksroot: Hash32, comment: String)] = [
            ("nothing_yet", 0, 0, none, "no transfer and no lock: 32 zero bytes, not a hash (the special case)"),
            ("zero_amounts_zero_locksroot", 0, 0, .zero, "both amounts 0 but the locksroot 32 zero bytes, not keccak(\"\"): hashed"),
            ("transferred_only", 30, 0, none, "30 transferred, no lock"),
            ("one_lock", 0, 50, Lock.locksroot([a]), "nothing transferred, lock a pending"),
            ("transferred_and_locks", 30, 80, Lock.locksroot([a, b]), "30 transferred, locks a and b pending"),
            ("locked_without_locksroot", 0, 50, none, "an amount locked with the locksroot of no locks: hashed as it comes (nothing here checks that they agree)"),
            ("max", .max, .max, Lock.locksroot([a, b, c]), "both amounts 2^256 − 1"),
        ]
        guard BalanceHash.of(transferred: 0, locked: 0, locksroot: none) == .zero else { throw SituationError("locks.balance_hash.nothing_yet is not 32 zero bytes") }
        return inputs.map { i in
            VectorCase(
                id: vectorID(name, "balance_hash", i.name), comment: i.comment, result: .valid, flags: [],
                members: [("transferred_amount", decimal(i.transferred)), ("locked_amount", decimal(i.locked)), ("locksroot", hex(i.locksroot.bytes)),
                          ("balance_hash", hex(BalanceHash.of(transferred: i.transferred, locked: i.locked, locksroot: i.locksroot).bytes))])
        }
    }

    static func hex(_ bytes: some Collection<UInt8>) -> [UInt8] { CryptoSuite.hex(bytes) }
    static func decimal(_ value: UInt256) -> [UInt8] { var w = JSONWriter(capacity: 84); w.decimalString(value); return w.bytes }

    // MARK: Running

    static func run(id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> VectorRunner.Outcome {
        guard let implementation = implementation as? any LocksImplementation else { return .skipped }
        func fail(_ path: String, _ expected: String, _ got: String) -> VectorRunner.Outcome {
            .failed(VectorFailure(caseID: id, path: path, expected: expected, got: got))
        }
        func text(_ v: JSONValue?) -> String? { if case .string(let t)? = v { t } else { nil } }
        /// A canonical decimal as its 32 big-endian bytes, or a canonical hex string's bytes.
        func word(_ v: JSONValue?) -> [UInt8]? { text(v).flatMap { try? UInt256(decimal: $0).bigEndianBytes } }
        func bytes(_ v: JSONValue?) -> [UInt8]? { text(v).flatMap { try? Hex.decode($0) } }
        func lock(_ v: JSONValue?, _ path: String) -> Result<VectorLock, VectorFailure> {
            guard case .object(let o)? = v, let amount = word(o["amount"]), let expiration = word(o["expiration"]), let secrethash = bytes(o["secrethash"]), secrethash.count == 32 else {
                return .failure(VectorFailure(caseID: id, path: path, expected: "{amount, expiration, secrethash}", got: v.map(VectorRunner.short) ?? "nothing"))
            }
            return .success(VectorLock(amount: amount, expiration: expiration, secrethash: secrethash))
        }
        func same(_ key: String, _ got: [UInt8]) -> VectorRunner.Outcome? {
            Hex.encode(got) == text(c[key]) ? nil : fail(key, text(c[key]) ?? "null", Hex.encode(got))
        }
        switch id.split(separator: ".").dropFirst().first {
        case "encoding":
            switch lock(c["lock"], "lock") {
            case .failure(let f): return .failed(f)
            case .success(let l): return same("encoded", implementation.encode(lock: l)) ?? .passed
            }
        case "locksroot":
            guard case .array(let items)? = c["locks"] else { return fail("locks", "an array", "none") }
            var locks: [VectorLock] = []
            for (k, item) in items.enumerated() {
                switch lock(item, "locks[\(k)]") {
                case .failure(let f): return .failed(f)
                case .success(let l): locks.append(l)
                }
            }
            return same("packed", locks.flatMap(implementation.encode(lock:))) ?? same("locksroot", implementation.locksroot(locks)) ?? .passed
        case "balance_hash":
            guard let transferred = word(c["transferred_amount"]), let locked = word(c["locked_amount"]), let locksroot = bytes(c["locksroot"]), locksroot.count == 32 else {
                return fail("", "transferred_amount, locked_amount, locksroot", "a key missing or not canonical")
            }
            return same("balance_hash", implementation.balanceHash(transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot)) ?? .passed
        default:
            return fail("id", "locks.<file>.<name> of a file of the locks suite", id)
        }
    }
}

/// A lock at the byte level: each field 32 bytes, amounts big-endian.
public struct VectorLock: Equatable, Sendable {
    public let amount, expiration, secrethash: [UInt8]
    public init(amount: [UInt8], expiration: [UInt8], secrethash: [UInt8]) {
        (self.amount, self.expiration, self.secrethash) = (amount, expiration, secrethash)
    }
}

/// Locks and balance hashes as Raiden 3.0.1 and TokenNetwork 0.40.2 compute them: what an
/// implementation provides to run the `locks` suite. Amounts are 32 bytes big-endian.
public protocol LocksImplementation: VectorImplementation {
    /// The 96 bytes hashed into locksroots and read by unlock.
    func encode(lock: VectorLock) -> [UInt8]
    /// The locksroot of the locks in the order they were added.
    func locksroot(_ locks: [VectorLock]) -> [UInt8]
    /// The balance hash a balance proof signs.
    func balanceHash(transferredAmount: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8]) -> [UInt8]
}

// MARK: NettingKit as the implementation

extension NettingKitImplementation: LocksImplementation {
    /// The runner hands over 32-byte fields only (it reads canonical decimals and 32-byte hex), so no fallback is ever taken.
    static func lock(_ l: VectorLock) -> Lock {
        Lock(amount: (try? UInt256(bigEndian: l.amount)) ?? 0, expiration: (try? UInt256(bigEndian: l.expiration)) ?? 0, secrethash: (try? Hash32(l.secrethash)) ?? .zero)
    }

    public func encode(lock: VectorLock) -> [UInt8] { Self.lock(lock).encoded }

    public func locksroot(_ locks: [VectorLock]) -> [UInt8] { Lock.locksroot(locks.map(Self.lock)).bytes }

    public func balanceHash(transferredAmount: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8]) -> [UInt8] {
        BalanceHash.of(transferred: (try? UInt256(bigEndian: transferredAmount)) ?? 0, locked: (try? UInt256(bigEndian: lockedAmount)) ?? 0,
                       locksroot: (try? Hash32(locksroot)) ?? .zero).bytes
    }
}
