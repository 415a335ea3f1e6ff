import NettingCodec
import NettingCrypto
import NettingMachine

// Every guard of spec/channel.yaml, in spec order: the invalid transition vectors and the machine's
// guard tests both come from here. Each case starts from an honest situation
// (Fx) and changes one thing. Expected codes: the spec; Raiden's order: the functions each guard's
// `source` cites (raiden/transfer/channel.py, mediated_transfer/initiator.py and target.py).

private let max = UInt256.max
private func minus(_ a: UInt256, _ b: UInt256) -> UInt256 { a.saturatingSubtracting(b) }

/// One case per guard of spec/channel.yaml: a state and an input that pass every earlier guard
/// and fail this one. Raiden's order and messages: the Raiden functions each guard's `source`
/// cites in spec/channel.yaml.
public struct GuardCase: Sendable, CustomStringConvertible {
    public let code: RejectionCode
    public let story: String
    public let make: @Sendable () throws -> (ChannelState, Input)

    public init(_ code: RejectionCode, _ story: String, _ make: @escaping @Sendable () throws -> (ChannelState, Input)) {
        (self.code, self.story, self.make) = (code, story, make)
    }

    public var description: String { "\(code.rawValue): \(story)" }
}


/// Bob's state and Alice's (possibly altered) LockedTransfer, signed by `key`.
private func transfer(key: PrivateKey = Situations.aliceKey, mangle: Bool = false, bob editBob: (inout ChannelState) throws -> Void = { _ in },
                      _ edit: (inout LockedTransfer) throws -> Void) throws -> (ChannelState, Input) {
    let (p, honest) = try Situations.aliceSends(try Situations.opened())
    var m = honest
    try edit(&m)
    var bob = p.bob
    try editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Situations.mangled }
    return (bob, .receiveLockedTransfer(.init(sender: Situations.alice, message: signed)))
}

/// Bob holding Alice's lock, and Alice's (possibly altered) Unlock.
private func unlock(key: PrivateKey = Situations.aliceKey, mangle: Bool = false, bob editBob: (inout ChannelState) throws -> Void = { _ in },
                    _ edit: (inout Unlock) -> Void) throws -> (ChannelState, Input) {
    let (p0, _) = try Situations.bobHoldsLock()
    let (p, honest) = try Situations.aliceUnlocks(p0)
    var m = honest
    try edit(&m)
    var bob = p.bob
    try editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Situations.mangled }
    return (bob, .receiveUnlock(.init(sender: Situations.alice, message: signed)))
}

/// Bob holding Alice's lock at expiration + 10 (or before, with `early`), and Alice's LockExpired.
private func expired(key: PrivateKey = Situations.aliceKey, mangle: Bool = false, early: Bool = false,
                     bob editBob: (inout ChannelState) throws -> Void = { _ in }, _ edit: (inout LockExpired) -> Void) throws -> (ChannelState, Input) {
    let (p0, t) = try Situations.bobHoldsLock()
    let (p, honest) = try Situations.aliceExpires(p0, expiration: t.lock.expiration)
    var m = honest
    try edit(&m)
    var bob = early ? p0.bob : p.bob
    try editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Situations.mangled }
    return (bob, .receiveLockExpired(.init(sender: Situations.alice, message: signed)))
}

/// Alice's state after Bob's request, and Bob's (possibly altered) WithdrawRequest.
private func request(sender: Address = Situations.bob, key: PrivateKey = Situations.bobKey, mangle: Bool = false, pair: Situations.Pair? = nil,
                     alice editAlice: (inout ChannelState) throws -> Void = { _ in }, _ edit: (inout WithdrawRequest) -> Void) throws -> (ChannelState, Input) {
    let (p, honest) = try Situations.bobRequestsWithdraw(pair)
    var m = honest
    try edit(&m)
    var alice = p.alice
    try editAlice(&alice)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Situations.mangled }
    return (alice, .receiveWithdrawRequest(.init(sender: sender, message: signed)))
}

/// Bob's state after Alice confirmed his withdraw of 100, and Alice's (altered) confirmation.
private func confirmation(sender: Address = Situations.alice, key: PrivateKey = Situations.aliceKey, mangle: Bool = false, pair: Situations.Pair? = nil,
                          bob editBob: (inout ChannelState) throws -> Void = { _ in }, _ edit: (inout WithdrawConfirmation) -> Void) throws -> (ChannelState, Input) {
    let (p, req) = try Situations.bobRequestsWithdraw(pair)
    let step = try Situations.take(p.alice, Situations.fromBob(req))
    guard case .sendWithdrawConfirmation(let o) = step.outputs.first else { throw SituationError("no confirmation") }
    var m = o.message
    try edit(&m)
    var bob = p.bob
    try editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Situations.mangled }
    return (bob, .receiveWithdrawConfirmation(.init(sender: sender, message: signed)))
}

