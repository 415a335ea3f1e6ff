import NettingCodec
import NettingCrypto
import NettingMachine
import Testing

// Expected values come from a throwaway Python transcription of the raiden-contracts 0.40.2
// TokenNetwork arithmetic (Python integers with explicit 2^256 checks), itself checked against
// the contracts' own `get_onchain_settlement_amounts` on their fixtures; hashes from eth-hash.

private let alice = Address(hi: 0x1111_1111_1111_1111, mid: 0x1111_1111_1111_1111, lo: 0x1111_1111)
private let bob = Address(hi: 0x2222_2222_2222_2222, mid: 0x2222_2222_2222_2222, lo: 0x2222_2222)
private let noLocks = Settlement.locksroot([])

/// A decimal amount, or "max" / "max-k" for 2^256 − 1 − k.
private func amount(_ text: String) -> UInt256 {
    if text.hasPrefix("max") {
        let k = text == "max" ? UInt256.zero : try! UInt256(decimal: text.dropFirst(4))
        return try! UInt256.max.subtracting(k)
    }
    return try! UInt256(decimal: text)
}

private func side(
    _ address: Address, deposit: UInt256, withdrawn: UInt256 = 0, transferred: UInt256 = 0,
    locks: [Lock] = []
) -> SettlementSide {
    SettlementSide(
        address: address, deposit: deposit, withdrawn: withdrawn, transferred: transferred,
        locked: locks.reduce(UInt256.zero) { $0.saturatingAdding($1.amount) },
        locksroot: Settlement.locksroot(locks))
}

private func secrethash(_ n: UInt64) -> Hash32 { SecretHash.of(Hash32(words: (0, 0, 0, n))) }

private func lock(_ amount: UInt256, expiration: UInt256 = 100, secret: UInt64) -> Lock {
    Lock(amount: amount, expiration: expiration, secrethash: secrethash(secret))
}

@Suite struct SettlementTests {
    // MARK: The reference example
    // The contracts' first settlement fixture (raiden-contracts 0.40.2, raiden_contracts/tests/
    // fixtures/channel_test_values.py channel_settle_test_values[0] "valid_last"), as
    // TokenNetwork.getSettleTransferAmounts splits it.

    /// p1 D 35 W 5 T 20020, locks 3 (claimable) + 1; p2 D 40 W 10 T 20030, locks 4 (claimable) + 2.
    static let p1Locks = [lock(3, secret: 1), lock(1, secret: 2)]
    static let p2Locks = [lock(4, secret: 3), lock(2, secret: 4)]
    static let p1 = side(alice, deposit: 35, withdrawn: 5, transferred: 20020, locks: p1Locks)
    static let p2 = side(bob, deposit: 40, withdrawn: 10, transferred: 20030, locks: p2Locks)
    /// Secrets 1 and 3 registered before expiration; 4 exactly at it (does not pay); 2 never.
    static func registry(_ hash: Hash32) -> UInt64? {
        [secrethash(1): 99, secrethash(3): 50, secrethash(4): 100][hash]
    }

