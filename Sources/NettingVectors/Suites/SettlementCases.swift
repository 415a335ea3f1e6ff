import NettingCodec
import NettingCrypto
import NettingMachine

/// One participant of a settlement case: its on-chain record (deposit, withdrawn) and the
/// balance proof submitted for it at close or update (transferred, locked, locksroot), with the
/// pending locks that proof commits to, in order: the list its partner passes to unlock.
struct SettlementParty: Sendable {
    var address: Address
    var deposit: UInt256
    var withdrawn: UInt256
    var transferred: UInt256
    var locks: [Lock]
    /// The submitted locked amount and locksroot when they are not what the locks imply (a
    /// proof no honest client signs); nil for the locks' sum and keccak.
    var lockedOverride: UInt256?
    var locksrootOverride: Hash32?

    var locked: UInt256 { lockedOverride ?? locks.reduce(UInt256.zero) { $0.saturatingAdding($1.amount) } }
    var locksroot: Hash32 { locksrootOverride ?? Settlement.locksroot(locks) }
    var side: SettlementSide {
        SettlementSide(address: address, deposit: deposit, withdrawn: withdrawn, transferred: transferred, locked: locked, locksroot: locksroot)
    }
}

/// What a case's author worked out by hand (in its comment) for one unlock.
enum UnlockExpectation: Sendable {
    case pays(unlocked: UInt256, returned: UInt256)
    case reverts(SettlementError)
}

/// What a case's author worked out by hand for settle: S1, S2, SL1, SL2 and then the unlock of
/// each direction settle kept tokens for (participant1's locks first), or settle's revert.
enum SettleExpectation: Sendable {
    case pays(UInt256, UInt256, locked: UInt256, UInt256, unlocks: [UnlockExpectation])
    case reverts(SettlementError)
}

/// One curated case of the settlement suite.
struct SettlementCase: Sendable {
    enum Body: Sendable {
        /// A channel at settlement: settleChannel(participant1, participant2), then unlock of
        /// each direction settle kept tokens for.
        case channel(SettlementParty, SettlementParty, SettleExpectation)
        /// One unlock call against what settle stored (`lockedAmount`, `locksroot`).
        case unlock(locks: [Lock], lockedAmount: UInt256, locksroot: Hash32, UnlockExpectation)
    }

    /// Where the case's numbers come from: worked by hand in the comment, or a row of
    /// raiden-contracts 0.40.2's settlement fixtures (also worked by hand; the tests compare it
    /// with the fixture and the contracts' own Python references).
    enum Source: Sendable {
        case hand
        case fixture(String)

        var text: String {
            switch self {
            case .hand: "hand-worked in the comment"
            case .fixture(let path): "raiden_contracts/tests/fixtures/channel_test_values.py (raiden-contracts 0.40.2) \(path)"
            }
        }
    }

    var file: String
    var name: String
    var source: Source = .hand
    /// Flags besides those of the revert code, in order.
    var flags: [VectorFlag] = []
    var comment: String
    /// The secret registry when unlock runs: secrethash → block it was registered in.
    var secrets: [(secrethash: Hash32, block: UInt64)] = []
    var body: Body
}

// MARK: - Building blocks

private let alice = Situations.alice
private let bob = Situations.bob

private func party(
    _ address: Address, deposit: UInt256, withdrawn: UInt256 = 0, transferred: UInt256 = 0, locks: [Lock] = [],
    locked: UInt256? = nil, locksroot: Hash32? = nil
) -> SettlementParty {
    SettlementParty(
        address: address, deposit: deposit, withdrawn: withdrawn, transferred: transferred, locks: locks,
        lockedOverride: locked, locksrootOverride: locksroot)
}

/// A lock of `amount` whose secret is Situations.secret(secret), expiring at block `expiration`.
private func lock(_ amount: UInt256, secret: UInt64, expiration: UInt256 = 100) -> Lock {
    Lock(amount: amount, expiration: expiration, secrethash: Situations.secrethash(secret))
}

/// Secrets registered on chain: (secret number, block).
private func registered(_ pairs: (UInt64, UInt64)...) -> [(secrethash: Hash32, block: UInt64)] {
    pairs.map { (Situations.secrethash($0.0), $0.1) }
}

/// 2^256 − 1 − k.
private func top(_ k: UInt64 = 0) -> UInt256 { UInt256.max.saturatingSubtracting(UInt256(k)) }

private func dec(_ text: String) -> UInt256 { try! UInt256(decimal: text) }  // literals below: cannot fail

private func settles(
    _ s1: UInt256, _ s2: UInt256, _ sl1: UInt256, _ sl2: UInt256, _ unlocks: UnlockExpectation...
) -> SettleExpectation {
    .pays(s1, s2, locked: sl1, sl2, unlocks: unlocks)
}

private func pays(_ unlocked: UInt256, _ returned: UInt256) -> UnlockExpectation { .pays(unlocked: unlocked, returned: returned) }

/// A fixture party: `claimable` as one lock whose secret `secret` is registered in time (block
/// 60, expiration 100), `unclaimable` as one lock whose secret `secret + 1` is never registered.
private func fixtureParty(
    _ address: Address, deposit: UInt256, withdrawn: UInt256, transferred: UInt256, claimable: UInt256 = 0, unclaimable: UInt256 = 0,
    secret: UInt64
) -> SettlementParty {
    var locks: [Lock] = []
    if !claimable.isZero { locks.append(lock(claimable, secret: secret)) }
    if !unclaimable.isZero { locks.append(lock(unclaimable, secret: secret + 1)) }
    return party(address, deposit: deposit, withdrawn: withdrawn, transferred: transferred, locks: locks)
}

/// Both fixture parties' claimable secrets (1 for participant1, 3 for participant2) registered at block 60.
private let fixtureSecrets = registered((1, 60), (3, 60))

// MARK: - settle.json

