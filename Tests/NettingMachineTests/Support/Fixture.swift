import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors
import Testing

/// The situations of NettingVectors (Situations), with the tests' own checks: every input the
/// tests drive through `accept` is checked with `#expect` (declared outputs, invariants), and a
/// prepared situation that breaks records an issue where the test asked for it.
typealias Pair = Situations.Pair

enum Fx {
    static var aliceKey: PrivateKey { Situations.aliceKey }
    static var bobKey: PrivateKey { Situations.bobKey }
    static var malloryKey: PrivateKey { Situations.malloryKey }
    static var alice: Address { Situations.alice }
    static var bob: Address { Situations.bob }
    static var tokenNetwork: Address { Situations.tokenNetwork }
    static var token: Address { Situations.token }
    static var id: CanonicalIdentifier { Situations.id }
    static var reveal: UInt64 { Situations.reveal }
    static var settle: UInt64 { Situations.settle }
    static var start: UInt64 { Situations.start }

    static func secret(_ n: UInt64) -> Hash32 { Situations.secret(n) }
    static func secrethash(_ n: UInt64) -> Hash32 { Situations.secrethash(n) }

    /// A prepared situation, or an issue recorded at the caller's line (and the test stops).
    static func must<T>(_ build: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> T {
        do { return try build() } catch {
            Issue.record("the situation broke: \(error)", sourceLocation: sourceLocation)
            fatalError("the situation broke: \(error)")
        }
    }

    /// Both sides see the channel opened at block `start` with these deposits.
    static func opened(alice a: UInt256 = 1000, bob b: UInt256 = 1000, verify: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) -> Pair {
        must({ try Situations.opened(alice: a, bob: b, verify: verify) }, sourceLocation: sourceLocation)
    }

    /// Applies an input that must be accepted, checking every invariant and the declared outputs.
    @discardableResult
    static func accept(_ s: ChannelState, _ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> ChannelState {
        accepting(s, input, sourceLocation: sourceLocation).state
    }

    static func accepting(_ s: ChannelState, _ input: Input, sourceLocation: SourceLocation = #_sourceLocation) -> Step {
        let step = Declared.step(s, input, sourceLocation: sourceLocation)
        #expect(step.rejection == nil, "unexpected rejection \(String(describing: step.rejection))")
        #expect(Invariants.check(step.state) == [])
        #expect(Invariants.checkStep(s, step.state) == [])
        return step
    }

    /// The input the recipient sees for one of `key`'s Send* outputs (signed), or nil.
    static func received(_ output: Output, signedBy key: PrivateKey) -> Input? { Situations.received(output, signedBy: key) }

    static func pay(_ amount: UInt256, secret n: UInt64, lockTimeout: UInt64? = nil, target: Address = Situations.bob) -> Input {
        Situations.pay(amount, secret: n, lockTimeout: lockTimeout, target: target)
    }

    static func block(_ n: UInt64) -> Input { Situations.block(n) }

    // MARK: Prepared situations (Situations), checked at the caller's line

    static func aliceSends(_ p: Pair, _ amount: UInt256 = 10, secret n: UInt64 = 1, lockTimeout: UInt64? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> (Pair, LockedTransfer) {
        must({ try Situations.aliceSends(p, amount, secret: n, lockTimeout: lockTimeout) }, sourceLocation: sourceLocation)
    }

    static func bobHoldsLock(_ p: Pair? = nil, _ amount: UInt256 = 10, secret n: UInt64 = 1, sourceLocation: SourceLocation = #_sourceLocation) -> (Pair, LockedTransfer) {
        must({ try Situations.bobHoldsLock(p, amount, secret: n) }, sourceLocation: sourceLocation)
    }

    static func aliceUnlocks(_ p: Pair, secret n: UInt64 = 1, sourceLocation: SourceLocation = #_sourceLocation) -> (Pair, Unlock) {
        must({ try Situations.aliceUnlocks(p, secret: n) }, sourceLocation: sourceLocation)
    }

    static func aliceExpires(_ p: Pair, secret n: UInt64 = 1, expiration: UInt256, sourceLocation: SourceLocation = #_sourceLocation) -> (Pair, LockExpired) {
        must({ try Situations.aliceExpires(p, secret: n, expiration: expiration) }, sourceLocation: sourceLocation)
    }

    static func bobRequestsWithdraw(_ p: Pair? = nil, total: UInt256 = 100, sourceLocation: SourceLocation = #_sourceLocation) -> (Pair, WithdrawRequest) {
        must({ try Situations.bobRequestsWithdraw(p, total: total) }, sourceLocation: sourceLocation)
    }
}

extension Input {
    static func fromAlice(_ m: LockedTransfer, key: PrivateKey = Fx.aliceKey) -> Input { Situations.fromAlice(m, key: key) }
    static func fromAlice(_ m: Unlock, key: PrivateKey = Fx.aliceKey) -> Input { Situations.fromAlice(m, key: key) }
    static func fromAlice(_ m: LockExpired, key: PrivateKey = Fx.aliceKey) -> Input { Situations.fromAlice(m, key: key) }
    static func fromBob(_ m: WithdrawRequest, sender: Address = Fx.bob, key: PrivateKey = Fx.bobKey) -> Input { Situations.fromBob(m, sender: sender, key: key) }
}