/// Alice's state at Bob's expiry (or before it, with `early`), and Bob's (altered) WithdrawExpired.
private func withdrawExpired(sender: Address = Situations.bob, early: Bool = false, _ edit: (inout WithdrawExpired) -> Void) throws -> (ChannelState, Input) {
    var (p, req) = try Situations.bobRequestsWithdraw()
    let before = try Situations.taking(p.alice, Situations.fromBob(req))
    let at = req.expiration.uint64! + 10
    let bobStep = try Situations.take(p.bob, Situations.block(at))
    p.bob = bobStep.state
    guard case .sendWithdrawExpired(let o) = bobStep.outputs.first else { throw SituationError("no WithdrawExpired") }
    var m = o.message
    try edit(&m)
    let alice = early ? before : try Situations.taking(before, Situations.block(at))
    return (alice, .receiveWithdrawExpired(.init(sender: sender, message: m.signed(with: Situations.bobKey))))
}

/// Alice's state after starting a payment of 10 to Bob (secret 1), and Bob's SecretRequest.
private func secretRequest(sender: Address = Situations.bob, answered: Bool = false, _ edit: (inout SecretRequest) -> Void) throws -> (ChannelState, Input) {
    let (p, t) = try Situations.aliceSends(try Situations.opened())
    var m = SecretRequest(messageIdentifier: 5, paymentIdentifier: 1, secrethash: t.lock.secrethash, amount: 10, expiration: t.lock.expiration)
    var alice = p.alice
    if answered { alice = try Situations.taking(alice, .receiveSecretRequest(.init(sender: Situations.bob, message: m.signed(with: Situations.bobKey)))) }
    try edit(&m)
    return (alice, .receiveSecretRequest(.init(sender: sender, message: m.signed(with: Situations.bobKey))))
}

private func reveal(_ secret: Hash32, from sender: Address, key: PrivateKey) -> Input {
    .receiveSecretReveal(.init(sender: sender, message: RevealSecret(messageIdentifier: 9, secret: secret).signed(with: key)))
}

private func fresh() throws -> ChannelState { try Situations.taking(ChannelState(ourAddress: Situations.alice, seed: 1), Situations.block(Situations.start)) }

private func channelNew(partner: Address = Situations.bob, reveal: UInt64 = Situations.reveal, settle: UInt64 = Situations.settle) -> Input {
    .contractReceiveChannelNew(.init(blockNumber: Situations.start, canonicalIdentifier: Situations.id, tokenAddress: Situations.token, partnerAddress: partner, revealTimeout: reveal, settleTimeout: settle))
}

private let otherChannel = CanonicalIdentifier(chainIdentifier: 337, tokenNetworkAddress: Situations.tokenNetwork, channelIdentifier: 8)

private func closedBy(_ closer: Address) -> Input {
    .contractReceiveChannelClosed(.init(blockNumber: Situations.start + 1, canonicalIdentifier: Situations.id, transactionFrom: closer))
}

private func close(_ s: inout ChannelState) throws { s = try Situations.taking(s, .actionChannelClose(.init(canonicalIdentifier: Situations.id))) }

/// The channel closed and settled on chain with no locksroot on either side, so Raiden removes
/// it (channel._handle_channel_settled returns no channel); its payment tasks stay behind.
public func removedChannel(_ s: ChannelState) throws -> ChannelState {
    var s = s
    try close(&s)
    s = try Situations.taking(s, closedBy(s.ourState.address))
    let none = BalanceProofConstants.locksrootOfNoLocks
    return try Situations.taking(s, .contractReceiveChannelSettled(.init(
        blockNumber: Situations.start + Situations.settle + 2, canonicalIdentifier: Situations.id, ourOnchainLocksroot: none, ourTransferredAmount: .zero,
        partnerOnchainLocksroot: none, partnerTransferredAmount: .zero)))
}

public enum GuardCases {
    public static let all: [GuardCase] = onChain + actions + withdraws + payments + lockedTransfer + unlocks + lockExpired