extension SettlementCase {
    /// The latest proofs of the contracts' first fixture: participant1 (Alice) D 35 W 5 T 20020,
    /// locks 3 (pays) + 1; participant2 (Bob) D 40 W 10 T 20030, locks 4 (pays) + 2. After
    /// settle and both unlocks Alice gets 41 and Bob 19.
    static let latestAlice = fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 20020, claimable: 3, unclaimable: 1, secret: 1)
    static let latestBob = fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: 20030, claimable: 4, unclaimable: 2, secret: 3)

    static let settleCases: [SettlementCase] = [
        SettlementCase(
            file: "settle", name: "no_transfers",
            comment: "Neither side paid anything; no balance proof is submitted (0, 0 and the locksroot of no locks). Alice (D 100) and Bob (D 50) tie at 0, Alice first. TAD = 150; R1 = (0 − 0) + 100 − 0 = 100, R2 = 150 − 100 = 50: S1 = 100 to Alice, S2 = 50 to Bob.",
            body: .channel(party(alice, deposit: 100), party(bob, deposit: 50), settles(100, 50, 0, 0))),
        SettlementCase(
            file: "settle", name: "one_way",
            comment: "Alice (D 100) paid Bob (D 50) 30. Bob's T + L = 0 < Alice's 30: Bob first. TAD = 150; R1 = (30 − 0) + 50 − 0 = 80, R2 = 70: S1 = 80 to Bob (50 + 30), S2 = 70 to Alice (100 − 30).",
            body: .channel(party(bob, deposit: 50), party(alice, deposit: 100, transferred: 30), settles(80, 70, 0, 0))),
        SettlementCase(
            file: "settle", name: "both_ways",
            comment: "Alice (D 100) paid Bob 30, Bob (D 50) paid Alice 5. Bob first (5 < 30). TAD = 150; R1 = (30 − 5) + 50 = 75, R2 = 75: S1 = 75 to Bob (50 − 5 + 30), S2 = 75 to Alice (100 − 30 + 5).",
            body: .channel(party(bob, deposit: 50, transferred: 5), party(alice, deposit: 100, transferred: 30), settles(75, 75, 0, 0))),
        SettlementCase(
            file: "settle", name: "with_withdraws",
            comment: "scenarios/withdraw-settle.yaml: deposits 100 (Alice) and 50 (Bob), Alice pays Bob 35, Bob withdraws 20 and Alice 10. Bob first (0 < 35). TAD = 150 − 30 = 120; R1 = 35 + 50 − 20 = 65, R2 = 55: S1 = 65 to Bob, S2 = 55 to Alice; with the withdraws Bob gets 85 and Alice 65.",
            body: .channel(party(bob, deposit: 50, withdrawn: 20), party(alice, deposit: 100, withdrawn: 10, transferred: 35), settles(65, 55, 0, 0))),
        SettlementCase(
            file: "settle", name: "with_locks_both_ways",
            comment: "Alice (D 100) paid Bob 30 and has a lock of 20 pending to him, whose secret was registered at block 60 (expiration 100); Bob (D 50) paid Alice 5 and has a lock of 10 pending to her, never revealed. Bob first (5 + 10 < 30 + 20). TAD = 150; R1 = (50 − 15) + 50 = 85, R2 = 65; SL2 = min(85, 20) = 20, S1 = 65 to Bob; SL1 = min(65, 10) = 10, S2 = 55 to Alice. Unlock of Bob's locks (10 kept): nothing registered, 10 back to Bob; of Alice's (20 kept): 20 to Bob. Bob 95 = 50 − 5 + 30 + 20, Alice 55 = 100 − 30 + 5 − 20.",
            secrets: registered((1, 60)),
            body: .channel(
                party(bob, deposit: 50, transferred: 5, locks: [lock(10, secret: 2)]),
                party(alice, deposit: 100, transferred: 30, locks: [lock(20, secret: 1)]),
                settles(65, 55, 10, 20, pays(0, 10), pays(20, 0)))),
        SettlementCase(
            file: "settle", name: "worked_example", source: .fixture("channel_settle_test_values[0].valid_last"),
            comment: "The contracts' first settlement case, latest proofs: Alice D 35 W 5 T 20020 with locks 3 (revealed in time) and 1 (never); Bob D 40 W 10 T 20030 with locks 4 (in time) and 2 (never). Alice first (20024 < 20036). TAD = 75 − 15 = 60; R1 = 12 + 35 − 5 = 42, R2 = 18; SL2 = min(42, 6) = 6, S1 = 36; SL1 = min(18, 4) = 4, S2 = 14. Unlocks: Alice's 4 → 3 to Bob, 1 back; Bob's 6 → 4 to Alice, 2 back. Alice 41 = 35 − 5 + 20030 − 20020 + 4 − 3, Bob 19.",
            secrets: fixtureSecrets,
            body: .channel(latestAlice, latestBob, settles(36, 14, 4, 6, pays(3, 1), pays(4, 2)))),
        SettlementCase(
            file: "settle", name: "withdraws_without_balance_proofs", source: .fixture("channel_settle_test_values[1].valid_last"),
            comment: "No transfers; Alice (D 40) withdrew 10 and Bob (D 35) 5. Tie at 0, Alice first. TAD = 75 − 15 = 60; R1 = 0 + 40 − 10 = 30, R2 = 30: S1 = 30 to Alice, S2 = 30 to Bob.",
            body: .channel(party(alice, deposit: 40, withdrawn: 10), party(bob, deposit: 35, withdrawn: 5), settles(30, 30, 0, 0))),
        SettlementCase(
            file: "settle", name: "locks_both_ways_all_claimed", source: .fixture("channel_settle_test_values[2].valid_last"),
            comment: "Alice D 35 W 5 T 20, a lock of 4 revealed in time; Bob D 40 W 10 T 30, locks 4 (in time) and 2 (never). Alice first (24 < 36). TAD = 60; R1 = 12 + 35 − 5 = 42, R2 = 18; SL2 = min(42, 6) = 6, S1 = 36; SL1 = min(18, 4) = 4, S2 = 14. Unlocks: Alice's 4 → 4 to Bob; Bob's 6 → 4 to Alice, 2 back. Alice 40 = 35 − 5 + 30 − 20 + 4 − 4, Bob 20.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 20, claimable: 4, secret: 1),
                fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: 30, claimable: 4, unclaimable: 2, secret: 3),
                settles(36, 14, 4, 6, pays(4, 0), pays(4, 2)))),
        SettlementCase(
            file: "settle", name: "everything_withdrawn", source: .fixture("channel_settle_test_values[3].valid_last"),
            comment: "Alice D 5 T 20, Bob D 20 T 30: Alice received 10 net and withdrew 15, Bob withdrew 10; nothing is left. Alice first (20 < 30). TAD = 25 − 25 = 0; R1 = sat(10 + 5) = 15, floored 15 − 15 = 0, min(0, 0) = 0; R2 = 0: settle pays nothing.",
            body: .channel(
                party(alice, deposit: 5, withdrawn: 15, transferred: 20), party(bob, deposit: 20, withdrawn: 10, transferred: 30),
                settles(0, 0, 0, 0))),
        SettlementCase(
            file: "settle", name: "everything_withdrawn_but_the_locks", source: .fixture("channel_settle_test_values[4].valid_last"),
            comment: "Alice D 5 W 5 T 20, locks 4 (in time) and 1 (never); Bob D 25 W 5 T 30, locks 2 (in time) and 3 (never). Alice first (25 < 35). TAD = 20; R1 = 10 + 5 − 5 = 10, R2 = 10; SL2 = min(10, 5) = 5, S1 = 5; SL1 = min(10, 5) = 5, S2 = 5. Unlocks: Alice's 5 → 4 to Bob, 1 back; Bob's 5 → 2 to Alice, 3 back. Alice 8 = 5 − 5 + 30 − 20 + 2 − 4, Bob 12.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 5, withdrawn: 5, transferred: 20, claimable: 4, unclaimable: 1, secret: 1),
                fixtureParty(bob, deposit: 25, withdrawn: 5, transferred: 30, claimable: 2, unclaimable: 3, secret: 3),
                settles(5, 5, 5, 5, pays(4, 1), pays(2, 3)))),
        // The secret registry around a lock's expiration: Alice (D 100) has one lock of 40
        // pending to Bob (D 0), expiring at block 100. Bob first (0 < 40). TAD = 100;
        // R1 = 40 + 0 = 40, R2 = 60; SL2 = min(40, 40) = 40, S1 = 0; SL1 = 0, S2 = 60.
        SettlementCase(
            file: "settle", name: "secret_registered_before_expiration",
            comment: "Alice's lock of 40 to Bob expires at block 100; its secret was registered at block 99. Bob first; TAD 100, R1 = 40, R2 = 60: S1 = 0 to Bob, S2 = 60 to Alice, 40 kept. Unlock: 99 < 100, so the 40 go to Bob.",
            secrets: registered((1, 99)),
            body: .channel(party(bob, deposit: 0), party(alice, deposit: 100, locks: [lock(40, secret: 1)]), settles(0, 60, 0, 40, pays(40, 0)))),
        SettlementCase(
            file: "settle", name: "secret_registered_at_expiration", flags: [.lateSecret],
            comment: "As before, but the secret was registered at block 100, the lock's expiration: the contract pays a lock only when 0 < reveal block < expiration, so the 40 go back to Alice (100 in all). The 3.0.1 client counts this lock as unlocked on chain (reveal block ≤ expiration).",
            secrets: registered((1, 100)),
            body: .channel(party(bob, deposit: 0), party(alice, deposit: 100, locks: [lock(40, secret: 1)]), settles(0, 60, 0, 40, pays(0, 40)))),
        SettlementCase(
            file: "settle", name: "secret_registered_after_expiration", flags: [.lateSecret],
            comment: "As before, the secret registered at block 101, after the expiration: 40 back to Alice.",
            secrets: registered((1, 101)),
            body: .channel(party(bob, deposit: 0), party(alice, deposit: 100, locks: [lock(40, secret: 1)]), settles(0, 60, 0, 40, pays(0, 40)))),
        SettlementCase(
            file: "settle", name: "secret_never_registered",
            comment: "As before, the secret never registered (the registry answers 0): 40 back to Alice.",
            body: .channel(party(bob, deposit: 0), party(alice, deposit: 100, locks: [lock(40, secret: 1)]), settles(0, 60, 0, 40, pays(0, 40)))),
        SettlementCase(
            file: "settle", name: "each_lock_against_its_own_expiration", flags: [.lateSecret],
            comment: "Alice (D 100) has three locks pending to Bob (D 0): 10 expiring at 100 (secret at block 40), 20 expiring at 100 (secret at block 100) and 30 expiring at 120 (secret at block 100). Bob first; TAD 100, R1 = 60, R2 = 40: S1 = 0, S2 = 40, 60 kept. Unlock: 10 and 30 pay (40 < 100, 100 < 120), 20 does not (100 = 100): 40 to Bob, 20 back to Alice.",
            secrets: registered((1, 40), (2, 100), (3, 100)),
            body: .channel(
                party(bob, deposit: 0),
                party(alice, deposit: 100, locks: [lock(10, secret: 1), lock(20, secret: 2), lock(30, secret: 3, expiration: 120)]),
                settles(0, 40, 0, 60, pays(40, 20)))),
        SettlementCase(
            file: "settle", name: "deposits_sum_to_2_256_minus_1", flags: [.overflow],
            comment: "M = 2^256 − 1. Alice D M − 5, Bob D 5 paid Alice 1. Alice first (0 < 1). TAD = M; R1 = (1 − 0) + (M − 5) = M − 4, R2 = 4: S1 = M − 4 to Alice, S2 = 4 to Bob.",
            body: .channel(party(alice, deposit: top(5)), party(bob, deposit: 5, transferred: 1), settles(top(4), 4, 0, 0))),
        SettlementCase(
            file: "settle", name: "honest_amounts_near_2_256", flags: [.overflow],
            comment: "M = 2^256 − 1. Alice D M − 1 paid Bob M − 9 and has a lock of 5 to him revealed in time; Bob D 1 paid Alice 3. Bob first (3 < M − 4). TAD = M; R1 = (M − 4 − 3) + 1 = M − 6, R2 = 6; SL2 = min(M − 6, 5) = 5, S1 = M − 11 to Bob; SL1 = 0, S2 = 6 to Alice. Unlock: 5 to Bob, who ends with M − 6 = 1 − 3 + (M − 9) + 5; Alice 6 = (M − 1) − (M − 9) + 3 − 5.",
            secrets: registered((1, 60)),
            body: .channel(
                party(bob, deposit: 1, transferred: 3), party(alice, deposit: top(1), transferred: top(9), locks: [lock(5, secret: 1)]),
                settles(top(11), 6, 0, 5, pays(5, 0)))),
        SettlementCase(
            file: "settle", name: "large_amounts_across_words",
            comment: "Alice D 10^30 W 10^29 T 10^40 with a lock of 10^20; Bob D 10^31 T 10^40 + 10^30 with a lock of 10^25; both secrets registered in time. Alice first. TAD = 10^30 + 10^31 − 10^29 = 1.09·10^31; R1 = (10^30 + 10^25 − 10^20) + 10^30 − 10^29 = 1.9·10^30 + 10^25 − 10^20; SL2 = 10^25, S1 = 1.9·10^30 − 10^20; R2 = 9·10^30 − 10^25 + 10^20, SL1 = 10^20, S2 = 9·10^30 − 10^25. Unlocks: 10^20 to Bob, 10^25 to Alice.",
            secrets: registered((1, 60), (2, 60)),
            body: .channel(
                party(alice, deposit: dec("1000000000000000000000000000000"), withdrawn: dec("100000000000000000000000000000"),
                      transferred: dec("10000000000000000000000000000000000000000"), locks: [lock(dec("100000000000000000000"), secret: 1)]),
                party(bob, deposit: dec("10000000000000000000000000000000"),
                      transferred: dec("10000000001000000000000000000000000000000"), locks: [lock(dec("10000000000000000000000000"), secret: 2)]),
                settles(dec("1899999999900000000000000000000"), dec("8999990000000000000000000000000"),
                        dec("100000000000000000000"), dec("10000000000000000000000000"),
                        pays(dec("100000000000000000000"), 0), pays(dec("10000000000000000000000000"), 0)))),
        SettlementCase(
            file: "settle", name: "deposits_past_2_256_minus_1",
            comment: "Alice D 2^256 − 1, Bob D 1: D1 + D2 overflows in getChannelAvailableDeposit and Solidity 0.8 panics. The deposit limits keep a real channel far from this; an implementation of the arithmetic must still refuse it.",
            body: .channel(party(alice, deposit: top()), party(bob, deposit: 1), .reverts(.depositOverflow))),
        SettlementCase(
            file: "settle", name: "deposit_overflow_before_order",
            comment: "Alice D 2^256 − 1 with T 5 as participant1, Bob D 1 with T 0: the order is wrong too (5 > 0), but the total available deposit is computed first, so the revert is the panic, not \"TN: transfers not ordered\".",
            body: .channel(party(alice, deposit: top(), transferred: 5), party(bob, deposit: 1), .reverts(.depositOverflow))),
        SettlementCase(
            file: "settle", name: "withdrawn_past_the_deposits",
            comment: "Alice D 1, Bob D 1 W 3: D1 + D2 − W1 − W2 = 2 − 0 − 3 underflows, a Solidity 0.8 panic (setTotalWithdraw never lets this happen on chain).",
            body: .channel(party(alice, deposit: 1), party(bob, deposit: 1, withdrawn: 3), .reverts(.withdrawUnderflow))),
        SettlementCase(
            file: "settle", name: "withdrawn_past_the_deposits_by_participant1",
            comment: "Alice D 1 W 3 as participant1, Bob D 1: the first subtraction, 2 − 3, already underflows.",
            body: .channel(party(alice, deposit: 1, withdrawn: 3), party(bob, deposit: 1), .reverts(.withdrawUnderflow))),
    ]
}

