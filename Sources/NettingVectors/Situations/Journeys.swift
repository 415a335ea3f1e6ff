import NettingCodec
import NettingCrypto
import NettingMachine

/// Honest two-party stories over one channel, each step recorded: the valid transition vectors.
/// Together they take every transition that can succeed and produce every output kind a
/// transition declares (the corpus generator checks this).
public enum Journeys {
    /// One step of one party's machine.
    public struct Step: Sendable {
        public let party: String
        public let pre: ChannelState
        public let input: Input
        public let step: NettingMachine.Step
    }

    /// A journey's steps, in order.
    public final class Log {
        public private(set) var steps: [Step] = []
        var pair: Situations.Pair

        init(_ pair: Situations.Pair) { self.pair = pair }

        /// Feeds `input` to one party; it must be accepted.
        @discardableResult
        func feed(_ party: Party, _ input: Input) throws(SituationError) -> NettingMachine.Step {
            let pre = party == .alice ? pair.alice : pair.bob
            let step = try Situations.take(pre, input)
            steps.append(Step(party: party.rawValue, pre: pre, input: input, step: step))
            if party == .alice { pair.alice = step.state } else { pair.bob = step.state }
            return step
        }

        /// Feeds both parties the same chain event or block.
        func both(_ input: Input) throws(SituationError) {
            try feed(.alice, input)
            try feed(.bob, input)
        }

        /// Delivers every Send* output to the other party, and what that one sends back, until
        /// nothing is in flight.
        func exchange(from party: Party, _ outputs: [Output]) throws(SituationError) {
            var queue = outputs.map { (party, $0) }
            while !queue.isEmpty {
                let (sender, output) = queue.removeFirst()
                guard let input = Situations.received(output, signedBy: sender.key) else { continue }
                let step = try feed(sender.other, input)
                queue += step.outputs.map { (sender.other, $0) }
            }
        }
    }

    public enum Party: String, Sendable {
        case alice, bob
        var key: PrivateKey { self == .alice ? Situations.aliceKey : Situations.bobKey }
        var other: Party { self == .alice ? .bob : .alice }
    }

    /// Every journey by name, in a fixed order (the name is part of each case id).
    public static let all: [(name: String, run: @Sendable () throws(SituationError) -> [Step])] = [
        ("payments_both_ways", paymentsBothWays),
        ("withdraw_cosigned", withdrawCosigned),
        ("withdraw_expires", withdrawExpires),
        ("lock_expires", lockExpires),
        ("two_payments_in_flight", twoPaymentsInFlight),
        ("close_update_settle_unlock", closeUpdateSettleUnlock),
        ("secret_on_chain_pays_the_initiator", secretOnChainPaysTheInitiator),
        ("target_registers_the_secret", targetRegistersTheSecret),
        ("settled_without_locks_and_reopened", settledWithoutLocksAndReopened),
    ]

    static func run(_ pair: Situations.Pair? = nil, _ body: (Log) throws(SituationError) -> Void) throws(SituationError) -> [Step] {
        let start: Situations.Pair
        if let pair { start = pair } else { start = try Situations.opened() }
        let log = Log(start)
        try body(log)
        return log.steps
    }

