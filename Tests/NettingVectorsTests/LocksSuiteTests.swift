import NettingCrypto
@testable import NettingVectors
import Testing

/// The locks suite: NettingKit passes every case, and a port that packs a lock in JSON key
/// order, sorts its locks or forgets the balance hash's special case is caught where it differs.
@Suite struct LocksSuiteTests {
    @Test func nettingKitPassesEveryLocksCase() throws {
        let report = CryptoSuiteTests.run(NettingKitImplementation())
        let ids = try CryptoSuiteTests.listed(LocksSuite.name)
        #expect(ids.count >= 15)
        #expect(CryptoSuiteTests.failures(report, LocksSuite.name) == [:])
        #expect(ids.isSubset(of: Set(report.passed)))
    }

    /// NettingKit with one bug planted.
    struct Planted: LocksImplementation {
        enum Bug { case amountFirst, sortedLocks, noSpecialCase, specialCaseOnZeroLocksroot }
        let bug: Bug
        let kit = NettingKitImplementation()

        func encode(lock: VectorLock) -> [UInt8] {
            bug == .amountFirst ? lock.amount + lock.expiration + lock.secrethash : kit.encode(lock: lock)
        }

        func locksroot(_ locks: [VectorLock]) -> [UInt8] {
            kit.locksroot(bug == .sortedLocks ? locks.sorted { $0.secrethash.lexicographicallyPrecedes($1.secrethash) } : locks)
        }

        func balanceHash(transferredAmount: [UInt8], lockedAmount: [UInt8], locksroot: [UInt8]) -> [UInt8] {
            let zero = [UInt8](repeating: 0, count: 32)
            switch bug {
            case .noSpecialCase: return Keccak256.hash(transferredAmount + lockedAmount + locksroot).bytes
            case .specialCaseOnZeroLocksroot:  // EMPTY_LOCKSROOT taken for LOCKSROOT_OF_NO_LOCKS
                if transferredAmount == zero && lockedAmount == zero && locksroot == zero { return zero }
                return Keccak256.hash(transferredAmount + lockedAmount + locksroot).bytes
            default: return kit.balanceHash(transferredAmount: transferredAmount, lockedAmount: lockedAmount, locksroot: locksroot)
            }
        }
    }

    static func failures(_ bug: Planted.Bug) -> [String: String] {
        CryptoSuiteTests.failures(CryptoSuiteTests.run(Planted(bug: bug)), LocksSuite.name)
    }

    @Test func aLockPackedInJSONKeyOrderIsCaught() {
        let failures = Self.failures(.amountFirst)
        #expect(failures["locks.encoding.small"] == "encoded")
        #expect(failures["locks.locksroot.one"] == "packed")
        #expect(failures["locks.encoding.zero"] == nil, "amount and expiration are both 0")
        #expect(failures["locks.locksroot.none"] == nil)
    }

    /// Sorting makes the locksroot independent of the order: one of the two orders is caught.
    @Test func sortedLocksAreCaughtByTheOrderCases() {
        let failures = Self.failures(.sortedLocks)
        #expect([failures["locks.locksroot.two"], failures["locks.locksroot.two_reversed"]].contains("locksroot"))
        #expect(failures.values.allSatisfy { $0 == "locksroot" })
    }

    @Test func aBalanceHashWithoutItsSpecialCaseFailsExactlyThatCase() {
        #expect(Self.failures(.noSpecialCase) == ["locks.balance_hash.nothing_yet": "balance_hash"])
    }

    @Test func theSpecialCaseOnTheZeroLocksrootIsCaught() {
        let failures = Self.failures(.specialCaseOnZeroLocksroot)
        #expect(failures == ["locks.balance_hash.nothing_yet": "balance_hash", "locks.balance_hash.zero_amounts_zero_locksroot": "balance_hash"])
    }
}