// MARK: - order.json

extension SettlementCase {
    static let orderCases: [SettlementCase] = [
        SettlementCase(
            file: "order", name: "locked_amounts_count",
            comment: "The order compares transferred + locked. Alice (D 100) paid Bob 10; Bob (D 50) paid Alice 5 and has a lock of 6 to her, revealed in time: Alice 10 < Bob 11, so Alice goes first although she transferred more. TAD = 150; R1 = (11 − 10) + 100 = 101, R2 = 49; SL2 = min(101, 6) = 6, S1 = 95 to Alice; SL1 = 0, S2 = 49 to Bob. Unlock: 6 to Alice, 101 = 100 − 10 + 5 + 6.",
            secrets: registered((1, 60)),
            body: .channel(
                party(alice, deposit: 100, transferred: 10), party(bob, deposit: 50, transferred: 5, locks: [lock(6, secret: 1)]),
                settles(95, 49, 0, 6, pays(6, 0)))),
        SettlementCase(
            file: "order", name: "locked_amounts_count_reversed",
            comment: "The same channel with Bob (5 + 6 = 11) as participant1 and Alice (10) as participant2: 11 > 10, \"TN: transfers not ordered\".",
            secrets: registered((1, 60)),
            body: .channel(
                party(bob, deposit: 50, transferred: 5, locks: [lock(6, secret: 1)]), party(alice, deposit: 100, transferred: 10),
                .reverts(.transfersNotOrdered))),
        SettlementCase(
            file: "order", name: "larger_sum_first",
            comment: "Alice (D 100, T 30) as participant1 and Bob (D 50, T 5) as participant2: 30 > 5, \"TN: transfers not ordered\" (settle.json both_ways is the accepted order).",
            body: .channel(party(alice, deposit: 100, transferred: 30), party(bob, deposit: 50, transferred: 5), .reverts(.transfersNotOrdered))),
        SettlementCase(
            file: "order", name: "tie_alice_first", flags: [.participantOrder],
            comment: "Alice D 20 W 3 T 7 with a lock of 3; Bob D 30 W 4 T 5 with a lock of 5; both revealed in time. 7 + 3 = 5 + 5: the contract takes either order (the client puts itself first). Alice first: TAD = 50 − 7 = 43; R1 = 0 + 20 − 3 = 17, R2 = 26; SL2 = min(17, 5) = 5, S1 = 12; SL1 = min(26, 3) = 3, S2 = 23. Unlocks: 3 to Bob, 5 to Alice. Alice 17, Bob 26 in either order.",
            secrets: registered((1, 60), (2, 60)),
            body: .channel(
                party(alice, deposit: 20, withdrawn: 3, transferred: 7, locks: [lock(3, secret: 1)]),
                party(bob, deposit: 30, withdrawn: 4, transferred: 5, locks: [lock(5, secret: 2)]),
                settles(12, 23, 3, 5, pays(3, 0), pays(5, 0)))),
        SettlementCase(
            file: "order", name: "tie_bob_first", flags: [.participantOrder],
            comment: "The same tie with Bob first: R1 = 0 + 30 − 4 = 26, R2 = 17; SL2 = min(26, 3) = 3, S1 = 23 to Bob; SL1 = min(17, 5) = 5, S2 = 12 to Alice. Unlocks: 5 to Alice, 3 to Bob: the same 17 and 26.",
            secrets: registered((1, 60), (2, 60)),
            body: .channel(
                party(bob, deposit: 30, withdrawn: 4, transferred: 5, locks: [lock(5, secret: 2)]),
                party(alice, deposit: 20, withdrawn: 3, transferred: 7, locks: [lock(3, secret: 1)]),
                settles(23, 12, 5, 3, pays(5, 0), pays(3, 0)))),
        SettlementCase(
            file: "order", name: "saturated_sums_smaller_exact_first", flags: [.participantOrder, .overflow, .invalidBalanceProof],
            comment: "M = 2^256 − 1. Alice D 7 W 1 T M, locked 5; Bob D 11 W 4 T M − 1, locked 9; no secret registered. The exact sums M + 5 < M + 8 put Alice first, as the client does; on chain both saturate to M, a tie. TAD = 18 − 5 = 13; R1 = sat(0 + 7) − 1 = 6, R2 = 7; SL2 = min(6, 9) = 6, S1 = 0; SL1 = min(7, 5) = 5, S2 = 2. Unlocks return 5 to Alice and 6 to Bob: Alice 5, Bob 8.",
            body: .channel(
                party(alice, deposit: 7, withdrawn: 1, transferred: top(), locks: [lock(5, secret: 1)]),
                party(bob, deposit: 11, withdrawn: 4, transferred: top(1), locks: [lock(9, secret: 2)]),
                settles(0, 2, 5, 6, pays(0, 5), pays(0, 6)))),
        SettlementCase(
            file: "order", name: "saturated_sums_larger_exact_first", flags: [.participantOrder, .overflow, .invalidBalanceProof],
            comment: "The same channel with Bob (exact sum M + 8) first: the contract compares the saturated sums, M = M, and accepts. R1 = sat(0 + 11) − 4 = 7, R2 = 6; SL2 = min(7, 5) = 5, S1 = 2 to Bob; SL1 = min(6, 9) = 6, S2 = 0 to Alice. Unlocks return 6 to Bob and 5 to Alice: the same 5 and 8.",
            body: .channel(
                party(bob, deposit: 11, withdrawn: 4, transferred: top(1), locks: [lock(9, secret: 2)]),
                party(alice, deposit: 7, withdrawn: 1, transferred: top(), locks: [lock(5, secret: 1)]),
                settles(2, 0, 6, 5, pays(0, 6), pays(0, 5)))),
        SettlementCase(
            file: "order", name: "one_sum_saturated_first", flags: [.invalidBalanceProof],
            comment: "M = 2^256 − 1. Bob D 11 W 4 T M with a lock of 1 as participant1, Alice D 7 W 1 T 3 with a lock of 2 as participant2: sat(M + 1) = M > 5, \"TN: transfers not ordered\".",
            body: .channel(
                party(bob, deposit: 11, withdrawn: 4, transferred: top(), locks: [lock(1, secret: 2)]),
                party(alice, deposit: 7, withdrawn: 1, transferred: 3, locks: [lock(2, secret: 1)]),
                .reverts(.transfersNotOrdered))),
        SettlementCase(
            file: "order", name: "one_sum_saturated_second", flags: [.overflow, .invalidBalanceProof],
            comment: "The same channel in the accepted order, Bob's secret registered in time. TAD = 18 − 5 = 13; R1 = sat((M − 5) + 7) = M, floored M − 1, min(M − 1, 13) = 13; R2 = 0; SL2 = min(13, 1) = 1, S1 = 12 to Alice; SL1 = min(0, 2) = 0, S2 = 0. Unlock of Bob's 1: to Alice, who gets all 13.",
            secrets: registered((2, 60)),
            body: .channel(
                party(alice, deposit: 7, withdrawn: 1, transferred: 3, locks: [lock(2, secret: 1)]),
                party(bob, deposit: 11, withdrawn: 4, transferred: top(), locks: [lock(1, secret: 2)]),
                settles(12, 0, 0, 1, pays(1, 0)))),
    ]
}