    static let onChain: [GuardCase] = [
        GuardCase(.blockBlockNumberDecreased, "a block older than the current one is ignored") { (try Situations.opened().alice, Situations.block(Situations.start - 1)) },
        GuardCase(.channelNewChannelExists, "a second ChannelNew for a known channel is skipped") { (try Situations.opened().alice, channelNew()) },
        GuardCase(.channelNewPartnerIsUs, "a channel with ourselves is refused") { (try fresh(), channelNew(partner: Situations.alice)) },
        GuardCase(.channelNewInvalidRevealTimeout, "a zero reveal timeout is refused") { (try fresh(), channelNew(reveal: 0)) },
        GuardCase(.channelNewInvalidSettleTimeout, "a zero settle timeout is refused") { (try fresh(), channelNew(settle: 0)) },
        GuardCase(.depositUnknownChannel, "a deposit before the channel exists is ignored") {
            (try fresh(), .contractReceiveChannelDeposit(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.alice, contractBalance: 5)))
        },
        GuardCase(.depositNotAParticipant, "a deposit by a stranger is ignored") {
            (try Situations.opened().alice, .contractReceiveChannelDeposit(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.malloryKey.address, contractBalance: 5)))
        },
        GuardCase(.channelWithdrawUnknownChannel, "a withdraw in another channel is ignored") {
            (try Situations.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: otherChannel, participant: Situations.alice, totalWithdraw: 5)))
        },
        GuardCase(.channelWithdrawNotAParticipant, "a withdraw by a stranger is ignored") {
            (try Situations.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.malloryKey.address, totalWithdraw: 5)))
        },
        GuardCase(.closedUnknownChannel, "a close of another channel is ignored") {
            (try Situations.opened().alice, .contractReceiveChannelClosed(.init(blockNumber: 11, canonicalIdentifier: otherChannel, transactionFrom: Situations.bob)))
        },
        GuardCase(.closedNotPriorToClosed, "a second ChannelClosed is ignored") { (try Situations.taking(try Situations.opened().alice, closedBy(Situations.bob)), closedBy(Situations.bob)) },
        GuardCase(.updateTransferUnknownChannel, "an update in another channel is ignored") {
            (try Situations.opened().alice, .contractReceiveUpdateTransfer(.init(blockNumber: 11, canonicalIdentifier: otherChannel, nonce: 1)))
        },
        GuardCase(.settledUnknownChannel, "a settle of another channel is ignored") {
            let none = BalanceProofConstants.locksrootOfNoLocks
            return (try Situations.opened().alice, .contractReceiveChannelSettled(.init(
                blockNumber: 70, canonicalIdentifier: otherChannel, ourOnchainLocksroot: none, ourTransferredAmount: 0,
                partnerOnchainLocksroot: none, partnerTransferredAmount: 0)))
        },
        GuardCase(.batchUnlockUnknownChannel, "an unlock in another channel is ignored") {
            (try Situations.opened().alice, .contractReceiveChannelBatchUnlock(.init(
                blockNumber: 70, canonicalIdentifier: otherChannel, receiver: Situations.alice, sender: Situations.bob,
                locksroot: .zero, unlockedAmount: 1, returnedTokens: 0)))
        },
        GuardCase(.batchUnlockNotSettled, "an unlock before settlement is ignored") {
            (try Situations.opened().alice, .contractReceiveChannelBatchUnlock(.init(
                blockNumber: 70, canonicalIdentifier: Situations.id, receiver: Situations.alice, sender: Situations.bob, locksroot: .zero,
                unlockedAmount: 1, returnedTokens: 0)))
        },
        GuardCase(.onchainSecretRevealNoTask, "an on-chain secret of no payment of ours is ignored") {
            (try Situations.opened().alice, .contractReceiveSecretReveal(.init(blockNumber: 11, secrethash: Situations.secrethash(9), secret: Situations.secret(9))))
        },
        GuardCase(.onchainSecretRevealChannelRemoved, "an on-chain secret of a payment over a removed channel is ignored") {
            (try removedChannel(try Situations.aliceSends(try Situations.opened()).0.alice), .contractReceiveSecretReveal(.init(blockNumber: 11, secrethash: Situations.secrethash(1), secret: Situations.secret(1))))
        },
    ]

    static let actions: [GuardCase] = [
        GuardCase(.actionCloseUnknownChannel, "closing another channel is ignored") { (try Situations.opened().alice, .actionChannelClose(.init(canonicalIdentifier: otherChannel))) },
        GuardCase(.actionCloseAlreadyClosed, "closing a closed channel does nothing") {
            (try Situations.taking(try Situations.opened().alice, closedBy(Situations.bob)), .actionChannelClose(.init(canonicalIdentifier: Situations.id)))
        },
        GuardCase(.actionWithdrawUnknownChannel, "withdrawing from another channel is ignored") {
            (try Situations.opened().alice, .actionChannelWithdraw(.init(canonicalIdentifier: otherChannel, totalWithdraw: 5)))
        },
        GuardCase(.actionWithdrawChannelNotOpen, "withdrawing while closing is refused") {
            var a = try Situations.opened().alice
            try close(&a)
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 5)))
        },
        GuardCase(.actionWithdrawDecreased, "a total withdraw below the on-chain one is refused") {
            let a = try Situations.taking(try Situations.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.alice, totalWithdraw: 50)))
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 40)))
        },
        GuardCase(.actionWithdrawNotIncreased, "the same total withdraw again is refused (channel.is_valid_total_withdraw: 'did not increase')") {
            let a = try Situations.taking(try Situations.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.alice, totalWithdraw: 50)))
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 50)))
        },
        GuardCase(.actionWithdrawInsufficientBalance, "withdrawing more than the balance is refused (1000 deposited, 1001 asked)") {
            (try Situations.opened().alice, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 1001)))
        },
        GuardCase(.actionWithdrawOverflow, "a total withdraw that overflows with the partner's is refused") {
            // Alice deposits MAX; Bob deposited 10 and withdrew 10; MAX − 5 + 10 > MAX.
            var a = try Situations.opened(alice: max, bob: 10).alice
            a = try Situations.taking(a, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.bob, totalWithdraw: 10)))
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: minus(max, 5))))
        },
        GuardCase(.actionSetRevealTimeoutUnknownChannel, "changing another channel's reveal timeout is ignored") {
            (try Situations.opened().alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: otherChannel, revealTimeout: 10)))
        },
        GuardCase(.actionSetRevealTimeoutBelowMinimum, "a reveal timeout below 7 is refused") {
            (try Situations.opened().alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: Situations.id, revealTimeout: 6)))
        },
        GuardCase(.actionSetRevealTimeoutSettleTimeoutTooShort, "a reveal timeout above half the settle timeout is refused (2 × 26 > 50)") {
            (try Situations.opened().alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: Situations.id, revealTimeout: 26)))
        },
        GuardCase(.actionCoopSettleUnknownChannel, "coop-settling another channel is ignored") { (try Situations.opened().alice, .actionChannelCoopSettle(.init(canonicalIdentifier: otherChannel))) },
        GuardCase(.actionCoopSettleNotSupported, "coop-settle is not supported yet") { (try Situations.opened().alice, .actionChannelCoopSettle(.init(canonicalIdentifier: Situations.id))) },
    ]

    static let withdraws: [GuardCase] = [
        GuardCase(.withdrawRequestUnknownChannel, "a request for another channel is dropped") { try request { $0.channelIdentifier = 8 } },
        GuardCase(.withdrawRequestChainIdMismatch, "a request on another chain is rejected") { try request { $0.chainId = 1 } },
        GuardCase(.withdrawRequestParticipantNotPartner, "a request to withdraw for us is rejected") { try request { $0.participant = Situations.alice } },
        GuardCase(.withdrawRequestSenderNotPartner, "a request sent by a stranger is rejected") { try request(sender: Situations.malloryKey.address, key: Situations.malloryKey) { _ in } },
        GuardCase(.withdrawRequestDecreased, "a request below an earlier one is rejected") {
            try request(alice: { a in
                var first = try Situations.bobRequestsWithdraw(try Situations.opened(), total: 200).1
                first.nonce = 1
                a = try Situations.taking(a, Situations.fromBob(first))
            }) { $0.nonce = 2; $0.totalWithdraw = 100 }
        },
        GuardCase(.withdrawRequestInsufficientBalance, "a partner withdrawing beyond its balance is rejected") { try request { $0.totalWithdraw = 1001 } },
        GuardCase(.withdrawRequestNonceMismatch, "a request that skips a nonce is rejected") { try request { $0.nonce += 1 } },
        GuardCase(.withdrawRequestOverflow, "a request overflowing with our total withdraw is rejected") {
            // Bob deposits MAX; Alice deposited 10 and withdrew 10; MAX − 5 + 10 > MAX.
            try request(pair: try Situations.opened(alice: 10, bob: max), alice: { a in
                a = try Situations.taking(a, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.alice, totalWithdraw: 10)))
            }) { $0.totalWithdraw = minus(max, 5) }
        },
        GuardCase(.withdrawRequestSignatureInvalid, "a request with a mangled signature is rejected") { try request(mangle: true) { _ in } },
        GuardCase(.withdrawRequestSignerNotSender, "a request forged by a stranger in the partner's name is rejected") { try request(key: Situations.malloryKey) { _ in } },
        GuardCase(.withdrawRequestCoopSettleNotSupported, "a coop-settle request is rejected (not supported)") { try request { $0.coopSettle = true } },

        GuardCase(.withdrawConfirmationUnknownChannel, "a confirmation for another channel is dropped") { try confirmation { $0.channelIdentifier = 8 } },
        GuardCase(.withdrawConfirmationUnknownWithdraw, "a confirmation of a withdraw we never asked for is rejected") { try confirmation { $0.totalWithdraw = 99 } },
        GuardCase(.withdrawConfirmationChainIdMismatch, "a confirmation on another chain is rejected") { try confirmation { $0.chainId = 1 } },
        GuardCase(.withdrawConfirmationTotalWithdrawMismatch, "a confirmation of a superseded withdraw is rejected") {
            try confirmation(bob: { b in b = try Situations.taking(b, .actionChannelWithdraw(.init(canonicalIdentifier: Situations.id, totalWithdraw: 150))) }) { _ in }
        },
        GuardCase(.withdrawConfirmationNonceMismatch, "a confirmation that skips a nonce is rejected (nonce 0, a reuse here, does not even decode)") { try confirmation { $0.nonce += 1 } },
        GuardCase(.withdrawConfirmationExpirationMismatch, "a confirmation with another expiration is rejected") { try confirmation { $0.expiration = $0.expiration.saturatingAdding(1) } },
        GuardCase(.withdrawConfirmationParticipantNotUs, "a confirmation naming the partner as participant is rejected") { try confirmation { $0.participant = Situations.alice } },
        GuardCase(.withdrawConfirmationSenderNotPartner, "a confirmation from a stranger is rejected") { try confirmation(sender: Situations.malloryKey.address, key: Situations.malloryKey) { _ in } },
        GuardCase(.withdrawConfirmationOverflow, "a confirmation overflowing with the partner's total withdraw is rejected") {
            // Alice's on-chain withdraw grew to MAX − 50 after Bob asked for 100.
            try confirmation(pair: try Situations.opened(alice: minus(max, 50), bob: 1000), bob: { b in
                b = try Situations.taking(b, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Situations.id, participant: Situations.alice, totalWithdraw: minus(max, 50))))
            }) { _ in }
        },
        GuardCase(.withdrawConfirmationSignatureInvalid, "a confirmation with a mangled signature is rejected") { try confirmation(mangle: true) { _ in } },
        GuardCase(.withdrawConfirmationSignerNotSender, "a confirmation forged in the partner's name is rejected") { try confirmation(key: Situations.malloryKey) { _ in } },

        GuardCase(.withdrawExpiredUnknownChannel, "a WithdrawExpired for another channel is dropped") { try withdrawExpired { $0.channelIdentifier = 8 } },
        GuardCase(.withdrawExpiredUnknownWithdraw, "a WithdrawExpired for no pending request is rejected") { try withdrawExpired { $0.totalWithdraw = 99 } },
        GuardCase(.withdrawExpiredNotExpired, "a WithdrawExpired before expiration + 5 is rejected") { try withdrawExpired(early: true) { _ in } },
        GuardCase(.withdrawExpiredChainIdMismatch, "a WithdrawExpired on another chain is rejected") { try withdrawExpired { $0.chainId = 1 } },
        GuardCase(.withdrawExpiredSenderNotPartner, "a WithdrawExpired from a stranger is rejected") { try withdrawExpired(sender: Situations.malloryKey.address) { _ in } },
        GuardCase(.withdrawExpiredNonceMismatch, "a WithdrawExpired that skips a nonce is rejected") { try withdrawExpired { $0.nonce += 1 } },
    ]

    static let payments: [GuardCase] = [
        GuardCase(.actionInitInitiatorSecrethashInUse, "paying twice with one secret does nothing") { (try Situations.aliceSends(try Situations.opened()).0.alice, Situations.pay(5, secret: 1)) },
        GuardCase(.actionInitInitiatorNoRoute, "paying someone who is not the partner fails") { (try Situations.opened().alice, Situations.pay(5, secret: 1, target: Situations.malloryKey.address)) },
        GuardCase(.actionInitInitiatorChannelNotOpen, "paying over a closing channel fails") {
            var a = try Situations.opened().alice
            try close(&a)
            return (a, Situations.pay(5, secret: 1))
        },
        GuardCase(.actionInitInitiatorInvalidSettleTimeout, "paying over a channel whose settle timeout is below 2R fails") {
            var a = try fresh()
            a = try Situations.taking(a, channelNew(reveal: 30, settle: 50))
            a = try Situations.taking(a, .contractReceiveChannelDeposit(.init(blockNumber: 10, canonicalIdentifier: Situations.id, participant: Situations.alice, contractBalance: 100)))
            return (a, Situations.pay(5, secret: 1))
        },
        GuardCase(.actionInitInitiatorPendingLimit, "a 161st pending payment fails (MAXIMUM_PENDING_TRANSFERS = 160)") {
            var a = try Situations.opened().alice
            a.config.verifySignatures = false
            for n in 1...160 { a = ChannelMachine.transition(a, Situations.pay(1, secret: UInt64(n))).0 }
            return (a, Situations.pay(1, secret: 161))
        },
        GuardCase(.actionInitInitiatorInsufficientDistributable, "paying more than the deposit fails (1000 deposited, 1001 paid)") { (try Situations.opened().alice, Situations.pay(1001, secret: 1)) },
        GuardCase(.actionInitInitiatorLockTimeoutMismatch, "a lock timeout equal to R fails (channel.is_channel_usable_for_new_transfer: 5 rejected, 6 accepted)") { (try Situations.opened().alice, Situations.pay(5, secret: 1, lockTimeout: 5)) },

        GuardCase(.secretRequestNoTask, "a SecretRequest for no payment of ours is ignored") { try secretRequest { $0.secrethash = Situations.secrethash(9) } },
        GuardCase(.secretRequestChannelRemoved, "a SecretRequest for a payment over a removed channel is ignored") {
            let (alice, input) = try secretRequest { _ in }
            return (try removedChannel(alice), input)
        },
        GuardCase(.secretRequestSenderNotTarget, "a SecretRequest from a stranger is ignored") { try secretRequest(sender: Situations.malloryKey.address) { _ in } },
        GuardCase(.secretRequestPaymentIdentifierMismatch, "a SecretRequest with another payment id is ignored") { try secretRequest { $0.paymentIdentifier = 2 } },
        GuardCase(.secretRequestAlreadyReceived, "a second SecretRequest is ignored") { try secretRequest(answered: true) { _ in } },
        GuardCase(.secretRequestAmountTooSmall, "a SecretRequest for less than the payment is rejected") { try secretRequest { $0.amount = 9 } },
        GuardCase(.secretRequestExpirationMismatch, "a SecretRequest with another expiration is rejected (initiator.handle_secretrequest)") {
            try secretRequest { $0.expiration = $0.expiration.saturatingAdding(1) }
        },

        GuardCase(.secretRevealNoTask, "a secret of no payment of ours is ignored") { (try Situations.opened().alice, reveal(Situations.secret(9), from: Situations.bob, key: Situations.bobKey)) },
        GuardCase(.secretRevealChannelRemoved, "a secret of a payment over a removed channel is ignored") {
            (try removedChannel(try Situations.aliceSends(try Situations.opened()).0.alice), reveal(Situations.secret(1), from: Situations.bob, key: Situations.bobKey))
        },
        GuardCase(.secretRevealSenderNotPartner, "the initiator ignores a reveal from a stranger (initiator.handle_offchain_secretreveal)") {
            (try Situations.aliceSends(try Situations.opened()).0.alice, reveal(Situations.secret(1), from: Situations.malloryKey.address, key: Situations.malloryKey))
        },
        GuardCase(.secretRevealChannelNotOpen, "the initiator does not unlock over a closing channel") {
            var a = try Situations.aliceSends(try Situations.opened()).0.alice
            try close(&a)
            return (a, reveal(Situations.secret(1), from: Situations.bob, key: Situations.bobKey))
        },
        GuardCase(.secretRevealLockExpired, "the initiator does not unlock at the lock's expiration block (initiator.handle_offchain_secretreveal: reveal at B = E → [])") {
            let (p, t) = try Situations.aliceSends(try Situations.opened())
            return (try Situations.taking(p.alice, Situations.block(t.lock.expiration.uint64!)), reveal(Situations.secret(1), from: Situations.bob, key: Situations.bobKey))
        },
        GuardCase(.secretRevealTransferExpired, "the target ignores a reveal at expiration + 10") {
            let (p, t) = try Situations.bobHoldsLock()
            return (try Situations.taking(p.bob, Situations.block(t.lock.expiration.uint64! + 10)), reveal(Situations.secret(1), from: Situations.alice, key: Situations.aliceKey))
        },
    ]

    static let lockedTransfer: [GuardCase] = [
        GuardCase(.lockedTransferSecretRegistered, "a transfer whose secret is registered on chain is dropped") {
            let (b, input) = try transfer { _ in }
            guard case .receiveLockedTransfer(var i) = input else { return (b, input) }
            i.secretRegistered = true
            return (b, .receiveLockedTransfer(i))
        },
        GuardCase(.lockedTransferNoRoutes, "a transfer without routes is dropped") { try transfer { $0.metadata = Metadata(routes: []) } },
        GuardCase(.lockedTransferNotForUs, "a transfer for someone else is not mediated") { try transfer { $0.target = Situations.malloryKey.address } },
        GuardCase(.lockedTransferSecrethashUsedByInitiator, "a transfer reusing the secrethash of our own payment is dropped") {
            try transfer(bob: { b in b = try Situations.taking(b, Situations.pay(5, secret: 1, target: Situations.alice)) }) { _ in }
        },
        GuardCase(.lockedTransferUnknownChannel, "a transfer in another channel is dropped (PC1)") { try transfer { $0.channelIdentifier = 8 } },
        GuardCase(.lockedTransferDuplicateTransfer, "a repeated transfer gives no events, not even Processed (target.state_transition)") {
            let (p, m) = try Situations.bobHoldsLock()
            return (p.bob, Situations.fromAlice(m))
        },
        GuardCase(.lockedTransferChannelNotOpen, "a transfer over a closing channel is rejected (PC2)") { try transfer(bob: close) { _ in } },
        GuardCase(.lockedTransferChainIdMismatch, "a transfer signed for another chain is rejected (PC1)") { try transfer { $0.chainId = 1 } },
        GuardCase(.lockedTransferAmountOverflow, "a transfer whose T + L overflows is rejected") { try transfer { $0.transferredAmount = max } },
        GuardCase(.lockedTransferNonceMismatch, "a transfer that skips a nonce is rejected (PC3)") { try transfer { $0.nonce = 2 } },
        GuardCase(.lockedTransferSignatureInvalid, "a transfer with a mangled signature is rejected") { try transfer(mangle: true) { _ in } },
        GuardCase(.lockedTransferSignerNotPartner, "a transfer signed by a stranger is rejected") { try transfer(key: Situations.malloryKey) { _ in } },
        GuardCase(.lockedTransferDuplicateLock, "a lock already pending is rejected (hand-made state: the task was dropped)") {
            let (p, m) = try Situations.bobHoldsLock()
            var b = p.bob
            b.targetTasks = []
            var again = Situations.transfer(to: b, lock: m.lock)
            again.locksroot = Amounts.locksroot(b.partnerState.pendingLocks + [m.lock])
            return (b, Situations.fromAlice(again))
        },
        GuardCase(.lockedTransferPendingLimit, "a 161st pending lock is rejected") {
            var b = try Situations.opened().bob
            b.config.verifySignatures = false
            for n in 1...160 {
                let lock = Lock(amount: 1, expiration: 100, secrethash: Situations.secrethash(UInt64(n)))
                b = ChannelMachine.transition(b, .receiveLockedTransfer(.init(sender: Situations.alice, message: Situations.transfer(to: b, lock: lock)))).0
            }
            b.config.verifySignatures = true
            return (b, Situations.fromAlice(Situations.transfer(to: b, lock: Lock(amount: 1, expiration: 100, secrethash: Situations.secrethash(161)))))
        },
        GuardCase(.lockedTransferLocksrootMismatch, "a transfer whose locksroot leaves out a lock is rejected (PC4)") { try transfer { $0.locksroot = Amounts.locksroot([]) } },
        GuardCase(.lockedTransferTransferredAmountChanged, "a transfer that changes the transferred amount is rejected") { try transfer { $0.transferredAmount = 1 } },
        GuardCase(.lockedTransferLockedAmountMismatch, "a transfer whose locked amount is not the lock's is rejected (PC5)") { try transfer { $0.lockedAmount = 11 } },
        GuardCase(.lockedTransferInsufficientDistributable, "a lock beyond what the sender's pending lock leaves is rejected (PC6: 600 locked, 500 more of 1000)") {
            let (p, _) = try Situations.bobHoldsLock(nil, 600, secret: 1)
            return (p.bob, Situations.fromAlice(Situations.transfer(to: p.bob, lock: Lock(amount: 500, expiration: 100, secrethash: Situations.secrethash(2)))))
        },
    ]

    static let unlocks: [GuardCase] = [
        GuardCase(.unlockUnknownSecrethash, "an Unlock with a wrong secret is dropped") { try unlock { $0.secret = Situations.secret(99) } },
        GuardCase(.unlockChannelRemoved, "an Unlock over a removed channel is dropped") { try unlock(bob: { b in b = try removedChannel(b) }) { _ in } },
        GuardCase(.unlockUnknownLock, "an Unlock for a lock we do not hold is rejected (hand-made state)") {
            try unlock(bob: { b in b.partnerState.secrethashesToLockedlocks = [] }) { _ in }
        },
        GuardCase(.unlockChannelNotOpen, "an Unlock over a closing channel is rejected") { try unlock(bob: close) { _ in } },
        GuardCase(.unlockChannelIdMismatch, "an Unlock signed for another channel is rejected") { try unlock { $0.channelIdentifier = 8 } },
        GuardCase(.unlockTokenNetworkMismatch, "an Unlock signed for another token network is rejected") { try unlock { $0.tokenNetworkAddress = Situations.token } },
        GuardCase(.unlockChainIdMismatch, "an Unlock signed for another chain is rejected") { try unlock { $0.chainId = 1 } },
        GuardCase(.unlockAmountOverflow, "an Unlock whose T + L overflows is rejected") { try unlock { $0.lockedAmount = max } },
        GuardCase(.unlockNonceMismatch, "an Unlock that reuses the transfer's nonce is rejected") { try unlock { $0.nonce = 1 } },
        GuardCase(.unlockSignatureInvalid, "an Unlock with a mangled signature is rejected") { try unlock(mangle: true) { _ in } },
        GuardCase(.unlockSignerNotPartner, "an Unlock signed by a stranger is rejected") { try unlock(key: Situations.malloryKey) { _ in } },
        GuardCase(.unlockLocksrootMismatch, "an Unlock that keeps the lock in its locksroot is rejected") { try unlock { $0.locksroot = Amounts.locksroot([Lock(amount: 1, expiration: 1, secrethash: .zero)]) } },
        GuardCase(.unlockTransferredAmountMismatch, "an Unlock that claims more was transferred is rejected") { try unlock { $0.transferredAmount = 11 } },
        GuardCase(.unlockLockedAmountMismatch, "an Unlock with the wrong locked amount is rejected") { try unlock { $0.lockedAmount = 1 } },
    ]

    static let lockExpired: [GuardCase] = [
        GuardCase(.lockExpiredUnknownSecrethash, "a LockExpired for no payment is dropped") { try expired { $0.secrethash = Situations.secrethash(9) } },
        GuardCase(.lockExpiredChannelRemoved, "a LockExpired over a removed channel is dropped") { try expired(bob: { b in b = try removedChannel(b) }) { _ in } },
        GuardCase(.lockExpiredUnlockedOnchain, "a LockExpired for a lock whose secret is on chain is rejected") {
            try expired(bob: { b in b = try Situations.taking(b, .contractReceiveSecretReveal(.init(blockNumber: 12, secrethash: Situations.secrethash(1), secret: Situations.secret(1)))) }) { _ in }
        },
        GuardCase(.lockExpiredUnknownLock, "a LockExpired for a lock we do not hold is rejected (hand-made state)") {
            try expired(bob: { b in b.partnerState.secrethashesToLockedlocks = [] }) { _ in }
        },
        GuardCase(.lockExpiredChannelNotOpen, "a LockExpired over a closing channel is rejected") { try expired(bob: close) { _ in } },
        GuardCase(.lockExpiredChannelIdMismatch, "a LockExpired signed for another channel is rejected") { try expired { $0.channelIdentifier = 8 } },
        GuardCase(.lockExpiredTokenNetworkMismatch, "a LockExpired signed for another token network is rejected") { try expired { $0.tokenNetworkAddress = Situations.token } },
        GuardCase(.lockExpiredChainIdMismatch, "a LockExpired signed for another chain is rejected") { try expired { $0.chainId = 1 } },
        GuardCase(.lockExpiredAmountOverflow, "a LockExpired whose T + L overflows is rejected") { try expired { $0.transferredAmount = max; $0.lockedAmount = 1 } },
        GuardCase(.lockExpiredNonceMismatch, "a LockExpired that skips a nonce is rejected") { try expired { $0.nonce = 3 } },
        GuardCase(.lockExpiredSignatureInvalid, "a LockExpired with a mangled signature is rejected") { try expired(mangle: true) { _ in } },
        GuardCase(.lockExpiredSignerNotPartner, "a LockExpired signed by a stranger is rejected") { try expired(key: Situations.malloryKey) { _ in } },
        GuardCase(.lockExpiredNotExpired, "a LockExpired before expiration + 5 is rejected (early lock expiry)") { try expired(early: true) { _ in } },
        GuardCase(.lockExpiredLocksrootMismatch, "a LockExpired that keeps the lock in its locksroot is rejected") { try expired { $0.locksroot = Amounts.locksroot([Lock(amount: 1, expiration: 1, secrethash: .zero)]) } },
        GuardCase(.lockExpiredTransferredAmountChanged, "a LockExpired that moves the transferred amount is rejected") { try expired { $0.transferredAmount = 10 } },
        GuardCase(.lockExpiredLockedAmountMismatch, "a LockExpired with the wrong locked amount is rejected") { try expired { $0.lockedAmount = 10 } },
    ]
}