    @Test func settleSplitsTheWorkedExampleAsTheReferenceSays() throws {
        let amounts = try Settlement.settle(participant1: Self.p1, participant2: Self.p2)
        #expect(amounts == SettlementAmounts(
            participant1Transfer: 36, participant2Transfer: 14,
            participant1LockedRetained: 4, participant2LockedRetained: 6, totalAvailableDeposit: 60))
    }

    @Test func afterBothUnlocksTheWorkedExamplePays41And19() throws {
        let p1Unlock = try Settlement.unlock(
            lockedAmount: 4, locksroot: Self.p1.locksroot, locks: Self.p1Locks, revealBlock: Self.registry)
        let p2Unlock = try Settlement.unlock(
            lockedAmount: 6, locksroot: Self.p2.locksroot, locks: Self.p2Locks, revealBlock: Self.registry)
        #expect(p1Unlock == UnlockAmounts(unlocked: 3, returned: 1))
        #expect(p2Unlock == UnlockAmounts(unlocked: 4, returned: 2))
        let payout = try Settlement.payout(
            Self.p2, locks: Self.p2Locks, Self.p1, locks: Self.p1Locks, revealBlock: Self.registry)
        #expect(payout == SettlementPayout(first: 19, second: 41), "payout answers in the caller's order")
    }

    // MARK: Oracle table

    /// D1 W1 T1 L1 D2 W2 T2 L2 → S1 S2 SL1 SL2 TAD, each from the Python oracle.
    @Test(arguments: [
        ("worked example", "35 5 20020 4 40 10 20030 6 → 36 14 4 6 60"),
        ("nothing transferred", "100 0 0 0 50 0 0 0 → 100 50 0 0 150"),
        ("withdrawals only", "100 30 0 0 50 20 0 0 → 70 30 0 0 100"),
        ("participant2 paid its whole deposit", "10 0 0 0 10 0 10 0 → 20 0 0 0 20"),
        ("no proof for participant1", "35 5 0 0 40 10 20030 6 → 54 0 0 6 60"),
        ("L2 above R1 is capped", "10 0 0 0 10 0 5 50 → 0 0 0 20 20"),
        ("L1 above R2 is capped", "10 0 100 30 10 0 200 0 → 20 0 0 0 20"),
        ("withdrawn above deposit plus net floors at zero", "10 10 5 0 100 0 5 0 → 0 100 0 0 100"),
        ("T2 + L2 saturates", "7 1 3 2 11 4 max 1 → 12 0 0 1 13"),
        ("both sums saturate", "7 1 max 5 11 4 max-1 9 → 0 2 5 6 13"),
        ("deposits sum to 2^256-1", "max-5 0 0 0 5 0 1 0 → max-4 4 0 0 max"),
        ("D1 + net saturates", "max-10 0 0 0 10 0 max 0 → max 0 0 0 max"),
        ("everything withdrawn", "10 10 0 0 5 5 3 0 → 0 0 0 0 0"),
        ("equal T+L", "20 3 7 3 30 4 5 5 → 12 23 3 5 43"),
        ("large values across words",
         "1000000000000000000000000000000 100000000000000000000000000000 "
             + "10000000000000000000000000000000000000000 100000000000000000000 "
             + "10000000000000000000000000000000 0 10000000001000000000000000000000000000000 "
             + "10000000000000000000000000 → 1899999999900000000000000000000 "
             + "8999990000000000000000000000000 100000000000000000000 10000000000000000000000000 "
             + "10900000000000000000000000000000"),
    ])
    func settleMatchesTheOracle(name: String, row: String) throws {
        let v = row.split(separator: " ").filter { $0 != "→" }.map { amount(String($0)) }
        let p1 = SettlementSide(address: alice, deposit: v[0], withdrawn: v[1], transferred: v[2], locked: v[3])
        let p2 = SettlementSide(address: bob, deposit: v[4], withdrawn: v[5], transferred: v[6], locked: v[7])
        let expected = SettlementAmounts(
            participant1Transfer: v[8], participant2Transfer: v[9],
            participant1LockedRetained: v[10], participant2LockedRetained: v[11], totalAvailableDeposit: v[12])
        #expect(try Settlement.settle(participant1: p1, participant2: p2) == expected, "\(name)")
    }

    // MARK: Reverts

    @Test func depositsPast2To256Minus1RevertWithAPanic() {
        let p1 = SettlementSide(address: alice, deposit: .max)
        let p2 = SettlementSide(address: bob, deposit: 1)
        #expect(throws: SettlementError.depositOverflow) { try Settlement.settle(participant1: p1, participant2: p2) }
    }

    @Test func withdrawnAboveTheDepositsRevertsWithAPanic() {
        let rich = SettlementSide(address: alice, deposit: 1)
        let overdrawn = SettlementSide(address: bob, deposit: 1, withdrawn: 3)
        #expect(throws: SettlementError.withdrawUnderflow) {
            try Settlement.settle(participant1: overdrawn, participant2: rich)
        }
        #expect(throws: SettlementError.withdrawUnderflow) {
            try Settlement.settle(participant1: rich, participant2: overdrawn)
        }
    }

    @Test func participantsInTheWrongOrderRevert() {
        #expect(throws: SettlementError.transfersNotOrdered) {
            try Settlement.settle(participant1: Self.p2, participant2: Self.p1)
        }
    }

    @Test func theDepositCheckComesBeforeTheOrderCheck() {
        let p1 = SettlementSide(address: alice, deposit: .max, transferred: 5)
        let p2 = SettlementSide(address: bob, deposit: 1)
        #expect(throws: SettlementError.depositOverflow) { try Settlement.settle(participant1: p1, participant2: p2) }
    }

    @Test func unlockRevertsWhenThePayingLocksSumPast2To256Minus1() {
        let locks = [lock(.max, secret: 1), lock(1, secret: 3)]
        #expect(throws: SettlementError.unlockedAmountOverflow) {
            try Settlement.unlock(
                lockedAmount: 5, locksroot: Settlement.locksroot(locks), locks: locks, revealBlock: Self.registry)
        }
        // The sum is taken before the locksroot is compared.
        #expect(throws: SettlementError.unlockedAmountOverflow) {
            try Settlement.unlock(lockedAmount: 5, locksroot: .zero, locks: locks, revealBlock: Self.registry)
        }
    }

    @Test func unlockWithOtherLocksThanTheStoredLocksrootReverts() {
        #expect(throws: SettlementError.locksrootMismatch) {
            try Settlement.unlock(
                lockedAmount: 4, locksroot: Self.p1.locksroot, locks: Array(Self.p1Locks.reversed()),
                revealBlock: Self.registry)
        }
        // Settle stores nothing for a direction that retained 0, so every list mismatches.
        #expect(throws: SettlementError.locksrootMismatch) {
            try Settlement.unlock(lockedAmount: 0, locksroot: .zero, locks: [], revealBlock: Self.registry)
        }
    }

    @Test func unlockWithAZeroStoredAmountReverts() {
        #expect(throws: SettlementError.zeroLockedAmount) {
            try Settlement.unlock(
                lockedAmount: 0, locksroot: Self.p1.locksroot, locks: Self.p1Locks, revealBlock: Self.registry)
        }
    }

    @Test func errorCodesAndRevertsAreStable() {
        let all: [(SettlementError, String, String)] = [
            (.depositOverflow, "settle.deposit_overflow", "Panic(0x11)"),
            (.withdrawUnderflow, "settle.withdraw_underflow", "Panic(0x11)"),
            (.transfersNotOrdered, "settle.transfers_not_ordered", "TN: transfers not ordered"),
            (.unlockedAmountOverflow, "unlock.unlocked_amount_overflow", "Panic(0x11)"),
            (.locksrootMismatch, "unlock.locksroot_mismatch", "TN/unlock: locksroot mismatch"),
            (.zeroLockedAmount, "unlock.zero_locked_amount", "TN/unlock: zero locked amount"),
        ]
        for (error, code, revert) in all {
            #expect(error.code == code)
            #expect(error.contractRevert == revert)
            #expect(error.description.hasPrefix(code + ": "))
        }
    }

    // MARK: Ordering

    @Test func theSideWithTheSmallerTransferredPlusLockedGoesFirst() {
        #expect(Settlement.order(Self.p2, Self.p1) == (Self.p1, Self.p2))
        #expect(Settlement.order(Self.p1, Self.p2) == (Self.p1, Self.p2))
    }

    @Test func onATieTheFirstArgumentGoesFirstAndSettleAcceptsEitherOrder() throws {
        let a = SettlementSide(address: bob, deposit: 20, transferred: 7, locked: 3)
        let b = SettlementSide(address: alice, deposit: 30, transferred: 5, locked: 5)
        #expect(Settlement.order(a, b) == (a, b))
        #expect(Settlement.order(b, a) == (b, a))
        _ = try Settlement.settle(participant1: a, participant2: b)
        _ = try Settlement.settle(participant1: b, participant2: a)
    }

    @Test func orderComparesExactSumsPast2To256AsTheClientDoes() throws {
        // Both sums saturate to 2^256−1 on chain, so the contract accepts either order; the
        // client (Python integers) still puts the smaller exact sum first, which fixes the
        // calldata and the ChannelSettled event.
        let larger = SettlementSide(address: alice, deposit: 7, withdrawn: 1, transferred: .max, locked: 5)
        let smaller = SettlementSide(address: bob, deposit: 11, withdrawn: 4, transferred: .max, locked: 2)
        #expect(Settlement.order(larger, smaller) == (smaller, larger))
        #expect(Settlement.order(smaller, larger) == (smaller, larger))
    }

    @Test(arguments: [
        ("equal sums", "20 3 7 3", "30 4 5 5"),
        ("both saturate", "7 1 max 5", "11 4 max 2"),
        ("both saturate, one overdrawn", "3 9 max 0", "11 0 max-1 8"),
    ])
    func whenBothOrdersAreAcceptedEachSideIsPaidTheSame(name: String, a: String, b: String) throws {
        func parse(_ text: String, _ address: Address) -> SettlementSide {
            let v = text.split(separator: " ").map { amount(String($0)) }
            return SettlementSide(address: address, deposit: v[0], withdrawn: v[1], transferred: v[2], locked: v[3])
        }
        let (x, y) = (parse(a, alice), parse(b, bob))
        let xFirst = try Settlement.settle(participant1: x, participant2: y)
        let yFirst = try Settlement.settle(participant1: y, participant2: x)
        #expect(xFirst.participant1Transfer == yFirst.participant2Transfer, "\(name)")
        #expect(xFirst.participant2Transfer == yFirst.participant1Transfer, "\(name)")
        #expect(xFirst.participant1LockedRetained == yFirst.participant2LockedRetained, "\(name)")
        #expect(xFirst.participant2LockedRetained == yFirst.participant1LockedRetained, "\(name)")
    }

    // MARK: Locks and hashes

    @Test func theLocksrootOfNoLocksIsKeccakOfNothing() throws {
        #expect(noLocks == (try Hash32(hex: "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")))
    }

    @Test func theLocksrootHashesEachLockAsExpirationAmountSecrethash() throws {
        let single = Lock(amount: 50, expiration: 5, secrethash: .zero)
        #expect(Settlement.locksroot([single])
            == (try Hash32(hex: "0x01c77490bdf3215e6911a0c1969809b0a9498ca402118d5bacba344134fba6e1")))
        let two = [lock(3, expiration: 100, secret: 1), lock(1, expiration: 120, secret: 2)]
        #expect(Settlement.locksroot(two)
            == (try Hash32(hex: "0x71a359ba4ce075d60ecf9e5f59782a143abc71c1de4696dde44e04e37f04a11a")))
        #expect(Settlement.locksroot(two.reversed()) != Settlement.locksroot(two), "order matters")
    }

    @Test func aSecretRegisteredAtTheExpirationBlockPaysNothing() throws {
        let locks = [lock(10, expiration: 100, secret: 7)]
        func unlock(revealedIn block: UInt64?) throws -> UnlockAmounts {
            try Settlement.unlock(
                lockedAmount: 10, locksroot: Settlement.locksroot(locks), locks: locks,
                revealBlock: { _ in block })
        }
        #expect(try unlock(revealedIn: 99) == UnlockAmounts(unlocked: 10, returned: 0))
        #expect(try unlock(revealedIn: 100) == UnlockAmounts(unlocked: 0, returned: 10))
        #expect(try unlock(revealedIn: 101) == UnlockAmounts(unlocked: 0, returned: 10))
        #expect(try unlock(revealedIn: nil) == UnlockAmounts(unlocked: 0, returned: 10))
        #expect(try unlock(revealedIn: 0) == UnlockAmounts(unlocked: 0, returned: 10), "0 means not registered")
    }

    @Test func unlockPaysAtMostTheRetainedAmount() throws {
        let locks = [lock(30, secret: 1), lock(20, secret: 3)]
        let result = try Settlement.unlock(
            lockedAmount: 35, locksroot: Settlement.locksroot(locks), locks: locks, revealBlock: Self.registry)
        #expect(result == UnlockAmounts(unlocked: 35, returned: 0))
    }

    @Test func theBalanceHashHasNoZeroSpecialCase() throws {
        #expect(Settlement.balanceHash(transferred: 0, locked: 0, locksroot: noLocks)
            == (try Hash32(hex: "0xfb8b8f91fdf6aec9b78c8c73bf7ad4ff942dc378659c50d97a6391ce8fa8ad23")))
        #expect(Settlement.balanceHash(transferred: 0, locked: 0, locksroot: .zero)
            == (try Hash32(hex: "0x46700b4d40ac5c35af2c22dda2787a91eb567b06c924a8fb8ae9a05b20c08c21")))
        #expect(Settlement.balanceHash(transferred: 50, locked: 0, locksroot: noLocks)
            == (try Hash32(hex: "0xefe746ea6709080801a054596599dc5a289595c49ad58940f7daf0b70a79ea0e")))
    }

    @Test func aZeroStoredHashAcceptsOnlyZeroAmountsWithAnyLocksroot() {
        #expect(Settlement.verifyBalanceData(storedBalanceHash: .zero, transferred: 0, locked: 0, locksroot: noLocks))
        #expect(Settlement.verifyBalanceData(storedBalanceHash: .zero, transferred: 0, locked: 0, locksroot: secrethash(9)))
        #expect(!Settlement.verifyBalanceData(storedBalanceHash: .zero, transferred: 1, locked: 0, locksroot: noLocks))
        #expect(!Settlement.verifyBalanceData(storedBalanceHash: .zero, transferred: 0, locked: 1, locksroot: noLocks))
    }

    @Test func aStoredHashAcceptsExactlyItsPreimage() {
        let root = Self.p1.locksroot
        let stored = Settlement.balanceHash(transferred: 20020, locked: 4, locksroot: root)
        func accepts(_ t: UInt256, _ l: UInt256, _ r: Hash32) -> Bool {
            Settlement.verifyBalanceData(storedBalanceHash: stored, transferred: t, locked: l, locksroot: r)
        }
        #expect(accepts(20020, 4, root))
        #expect(!accepts(20020, 4, noLocks))
        #expect(!accepts(20021, 3, root))
    }

    // MARK: Payout

    @Test func retainedTokensWhoseUnlockAlwaysRevertsStayInTheContract() throws {
        // An invalid proof (locked amount below the sum of its locks) with paying locks that
        // sum past 2^256−1: the unlock reverts at every call.
        let locks = [lock(.max, secret: 1), lock(1, secret: 3)]
        let p1 = SettlementSide(address: alice, deposit: 10, locked: 4, locksroot: Settlement.locksroot(locks))
        let p2 = SettlementSide(address: bob, deposit: 10, transferred: 4)
        let payout = try Settlement.payout(p1, locks: locks, p2, locks: [], revealBlock: Self.registry)
        #expect(payout == SettlementPayout(first: 10, second: 6, stranded: 4))
    }

    @Test func payoutRejectsLocksThatDoNotMatchTheSubmittedLocksroot() {
        #expect(throws: SettlementError.locksrootMismatch) {
            try Settlement.payout(Self.p1, locks: [], Self.p2, locks: Self.p2Locks, revealBlock: Self.registry)
        }
    }

    // MARK: Old balance proofs

    @Test func anOldBalanceProofPaysItsSubmitterNoMoreThanTheLatestUnlessALockWasPaidTwice() {
        // Holds whenever no lock in the old proof was both settled off-chain and registered in
        // time on chain (see the next test). Both sides' payouts also always sum to the TAD.
        var rng = SplitMix64(seed: 0x5E77_1E)
        for round in 0..<2500 {
            let history = ChannelHistory(&rng, unlockPayingLocksOffChain: false, wide: round % 2 == 1)
            let latest = history.payout(history.latest(0), history.latest(1))
            #expect(latest == history.expectedLatest, "round \(round)")
            for submitter in 0..<2 {
                for old in history.proofs[1 - submitter] {
                    var proofs = [history.latest(0), history.latest(1)]
                    proofs[1 - submitter] = history.side(1 - submitter, old)
                    let paid = history.payout(proofs[0], proofs[1])
                    #expect(paid[submitter] <= latest[submitter], "round \(round)")
                    #expect(paid[0].saturatingAdding(paid[1]) == history.totalAvailableDeposit, "round \(round)")
                }
            }
        }
    }

    @Test func whateverProofsAreSubmittedSettleAndUnlocksPayOutExactlyTheAvailableDeposit() {
        var rng = SplitMix64(seed: 0xA11_0_1D)
        for round in 0..<1000 {
            let history = ChannelHistory(&rng, unlockPayingLocksOffChain: true, wide: round % 2 == 1)
            for old0 in history.proofs[0] {
                let old1 = history.proofs[1][Int(rng.below(UInt64(history.proofs[1].count)))]
                let paid = history.payout(history.side(0, old0), history.side(1, old1))
                #expect(paid[0].saturatingAdding(paid[1]) == history.totalAvailableDeposit, "round \(round)")
            }
        }
    }

    @Test func aSubmitterCollectsAgainALockItWasPaidOffChainByRegisteringItsSecret() throws {
        // raiden-contracts issue #188, attack vector [1] (SL2 = min(RmaxP1, L2)), case b:
        // Bob (D 2) locks 1 (A) and 1 (B) to Alice (D 0) and settles A off-chain (T 1). Alice
        // registers A's secret in time, locks 1 (C) to Bob, and closes with Bob's old proof
        // that still holds A. B and C never pay. Latest proofs: 1 and 1; old: Alice 2, Bob 0.
        let a = lock(1, secret: 1), b = lock(1, secret: 2), c = lock(1, secret: 4)
        let alicesLatest = side(alice, deposit: 0, locks: [c])
        let bobsLatest = side(bob, deposit: 2, transferred: 1, locks: [b])
        let bobsOld = side(bob, deposit: 2, locks: [a, b])
        let honest = try Settlement.payout(alicesLatest, locks: [c], bobsLatest, locks: [b], revealBlock: Self.registry)
        let cheated = try Settlement.payout(alicesLatest, locks: [c], bobsOld, locks: [a, b], revealBlock: Self.registry)
        #expect(honest == SettlementPayout(first: 1, second: 1))
        #expect(cheated == SettlementPayout(first: 2, second: 0))
    }
}