    /// Alice pays Bob 10 and Bob pays Alice 4, every message delivered and acknowledged; a
    /// transport Delivered and a new reveal timeout on the way.
    static func paymentsBothWays() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            try log.exchange(from: .alice, try log.feed(.alice, Situations.pay(10, secret: 1)).outputs)
            try log.exchange(from: .bob, try log.feed(.bob, Situations.pay(4, secret: 2, target: Situations.alice)).outputs)
            try log.feed(.alice, .receiveDelivered(.init(sender: Situations.bob, message: Delivered(deliveredMessageIdentifier: 1).signed(with: Situations.bobKey))))
            try log.feed(.alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: Situations.id, revealTimeout: 7)))
        }
    }

    /// Bob withdraws 100: Alice co-signs, Bob sends it on chain, both see the ChannelWithdraw.
    static func withdrawCosigned() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            try log.exchange(from: .bob, try log.feed(.bob, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 100))).outputs)
            try log.both(.contractReceiveChannelWithdraw(.init(
                blockNumber: Situations.start + 1, canonicalIdentifier: Situations.id, participant: Situations.bob, totalWithdraw: 100)))
        }
    }

    /// Bob's withdraw request is never confirmed: at its expiration + 10 he expires it and Alice
    /// takes the WithdrawExpired.
    static func withdrawExpires() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            let request = try log.feed(.bob, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 100)))
            guard case .sendWithdrawRequest(let o)? = request.outputs.first, let message = Situations.received(.sendWithdrawRequest(o), signedBy: Situations.bobKey),
                let e = o.message.expiration.uint64
            else { throw SituationError("no WithdrawRequest") }
            try log.feed(.alice, message)  // the confirmation is lost
            try log.feed(.alice, Situations.block(e + 10))
            try log.exchange(from: .bob, try log.feed(.bob, Situations.block(e + 10)).outputs)
        }
    }

    /// Alice's lock is never unlocked: both see the blocks to its expiration + 10, Alice sends
    /// LockExpired.
    static func lockExpires() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            let sent = try log.feed(.alice, Situations.pay(10, secret: 1))
            guard case .sendLockedTransfer(let o)? = sent.outputs.first, let transfer = Situations.received(.sendLockedTransfer(o), signedBy: Situations.aliceKey),
                let e = o.message.lock.expiration.uint64
            else { throw SituationError("no LockedTransfer") }
            try log.feed(.bob, transfer)  // Bob's Processed and SecretRequest are lost
            try log.feed(.bob, Situations.block(e + 5))
            try log.exchange(from: .alice, try log.feed(.alice, Situations.block(e + 10)).outputs)
        }
    }

    /// Alice starts two payments before Bob answers either: both locks are pending at once, and
    /// the second transfer's locksroot hashes them in the order they were locked. Then both
    /// complete.
    static func twoPaymentsInFlight() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            var held: [Output] = []
            for (amount, secret) in [(UInt256(10), UInt64(1)), (20, 2)] {
                let sent = try log.feed(.alice, Situations.pay(amount, secret: secret))
                guard case .sendLockedTransfer(let o)? = sent.outputs.first, let transfer = Situations.received(.sendLockedTransfer(o), signedBy: Situations.aliceKey)
                else { throw SituationError("no LockedTransfer") }
                held += try log.feed(.bob, transfer).outputs  // Bob answers only once both locks are in
            }
            try log.exchange(from: .bob, held)
        }
    }

    /// A lock pending when Alice closes; Bob updates with her balance proof, settles after the
    /// settle timeout, the settlement keeps the lock for the on-chain unlock.
    static func closeUpdateSettleUnlock() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            let sent = try log.feed(.alice, Situations.pay(10, secret: 1))
            guard case .sendLockedTransfer(let o)? = sent.outputs.first, let transfer = Situations.received(.sendLockedTransfer(o), signedBy: Situations.aliceKey)
            else { throw SituationError("no LockedTransfer") }
            try log.feed(.bob, transfer)
            try log.feed(.alice, .actionChannelClose(.init(canonicalIdentifier: Situations.id)))
            let closedAt = Situations.start + 1
            try log.both(.contractReceiveChannelClosed(.init(blockNumber: closedAt, canonicalIdentifier: Situations.id, transactionFrom: Situations.alice)))
            try log.both(.contractReceiveUpdateTransfer(.init(blockNumber: closedAt + 1, canonicalIdentifier: Situations.id, nonce: 1)))
            let settleAt = closedAt + Situations.settle + 1
            try log.both(Situations.block(settleAt))
            let root = Amounts.locksroot([o.message.lock]), none = BalanceProofConstants.locksrootOfNoLocks
            try log.feed(.alice, .contractReceiveChannelSettled(.init(
                blockNumber: settleAt + 1, canonicalIdentifier: Situations.id, ourOnchainLocksroot: root, ourTransferredAmount: 990,
                partnerOnchainLocksroot: none, partnerTransferredAmount: 1000)))
            try log.feed(.bob, .contractReceiveChannelSettled(.init(
                blockNumber: settleAt + 1, canonicalIdentifier: Situations.id, ourOnchainLocksroot: none, ourTransferredAmount: 1000,
                partnerOnchainLocksroot: root, partnerTransferredAmount: 990)))
            try log.both(.contractReceiveChannelBatchUnlock(.init(
                blockNumber: settleAt + 2, canonicalIdentifier: Situations.id, receiver: Situations.bob, sender: Situations.alice,
                locksroot: root, unlockedAmount: 0, returnedTokens: 10)))
        }
    }

    /// Bob registers the secret on chain before the lock expires: Alice unlocks off chain.
    static func secretOnChainPaysTheInitiator() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            try log.feed(.alice, Situations.pay(10, secret: 1))
            try log.feed(.alice, .contractReceiveSecretReveal(.init(blockNumber: Situations.start + 1, secrethash: Situations.secrethash(1), secret: Situations.secret(1))))
        }
    }

    /// Bob learnt the secret off chain but got no Unlock: at E − R he registers it on chain, then
    /// sees the registration.
    static func targetRegistersTheSecret() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            let sent = try log.feed(.alice, Situations.pay(10, secret: 1))
            guard case .sendLockedTransfer(let o)? = sent.outputs.first, let transfer = Situations.received(.sendLockedTransfer(o), signedBy: Situations.aliceKey),
                let e = o.message.lock.expiration.uint64
            else { throw SituationError("no LockedTransfer") }
            try log.feed(.bob, transfer)
            let reveal = RevealSecret(messageIdentifier: 9, secret: Situations.secret(1)).signed(with: Situations.aliceKey)
            try log.feed(.bob, .receiveSecretReveal(.init(sender: Situations.alice, message: reveal)))
            try log.feed(.bob, Situations.block(e - Situations.reveal))
            try log.feed(.bob, .contractReceiveSecretReveal(.init(blockNumber: e - Situations.reveal + 1, secrethash: Situations.secrethash(1), secret: Situations.secret(1))))
        }
    }

    /// Both deposit more, close with nothing locked, settle (Raiden removes the channel), and a
    /// new channel opens between them.
    static func settledWithoutLocksAndReopened() throws(SituationError) -> [Step] {
        try run { (log) throws(SituationError) in
            try log.both(.contractReceiveChannelDeposit(.init(blockNumber: Situations.start + 1, canonicalIdentifier: Situations.id, participant: Situations.alice, contractBalance: 1500)))
            try log.feed(.bob, .actionChannelClose(.init(canonicalIdentifier: Situations.id)))
            let closedAt = Situations.start + 2
            try log.both(.contractReceiveChannelClosed(.init(blockNumber: closedAt, canonicalIdentifier: Situations.id, transactionFrom: Situations.bob)))
            let none = BalanceProofConstants.locksrootOfNoLocks
            for party in [Party.alice, .bob] {
                try log.feed(party, .contractReceiveChannelSettled(.init(
                    blockNumber: closedAt + Situations.settle + 1, canonicalIdentifier: Situations.id, ourOnchainLocksroot: none,
                    ourTransferredAmount: party == .alice ? 1500 : 1000, partnerOnchainLocksroot: none, partnerTransferredAmount: party == .alice ? 1000 : 1500)))
            }
            for party in [Party.alice, .bob] {
                try log.feed(party, .contractReceiveChannelNew(.init(
                    blockNumber: closedAt + Situations.settle + 5, canonicalIdentifier: Situations.otherChannel, tokenAddress: Situations.token,
                    partnerAddress: party.other.key.address, revealTimeout: Situations.reveal, settleTimeout: Situations.settle)))
            }
        }
    }
}