// MARK: - attacks.json

extension SettlementCase {
    /// Old balance proofs against the latest ones of the worked example (Alice 41, Bob 19): the
    /// submitter of an old proof must not get more than with the latest (raiden-contracts#188).
    static let attackCases: [SettlementCase] = [
        SettlementCase(
            file: "attacks", name: "closer_omits_the_partners_proof", source: .fixture("channel_settle_test_values[0].old_last[0]"),
            flags: [.oldBalanceProof],
            comment: "Bob closes without Alice's proof (T 0, L 0 for her); his own is the latest. Alice first (0 < 20036). TAD 60; R1 = sat(20036 + 35) − 5 = 20066, min 60; R2 = 0; SL2 = min(60, 6) = 6, S1 = 54; S2 = 0. Unlock of Bob's 6: 4 to Alice, 2 back. Alice 58 ≥ 41, Bob 2 ≤ 19: the omission costs Bob.",
            secrets: fixtureSecrets,
            body: .channel(party(alice, deposit: 35, withdrawn: 5), latestBob, settles(54, 0, 0, 6, pays(4, 2)))),
        SettlementCase(
            file: "attacks", name: "old_proof_smaller_transferred", source: .fixture("channel_settle_test_values[0].old_last[1]"),
            flags: [.oldBalanceProof],
            comment: "Bob submits Alice's older proof T 10000 with locks 3 (in time) and 1. Alice first (10004 < 20036). R1 = 10032 + 30, min 60; R2 = 0; SL2 = 6, S1 = 54; SL1 = min(0, 4) = 0, S2 = 0. Unlock of Bob's 6: 4 to Alice, 2 back. Alice 58, Bob 2.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 10000, claimable: 3, unclaimable: 1, secret: 1), latestBob,
                settles(54, 0, 0, 6, pays(4, 2)))),
        SettlementCase(
            file: "attacks", name: "old_proof_smaller_claimable", source: .fixture("channel_settle_test_values[0].old_last[2]"),
            flags: [.oldBalanceProof],
            comment: "Bob submits Alice's proof T 20020 with only the lock of 1 (never revealed). Alice first (20021 < 20036). R1 = 15 + 30 = 45, R2 = 15; SL2 = 6, S1 = 39; SL1 = min(15, 1) = 1, S2 = 14. Unlocks: Alice's 1 back to her; Bob's 6 → 4 to Alice, 2 back. Alice 44 ≥ 41, Bob 16 ≤ 19.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 20020, unclaimable: 1, secret: 1), latestBob,
                settles(39, 14, 1, 6, pays(0, 1), pays(4, 2)))),
        SettlementCase(
            file: "attacks", name: "old_proof_larger_unclaimable", source: .fixture("channel_settle_test_values[0].old_last[7]"),
            flags: [.oldBalanceProof],
            comment: "Bob submits Alice's proof T 20020 with locks 3 (in time) and 12 (never; expired locks removed later). Alice first (20035 < 20036). R1 = 1 + 30 = 31, R2 = 29; SL2 = 6, S1 = 25; SL1 = min(29, 15) = 15, S2 = 14. Unlocks: Alice's 15 → 3 to Bob, 12 back; Bob's 6 → 4 to Alice, 2 back. Alice 41, Bob 19: as with the latest.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 20020, claimable: 3, unclaimable: 12, secret: 1), latestBob,
                settles(25, 14, 15, 6, pays(3, 12), pays(4, 2)))),
        SettlementCase(
            file: "attacks", name: "old_proof_larger_claimable", source: .fixture("channel_settle_test_values[0].old_last[8]"),
            flags: [.oldBalanceProof],
            comment: "Bob submits Alice's proof T 10020 with locks 17 (revealed in time, later paid off-chain) and 1. Alice first (10038 < 20036). R1 = 9998 + 30, min 60; R2 = 0; SL2 = 6, S1 = 54; SL1 = 0, S2 = 0. Unlock of Bob's 6: 4 to Alice, 2 back. Alice 58, Bob 2.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 10020, claimable: 17, unclaimable: 1, secret: 1), latestBob,
                settles(54, 0, 0, 6, pays(4, 2)))),
        SettlementCase(
            file: "attacks", name: "old_partner_proof_smaller_transferred", source: .fixture("channel_settle_test_values[0].last_old[0]"),
            flags: [.oldBalanceProof],
            comment: "Alice submits Bob's older proof T 20020 with locks 4 (in time) and 2. Alice first (20024 < 20026). R1 = 2 + 30 = 32, R2 = 28; SL2 = min(32, 6) = 6, S1 = 26; SL1 = min(28, 4) = 4, S2 = 24. Unlocks: Alice's 4 → 3 to Bob, 1 back; Bob's 6 → 4 to Alice, 2 back. Alice 31 ≤ 41, Bob 29 ≥ 19.",
            secrets: fixtureSecrets,
            body: .channel(
                latestAlice, fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: 20020, claimable: 4, unclaimable: 2, secret: 3),
                settles(26, 24, 4, 6, pays(3, 1), pays(4, 2)))),
        SettlementCase(
            file: "attacks", name: "old_partner_proof_same_transferred_plus_claimable", source: .fixture("channel_settle_test_values[0].last_old[5]"),
            flags: [.oldBalanceProof],
            comment: "Alice submits Bob's proof T 19994 with locks 40 (in time) and 2: T + claimable = 20034, as in the latest. Alice first (20024 < 20036). R1 = 12 + 30 = 42, R2 = 18; SL2 = min(42, 42) = 42, S1 = 0; SL1 = min(18, 4) = 4, S2 = 14. Unlocks: Alice's 4 → 3 to Bob, 1 back; Bob's 42 → 40 to Alice, 2 back. Alice 41, Bob 19: as with the latest.",
            secrets: fixtureSecrets,
            body: .channel(
                latestAlice, fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: 19994, claimable: 40, unclaimable: 2, secret: 3),
                settles(0, 14, 4, 42, pays(3, 1), pays(40, 2)))),
        SettlementCase(
            file: "attacks", name: "old_partner_proof_larger_claimable", source: .fixture("channel_settle_test_values[0].last_old[7]"),
            flags: [.oldBalanceProof],
            comment: "Alice submits Bob's proof T 19990 with locks 40 (in time) and 2. Alice first (20024 < 20032). R1 = 8 + 30 = 38, R2 = 22; SL2 = min(38, 42) = 38, S1 = 0; SL1 = min(22, 4) = 4, S2 = 18. Unlocks: Alice's 4 → 3 to Bob, 1 back; Bob's 38 → min(40, 38) = 38 to Alice. Alice 39 ≤ 41, Bob 21 ≥ 19.",
            secrets: fixtureSecrets,
            body: .channel(
                latestAlice, fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: 19990, claimable: 40, unclaimable: 2, secret: 3),
                settles(0, 18, 4, 38, pays(3, 1), pays(38, 0)))),
        SettlementCase(
            file: "attacks", name: "issue_188_latest_proofs",
            comment: "raiden-contracts#188, attack [1] case b, honestly settled. Bob (D 2) locked 1 (A, secret 1) and 1 (B, secret 2) to Alice (D 0) and paid A off-chain (T 1); Alice registered A's secret in time anyway and locked 1 (C, secret 4) to Bob. B and C never pay. Latest: Alice T 0 L 1, Bob T 1 L 1; Alice first (1 < 2). TAD 2; R1 = (2 − 1) + 0 = 1, R2 = 1; SL2 = min(1, 1) = 1, S1 = 0; SL1 = min(1, 1) = 1, S2 = 0. Unlocks return C to Alice and B to Bob: 1 and 1.",
            secrets: registered((1, 60)),
            body: .channel(
                party(alice, deposit: 0, locks: [lock(1, secret: 4)]), party(bob, deposit: 2, transferred: 1, locks: [lock(1, secret: 2)]),
                settles(0, 0, 1, 1, pays(0, 1), pays(0, 1)))),
        SettlementCase(
            file: "attacks", name: "issue_188_old_proof_pays_its_submitter_more", flags: [.oldBalanceProof],
            comment: "raiden-contracts#188, attack [1] case b: Alice closes with Bob's older proof T 0 L 2 (locks A and B), where A, paid off-chain since, has its secret registered in time. Alice first (1 < 2). TAD 2; R1 = 1, R2 = 1; SL2 = min(1, 2) = 1, S1 = 0; SL1 = 1, S2 = 0. Unlocks: Alice's 1 (C) back to her; Bob's 1 → A pays 1 to Alice. Alice 2, Bob 0: the old proof pays its submitter 1 more than the latest (SL2 = min(RmaxP1, L2) counts A a second time), a case the contract does not prevent.",
            secrets: registered((1, 60)),
            body: .channel(
                party(alice, deposit: 0, locks: [lock(1, secret: 4)]), party(bob, deposit: 2, locks: [lock(1, secret: 1), lock(1, secret: 2)]),
                settles(0, 0, 1, 1, pays(0, 1), pays(1, 0)))),
        SettlementCase(
            file: "attacks", name: "locked_amounts_beyond_the_deposits", source: .fixture("channel_settle_invalid_test_values[0]"),
            flags: [.invalidBalanceProof],
            comment: "Proofs no client signs: Alice D 35 W 5 T 20020 locked 30000000 (in time) + 10000000; Bob D 40 W 10 T 20030 locked 10000000 (in time) + 40000000. Alice first (40020020 < 50020030). TAD 60; R1 = 10000010 + 30, min 60; R2 = 0; SL2 = min(60, 50000000) = 60, S1 = 0; SL1 = 0, S2 = 0. Unlock of Bob's 60: his paying lock is 10000000, min(10000000, 60) = 60 to Alice. No more than the 60 available leave the contract.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 20020, claimable: 30_000_000, unclaimable: 10_000_000, secret: 1),
                fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: 20030, claimable: 10_000_000, unclaimable: 40_000_000, secret: 3),
                settles(0, 0, 0, 60, pays(60, 0)))),
        SettlementCase(
            file: "attacks", name: "transferred_amounts_near_2_256", source: .fixture("channel_settle_invalid_test_values[5]"),
            flags: [.overflow, .invalidBalanceProof],
            comment: "M = 2^256 − 1. Alice D 35 W 5 T M − 15, locks 3 (in time) + 1; Bob D 40 W 10 T M − 5, locks 5 (in time) + 1. Alice first: sat(M − 11) < sat(M + 1) = M. TAD 60; R1 = sat(11 + 35) − 5 = 41, R2 = 19; SL2 = min(41, 6) = 6, S1 = 35; SL1 = min(19, 4) = 4, S2 = 15. Unlocks: Alice's 4 → 3 to Bob, 1 back; Bob's 6 → 5 to Alice, 1 back. Alice 41, Bob 19.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: top(15), claimable: 3, unclaimable: 1, secret: 1),
                fixtureParty(bob, deposit: 40, withdrawn: 10, transferred: top(5), claimable: 5, unclaimable: 1, secret: 3),
                settles(35, 15, 4, 6, pays(3, 1), pays(5, 1)))),
        SettlementCase(
            file: "attacks", name: "partner_transferred_near_2_256", source: .fixture("channel_settle_invalid_test_values[9]"),
            flags: [.overflow, .invalidBalanceProof],
            comment: "M = 2^256 − 1. Alice D 35 W 5 T 20 with locks 200 (in time) + 200000; Bob D 40 W 10 T M − 5. Alice first. TAD 60; R1 = (M − 5 − 200220) + 35 − 5, min 60; R2 = 0; SL2 = 0, S1 = 60; SL1 = min(0, 200200) = 0, S2 = 0: Alice gets all 60, nothing is kept for unlock.",
            secrets: fixtureSecrets,
            body: .channel(
                fixtureParty(alice, deposit: 35, withdrawn: 5, transferred: 20, claimable: 200, unclaimable: 200_000, secret: 1),
                party(bob, deposit: 40, withdrawn: 10, transferred: top(5)),
                settles(60, 0, 0, 0))),
        SettlementCase(
            file: "attacks", name: "locksroot_no_locks_hash_to", flags: [.invalidBalanceProof],
            comment: "Bob (D 50) signed a proof T 0 L 10 whose locksroot (0x11…11) is the hash of no list of locks; Alice (D 50) closes with it and holds his lock of 10, revealed in time. Alice first (0 < 10). TAD 100; R1 = 10 + 50 = 60, R2 = 40; SL2 = min(60, 10) = 10, S1 = 50; S2 = 40. Unlock of Bob's 10: keccak of his locks is not the stored locksroot, \"TN/unlock: locksroot mismatch\", on every call: the 10 stay in the contract.",
            secrets: registered((1, 60)),
            body: .channel(
                party(alice, deposit: 50),
                party(bob, deposit: 50, locks: [lock(10, secret: 1)], locksroot: Hash32(words: (0x1111_1111_1111_1111, 0x1111_1111_1111_1111, 0x1111_1111_1111_1111, 0x1111_1111_1111_1111))),
                settles(50, 40, 0, 10, .reverts(.locksrootMismatch)))),
        SettlementCase(
            file: "attacks", name: "paying_locks_past_2_256", flags: [.invalidBalanceProof],
            comment: "M = 2^256 − 1. Alice (D 10) signed a proof L 4 over locks of M and 1, both revealed in time; Bob (D 10) paid her 4. Tie at 4, Alice first. TAD 20; R1 = 0 + 10 = 10, R2 = 10; SL2 = 0, S1 = 10; SL1 = min(10, 4) = 4, S2 = 6. Unlock of Alice's 4: M + 1 overflows the sum of paying locks, a Solidity 0.8 panic on every call: the 4 stay in the contract.",
            secrets: registered((1, 60), (2, 60)),
            body: .channel(
                party(alice, deposit: 10, locks: [lock(top(), secret: 1), lock(1, secret: 2)], locked: 4),
                party(bob, deposit: 10, transferred: 4),
                settles(10, 6, 4, 0, .reverts(.unlockedAmountOverflow)))),
    ]
}

