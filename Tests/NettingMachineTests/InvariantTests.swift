import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

/// `Invariants.check` catches each broken invariant: starting from a valid state (Bob holds a
/// lock from Alice), one field is corrupted the way a buggy implementation might, and the
/// named invariant (Raiden's `channel.sanity_check` clause, spec/channel.yaml) must be reported.
@Suite struct InvariantTests {
    static let valid: ChannelState = Fx.bobHoldsLock().0.bob

    static func violated(_ corrupt: (inout ChannelState) -> Void) -> Set<InvariantName> {
        var s = valid
        corrupt(&s)
        return Set(Invariants.check(s).map(\.invariant))
    }

    @Test func theStartingStateIsValid() {
        #expect(Invariants.check(Self.valid) == [])
        #expect(Self.valid.partnerState.pendingLocks.count == 1)
    }

    @Test func aLockMissingFromTheBalanceProofIsCaught() {
        let extra = Lock(amount: 3, expiration: 99, secrethash: Fx.secrethash(9))
        let v = Self.violated { $0.partnerState.pendingLocks.append(extra); $0.partnerState.secrethashesToLockedlocks.append(extra) }
        #expect(v.contains(.lockedMatchesBalanceProof))
        #expect(v.contains(.locksrootMatchesPendingLocks))
    }

    @Test func aWrongLocksrootIsCaught() {
        #expect(Self.violated { $0.partnerState.balanceProof!.locksroot = .zero }.contains(.locksrootMatchesPendingLocks))
    }

    @Test func aMappedLockThatIsNotPendingIsCaught() {
        let stray = Lock(amount: 1, expiration: 99, secrethash: Fx.secrethash(8))
        #expect(Self.violated { $0.partnerState.secrethashesToLockedlocks.append(stray) }.contains(.lockMapsWithinPendingLocks))
    }

    @Test func aNegativeBalanceIsCaught() {
        // The partner claims to have transferred more than the whole channel holds.
        let v = Self.violated { $0.partnerState.balanceProof!.transferredAmount = 5_000 }
        #expect(v.contains(.balancesNonNegative))
    }

    @Test func moreThan160PendingLocksIsCaught() {
        let v = Self.violated { s in
            let locks = (0..<161).map { Lock(amount: 0, expiration: 99, secrethash: Fx.secrethash(100 + UInt64($0))) }
            s.partnerState.pendingLocks = locks
            s.partnerState.balanceProof!.locksroot = Lock.locksroot(locks)
        }
        #expect(v.contains(.pendingLocksLimit))
    }

    @Test func pendingWithdrawsOutOfOrderAreCaught() {
        let v = Self.violated {
            $0.ourState.withdrawsPending = [
                PendingWithdraw(totalWithdraw: 20, expiration: 99, nonce: 1), PendingWithdraw(totalWithdraw: 10, expiration: 99, nonce: 2),
            ]
        }
        #expect(v.contains(.withdrawsPendingOrdered))
    }
}