// MARK: - Seeded channel histories

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seedable generator for reproducible cases.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: UInt64) -> UInt64 { next() % bound }
}

/// A channel driven by honest clients: locks within the sender's balance, off-chain unlocks,
/// expiries of locks that never pay, withdrawals and deposits. Every balance proof each side
/// signed is kept, the first being "no proof". A lock pays on chain if its secret is
/// registered before expiration (block 500 of 1000); the others are never registered or
/// registered exactly at expiration.
private struct ChannelHistory {
    struct PendingLock { var amount: UInt64; var pays: Bool; var id: UInt64 }
    struct Proof { var transferred: UInt64; var locks: [PendingLock] }

    var deposit: [UInt64] = [0, 0], withdrawn: [UInt64] = [0, 0], transferred: [UInt64] = [0, 0]
    var pending: [[PendingLock]] = [[], []]
    var proofs: [[Proof]] = [[Proof(transferred: 0, locks: [])], [Proof(transferred: 0, locks: [])]]
    /// Amounts × 2^192 so that the arithmetic runs in the top word.
    var wide: Bool

    init(_ rng: inout SplitMix64, unlockPayingLocksOffChain: Bool, wide: Bool) {
        self.wide = wide
        deposit = [rng.below(60), rng.below(60)]
        var nextID: UInt64 = 0
        for _ in 0..<rng.below(25) {
            let s = Int(rng.below(2))
            let available = Int64(deposit[s] + transferred[1 - s]) - Int64(withdrawn[s] + transferred[s])
                - Int64(pending[s].reduce(0) { $0 + $1.amount })
            switch rng.below(5) {
            case 0 where available > 0:
                nextID += 1
                let amount = 1 + rng.below(UInt64(available))
                pending[s].append(PendingLock(amount: amount, pays: rng.below(2) == 0, id: nextID))
                signProof(s)
            case 1:
                let candidates = pending[s].indices.filter { unlockPayingLocksOffChain || !pending[s][$0].pays }
                guard !candidates.isEmpty else { continue }
                let settled = pending[s].remove(at: candidates[Int(rng.below(UInt64(candidates.count)))])
                transferred[s] += settled.amount
                signProof(s)
            case 2:
                let candidates = pending[s].indices.filter { !pending[s][$0].pays }
                guard !candidates.isEmpty else { continue }
                pending[s].remove(at: candidates[Int(rng.below(UInt64(candidates.count)))])
                signProof(s)
            case 3 where available > 0:
                withdrawn[s] += 1 + rng.below(UInt64(available))
            case 4:
                deposit[s] += rng.below(30)
            default:
                continue
            }
        }
    }