// MARK: - unlock.json

extension SettlementCase {
    private static func unlockCase(
        _ name: String, _ comment: String, flags: [VectorFlag] = [], secrets: [(secrethash: Hash32, block: UInt64)] = [],
        locks: [Lock], lockedAmount: UInt256, locksroot: Hash32? = nil, _ expect: UnlockExpectation
    ) -> SettlementCase {
        SettlementCase(
            file: "unlock", name: name, flags: flags, comment: comment, secrets: secrets,
            body: .unlock(locks: locks, lockedAmount: lockedAmount, locksroot: locksroot ?? Settlement.locksroot(locks), expect))
    }

    private static let lockA = lock(10, secret: 1), lockB = lock(20, secret: 2)

    static let unlockCases: [SettlementCase] = [
        unlockCase("registered_before_expiration", "One lock of 10 expiring at 100, its secret registered at 99; 10 stored: 10 to the receiver.",
                   secrets: registered((1, 99)), locks: [lockA], lockedAmount: 10, pays(10, 0)),
        unlockCase("registered_at_expiration", "The secret registered at 100, the expiration block: not paid (reveal block < expiration is required), 10 back to the sender.",
                   flags: [.lateSecret], secrets: registered((1, 100)), locks: [lockA], lockedAmount: 10, pays(0, 10)),
        unlockCase("registered_after_expiration", "The secret registered at 150, after the expiration: 10 back to the sender.",
                   flags: [.lateSecret], secrets: registered((1, 150)), locks: [lockA], lockedAmount: 10, pays(0, 10)),
        unlockCase("never_registered", "The secret never registered (the registry answers 0): 10 back to the sender.",
                   locks: [lockA], lockedAmount: 10, pays(0, 10)),
        unlockCase("mixed_locks", "Locks 10 (exp 100, secret at 50), 20 (exp 100, secret at 100), 30 (exp 120, secret at 119) and 40 (never); 100 stored: 10 + 30 = 40 to the receiver, 60 back.",
                   flags: [.lateSecret], secrets: registered((1, 50), (2, 100), (3, 119)),
                   locks: [lockA, lockB, lock(30, secret: 3, expiration: 120), lock(40, secret: 4)], lockedAmount: 100, pays(40, 60)),
        unlockCase("at_most_the_stored_amount", "Locks 30 and 20, both revealed in time, but settle kept only 35 (capped by what the receiver could get): min(50, 35) = 35 to the receiver, 0 back.",
                   secrets: registered((1, 60), (2, 60)), locks: [lock(30, secret: 1), lock(20, secret: 2)], lockedAmount: 35, pays(35, 0)),
        unlockCase("expiration_near_2_256", "A lock of 10 expiring at block 2^256 − 1, its secret registered at 60: 60 < 2^256 − 1, 10 to the receiver (the expiration is a u256).",
                   flags: [.overflow], secrets: registered((1, 60)), locks: [lock(10, secret: 1, expiration: top())], lockedAmount: 10, pays(10, 0)),
        unlockCase("a_lock_listed_twice", "The same lock of 10 twice in the list (a proof no client signs), revealed in time, 15 stored: each copy counts, min(20, 15) = 15 to the receiver.",
                   flags: [.invalidBalanceProof], secrets: registered((1, 60)), locks: [lockA, lockA], lockedAmount: 15, pays(15, 0)),
        unlockCase("locked_amount_without_locks", "Settle stored 5 with the locksroot of no locks (a proof no client signs): the empty list matches, nothing pays, 5 back to the sender.",
                   flags: [.invalidBalanceProof], locks: [], lockedAmount: 5, pays(0, 5)),
        unlockCase("locks_in_another_order", "The locks 10 and 20 in the opposite order of the stored locksroot: keccak differs, \"TN/unlock: locksroot mismatch\".",
                   secrets: registered((1, 60)), locks: [lockB, lockA], lockedAmount: 30, locksroot: Settlement.locksroot([lockA, lockB]), .reverts(.locksrootMismatch)),
        unlockCase("a_lock_left_out", "Only the lock of 10 of the stored pair 10, 20: \"TN/unlock: locksroot mismatch\".",
                   secrets: registered((1, 60)), locks: [lockA], lockedAmount: 30, locksroot: Settlement.locksroot([lockA, lockB]), .reverts(.locksrootMismatch)),
        unlockCase("nothing_stored", "A direction settle kept nothing for: nothing is stored (zero locksroot, 0), so even the empty list mismatches; the locksroot is checked before the amount.",
                   locks: [], lockedAmount: 0, locksroot: .zero, .reverts(.locksrootMismatch)),
        unlockCase("nothing_stored_with_locks", "A lock of 10, revealed in time, against a direction settle kept nothing for: \"TN/unlock: locksroot mismatch\".",
                   secrets: registered((1, 60)), locks: [lockA], lockedAmount: 0, locksroot: .zero, .reverts(.locksrootMismatch)),
        unlockCase("zero_locked_amount", "The stored locksroot matches the locks but the stored amount is 0: \"TN/unlock: zero locked amount\". Settle never stores this pair, so on chain the locksroot check fails first; an unlock over stored data must still check both, in this order.",
                   secrets: registered((1, 60)), locks: [lockA], lockedAmount: 0, .reverts(.zeroLockedAmount)),
        unlockCase("paying_locks_past_2_256", "Locks of 2^256 − 1 and 1, both revealed in time, 5 stored: summing the paying locks overflows, a Solidity 0.8 panic.",
                   secrets: registered((1, 60), (2, 60)), locks: [lock(top(), secret: 1), lock(1, secret: 2)], lockedAmount: 5, .reverts(.unlockedAmountOverflow)),
        unlockCase("overflow_before_the_locksroot", "The same locks against a stored zero locksroot: the sum is taken before the locksroot is compared, so the panic comes first.",
                   secrets: registered((1, 60), (2, 60)), locks: [lock(top(), secret: 1), lock(1, secret: 2)], lockedAmount: 5, locksroot: .zero,
                   .reverts(.unlockedAmountOverflow)),
        unlockCase("only_paying_locks_are_summed", "Locks of 2^256 − 1 (revealed in time) and 1 (never): only paying locks are summed, no overflow; min(2^256 − 1, 5) = 5 to the receiver.",
                   flags: [.overflow], secrets: registered((1, 60)), locks: [lock(top(), secret: 1), lock(1, secret: 2)], lockedAmount: 5, pays(5, 0)),
    ]

    /// Every case, file by file in the order the suite writes them.
    static let all: [SettlementCase] = settleCases + orderCases + attackCases + unlockCases
}