    private mutating func signProof(_ s: Int) {
        proofs[s].append(Proof(transferred: transferred[s], locks: pending[s]))
    }

    func amount(_ value: UInt64) -> UInt256 { wide ? UInt256(words: (value, 0, 0, 0)) : UInt256(value) }

    func locks(_ proof: Proof) -> [Lock] {
        proof.locks.map { lock(amount($0.amount), expiration: 1000, secret: $0.id) }
    }

    func side(_ s: Int, _ proof: Proof) -> (SettlementSide, [Lock]) {
        let locks = locks(proof)
        let side = SettlementSide(
            address: s == 0 ? alice : bob, deposit: amount(deposit[s]), withdrawn: amount(withdrawn[s]),
            transferred: amount(proof.transferred),
            locked: amount(proof.locks.reduce(0) { $0 + $1.amount }), locksroot: Settlement.locksroot(locks))
        return (side, locks)
    }

    func latest(_ s: Int) -> (SettlementSide, [Lock]) { side(s, proofs[s].last!) }

    var totalAvailableDeposit: UInt256 { amount(deposit[0] + deposit[1] - withdrawn[0] - withdrawn[1]) }

    /// B = D − W + T_partner − T_own + Lc_partner − Lc_own with the latest proofs.
    var expectedLatest: [UInt256] {
        let claimable = pending.map { $0.filter(\.pays).reduce(0) { $0 + $1.amount } }
        return (0..<2).map { s in
            amount(deposit[s] + transferred[1 - s] + claimable[1 - s] - withdrawn[s] - transferred[s] - claimable[s])
        }
    }

    func payout(_ a: (SettlementSide, [Lock]), _ b: (SettlementSide, [Lock])) -> [UInt256] {
        var paying = Set<Hash32>(), late = Set<Hash32>()
        for lock in proofs.joined().flatMap(\.locks) {
            if lock.pays { paying.insert(secrethash(lock.id)) } else if lock.id % 2 == 0 { late.insert(secrethash(lock.id)) }
        }
        let result = try! Settlement.payout(a.0, locks: a.1, b.0, locks: b.1) { hash in
            paying.contains(hash) ? 500 : late.contains(hash) ? 1000 : nil
        }
        precondition(result.stranded == .zero)
        return [result.first, result.second]
    }
}

