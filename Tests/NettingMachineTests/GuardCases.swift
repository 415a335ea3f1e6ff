import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

// Every guard of spec/channel.yaml, in spec order. Each case starts from an honest situation
// (Fx) and changes one thing. Expected codes: the spec; Raiden's order: the functions each guard's
// `source` cites (raiden/transfer/channel.py, mediated_transfer/initiator.py and target.py).

private let max = UInt256.max
private func minus(_ a: UInt256, _ b: UInt256) -> UInt256 { a.saturatingSubtracting(b) }

/// Bob's state and Alice's (possibly altered) LockedTransfer, signed by `key`.
private func transfer(key: PrivateKey = Fx.aliceKey, mangle: Bool = false, bob editBob: (inout ChannelState) -> Void = { _ in },
                      _ edit: (inout LockedTransfer) -> Void) -> (ChannelState, Input) {
    let (p, honest) = Fx.aliceSends(Fx.opened())
    var m = honest
    edit(&m)
    var bob = p.bob
    editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Craft.mangled }
    return (bob, .receiveLockedTransfer(.init(sender: Fx.alice, message: signed)))
}

/// Bob holding Alice's lock, and Alice's (possibly altered) Unlock.
private func unlock(key: PrivateKey = Fx.aliceKey, mangle: Bool = false, bob editBob: (inout ChannelState) -> Void = { _ in },
                    _ edit: (inout Unlock) -> Void) -> (ChannelState, Input) {
    let (p0, _) = Fx.bobHoldsLock()
    let (p, honest) = Fx.aliceUnlocks(p0)
    var m = honest
    edit(&m)
    var bob = p.bob
    editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Craft.mangled }
    return (bob, .receiveUnlock(.init(sender: Fx.alice, message: signed)))
}

/// Bob holding Alice's lock at expiration + 10 (or before, with `early`), and Alice's LockExpired.
private func expired(key: PrivateKey = Fx.aliceKey, mangle: Bool = false, early: Bool = false,
                     bob editBob: (inout ChannelState) -> Void = { _ in }, _ edit: (inout LockExpired) -> Void) -> (ChannelState, Input) {
    let (p0, t) = Fx.bobHoldsLock()
    let (p, honest) = Fx.aliceExpires(p0, expiration: t.lock.expiration)
    var m = honest
    edit(&m)
    var bob = early ? p0.bob : p.bob
    editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Craft.mangled }
    return (bob, .receiveLockExpired(.init(sender: Fx.alice, message: signed)))
}

/// Alice's state after Bob's request, and Bob's (possibly altered) WithdrawRequest.
private func request(sender: Address = Fx.bob, key: PrivateKey = Fx.bobKey, mangle: Bool = false, pair: Pair = Fx.opened(),
                     alice editAlice: (inout ChannelState) -> Void = { _ in }, _ edit: (inout WithdrawRequest) -> Void) -> (ChannelState, Input) {
    let (p, honest) = Fx.bobRequestsWithdraw(pair)
    var m = honest
    edit(&m)
    var alice = p.alice
    editAlice(&alice)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Craft.mangled }
    return (alice, .receiveWithdrawRequest(.init(sender: sender, message: signed)))
}

/// Bob's state after Alice confirmed his withdraw of 100, and Alice's (altered) confirmation.
private func confirmation(sender: Address = Fx.alice, key: PrivateKey = Fx.aliceKey, mangle: Bool = false, pair: Pair = Fx.opened(),
                          bob editBob: (inout ChannelState) -> Void = { _ in }, _ edit: (inout WithdrawConfirmation) -> Void) -> (ChannelState, Input) {
    let (p, req) = Fx.bobRequestsWithdraw(pair)
    let step = Fx.accepting(p.alice, .fromBob(req))
    guard case .sendWithdrawConfirmation(let o) = step.outputs.first else { fatalError("no confirmation") }
    var m = o.message
    edit(&m)
    var bob = p.bob
    editBob(&bob)
    var signed = m.signed(with: key)
    if mangle { signed.signature = Craft.mangled }
    return (bob, .receiveWithdrawConfirmation(.init(sender: sender, message: signed)))
}

/// Alice's state at Bob's expiry (or before it, with `early`), and Bob's (altered) WithdrawExpired.
private func withdrawExpired(sender: Address = Fx.bob, early: Bool = false, _ edit: (inout WithdrawExpired) -> Void) -> (ChannelState, Input) {
    var (p, req) = Fx.bobRequestsWithdraw()
    let before = Fx.accept(p.alice, .fromBob(req))
    let at = req.expiration.uint64! + 10
    let bobStep = Fx.accepting(p.bob, Fx.block(at))
    p.bob = bobStep.state
    guard case .sendWithdrawExpired(let o) = bobStep.outputs.first else { fatalError("no WithdrawExpired") }
    var m = o.message
    edit(&m)
    let alice = early ? before : Fx.accept(before, Fx.block(at))
    return (alice, .receiveWithdrawExpired(.init(sender: sender, message: m.signed(with: Fx.bobKey))))
}

/// Alice's state after starting a payment of 10 to Bob (secret 1), and Bob's SecretRequest.
private func secretRequest(sender: Address = Fx.bob, answered: Bool = false, _ edit: (inout SecretRequest) -> Void) -> (ChannelState, Input) {
    let (p, t) = Fx.aliceSends(Fx.opened())
    var m = SecretRequest(messageIdentifier: 5, paymentIdentifier: 1, secrethash: t.lock.secrethash, amount: 10, expiration: t.lock.expiration)
    var alice = p.alice
    if answered { alice = Fx.accept(alice, .receiveSecretRequest(.init(sender: Fx.bob, message: m.signed(with: Fx.bobKey)))) }
    edit(&m)
    return (alice, .receiveSecretRequest(.init(sender: sender, message: m.signed(with: Fx.bobKey))))
}

private func reveal(_ secret: Hash32, from sender: Address, key: PrivateKey) -> Input {
    .receiveSecretReveal(.init(sender: sender, message: RevealSecret(messageIdentifier: 9, secret: secret).signed(with: key)))
}

private func fresh() -> ChannelState { Fx.accept(ChannelState(ourAddress: Fx.alice, seed: 1), Fx.block(Fx.start)) }

private func channelNew(partner: Address = Fx.bob, reveal: UInt64 = Fx.reveal, settle: UInt64 = Fx.settle) -> Input {
    .contractReceiveChannelNew(.init(blockNumber: Fx.start, canonicalIdentifier: Fx.id, tokenAddress: Fx.token, partnerAddress: partner, revealTimeout: reveal, settleTimeout: settle))
}

private let otherChannel = CanonicalIdentifier(chainIdentifier: 337, tokenNetworkAddress: Fx.tokenNetwork, channelIdentifier: 8)

private func closedBy(_ closer: Address) -> Input {
    .contractReceiveChannelClosed(.init(blockNumber: Fx.start + 1, canonicalIdentifier: Fx.id, transactionFrom: closer))
}

private func close(_ s: inout ChannelState) { s = Fx.accept(s, .actionChannelClose(.init(canonicalIdentifier: Fx.id))) }

/// The channel closed and settled on chain with no locksroot on either side, so Raiden removes
/// it (channel._handle_channel_settled returns no channel); its payment tasks stay behind.
func removed(_ s: ChannelState) -> ChannelState {
    var s = s
    close(&s)
    s = Fx.accept(s, closedBy(s.ourState.address))
    let none = BalanceProofConstants.locksrootOfNoLocks
    return Fx.accept(s, .contractReceiveChannelSettled(.init(
        blockNumber: Fx.start + Fx.settle + 2, canonicalIdentifier: Fx.id, ourOnchainLocksroot: none, ourTransferredAmount: .zero,
        partnerOnchainLocksroot: none, partnerTransferredAmount: .zero)))
}

enum GuardCases {
    static let all: [GuardCase] = onChain + actions + withdraws + payments + lockedTransfer + unlocks + lockExpired

    static let onChain: [GuardCase] = [
        GuardCase(.blockBlockNumberDecreased, "a block older than the current one is ignored") { (Fx.opened().alice, Fx.block(Fx.start - 1)) },
        GuardCase(.channelNewChannelExists, "a second ChannelNew for a known channel is skipped") { (Fx.opened().alice, channelNew()) },
        GuardCase(.channelNewPartnerIsUs, "a channel with ourselves is refused") { (fresh(), channelNew(partner: Fx.alice)) },
        GuardCase(.channelNewInvalidRevealTimeout, "a zero reveal timeout is refused") { (fresh(), channelNew(reveal: 0)) },
        GuardCase(.channelNewInvalidSettleTimeout, "a zero settle timeout is refused") { (fresh(), channelNew(settle: 0)) },
        GuardCase(.depositUnknownChannel, "a deposit before the channel exists is ignored") {
            (fresh(), .contractReceiveChannelDeposit(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.alice, contractBalance: 5)))
        },
        GuardCase(.depositNotAParticipant, "a deposit by a stranger is ignored") {
            (Fx.opened().alice, .contractReceiveChannelDeposit(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.malloryKey.address, contractBalance: 5)))
        },
        GuardCase(.channelWithdrawUnknownChannel, "a withdraw in another channel is ignored") {
            (Fx.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: otherChannel, participant: Fx.alice, totalWithdraw: 5)))
        },
        GuardCase(.channelWithdrawNotAParticipant, "a withdraw by a stranger is ignored") {
            (Fx.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.malloryKey.address, totalWithdraw: 5)))
        },
        GuardCase(.closedUnknownChannel, "a close of another channel is ignored") {
            (Fx.opened().alice, .contractReceiveChannelClosed(.init(blockNumber: 11, canonicalIdentifier: otherChannel, transactionFrom: Fx.bob)))
        },
        GuardCase(.closedNotPriorToClosed, "a second ChannelClosed is ignored") { (Fx.accept(Fx.opened().alice, closedBy(Fx.bob)), closedBy(Fx.bob)) },
        GuardCase(.updateTransferUnknownChannel, "an update in another channel is ignored") {
            (Fx.opened().alice, .contractReceiveUpdateTransfer(.init(blockNumber: 11, canonicalIdentifier: otherChannel, nonce: 1)))
        },
        GuardCase(.settledUnknownChannel, "a settle of another channel is ignored") {
            let none = BalanceProofConstants.locksrootOfNoLocks
            return (Fx.opened().alice, .contractReceiveChannelSettled(.init(
                blockNumber: 70, canonicalIdentifier: otherChannel, ourOnchainLocksroot: none, ourTransferredAmount: 0,
                partnerOnchainLocksroot: none, partnerTransferredAmount: 0)))
        },
        GuardCase(.batchUnlockUnknownChannel, "an unlock in another channel is ignored") {
            (Fx.opened().alice, .contractReceiveChannelBatchUnlock(.init(
                blockNumber: 70, canonicalIdentifier: otherChannel, receiver: Fx.alice, sender: Fx.bob,
                locksroot: .zero, unlockedAmount: 1, returnedTokens: 0)))
        },
        GuardCase(.batchUnlockNotSettled, "an unlock before settlement is ignored") {
            (Fx.opened().alice, .contractReceiveChannelBatchUnlock(.init(
                blockNumber: 70, canonicalIdentifier: Fx.id, receiver: Fx.alice, sender: Fx.bob, locksroot: .zero,
                unlockedAmount: 1, returnedTokens: 0)))
        },
        GuardCase(.onchainSecretRevealNoTask, "an on-chain secret of no payment of ours is ignored") {
            (Fx.opened().alice, .contractReceiveSecretReveal(.init(blockNumber: 11, secrethash: Fx.secrethash(9), secret: Fx.secret(9))))
        },
        GuardCase(.onchainSecretRevealChannelRemoved, "an on-chain secret of a payment over a removed channel is ignored") {
            (removed(Fx.aliceSends(Fx.opened()).0.alice), .contractReceiveSecretReveal(.init(blockNumber: 11, secrethash: Fx.secrethash(1), secret: Fx.secret(1))))
        },
    ]

    static let actions: [GuardCase] = [
        GuardCase(.actionCloseUnknownChannel, "closing another channel is ignored") { (Fx.opened().alice, .actionChannelClose(.init(canonicalIdentifier: otherChannel))) },
        GuardCase(.actionCloseAlreadyClosed, "closing a closed channel does nothing") {
            (Fx.accept(Fx.opened().alice, closedBy(Fx.bob)), .actionChannelClose(.init(canonicalIdentifier: Fx.id)))
        },
        GuardCase(.actionWithdrawUnknownChannel, "withdrawing from another channel is ignored") {
            (Fx.opened().alice, .actionChannelWithdraw(.init(canonicalIdentifier: otherChannel, totalWithdraw: 5)))
        },
        GuardCase(.actionWithdrawChannelNotOpen, "withdrawing while closing is refused") {
            var a = Fx.opened().alice
            close(&a)
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: 5)))
        },
        GuardCase(.actionWithdrawDecreased, "a total withdraw below the on-chain one is refused") {
            let a = Fx.accept(Fx.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.alice, totalWithdraw: 50)))
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: 40)))
        },
        GuardCase(.actionWithdrawNotIncreased, "the same total withdraw again is refused (channel.is_valid_total_withdraw: 'did not increase')") {
            let a = Fx.accept(Fx.opened().alice, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.alice, totalWithdraw: 50)))
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: 50)))
        },
        GuardCase(.actionWithdrawInsufficientBalance, "withdrawing more than the balance is refused (1000 deposited, 1001 asked)") {
            (Fx.opened().alice, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: 1001)))
        },
        GuardCase(.actionWithdrawOverflow, "a total withdraw that overflows with the partner's is refused") {
            // Alice deposits MAX; Bob deposited 10 and withdrew 10; MAX − 5 + 10 > MAX.
            var a = Fx.opened(alice: max, bob: 10).alice
            a = Fx.accept(a, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.bob, totalWithdraw: 10)))
            return (a, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: minus(max, 5))))
        },
        GuardCase(.actionSetRevealTimeoutUnknownChannel, "changing another channel's reveal timeout is ignored") {
            (Fx.opened().alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: otherChannel, revealTimeout: 10)))
        },
        GuardCase(.actionSetRevealTimeoutBelowMinimum, "a reveal timeout below 7 is refused") {
            (Fx.opened().alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: Fx.id, revealTimeout: 6)))
        },
        GuardCase(.actionSetRevealTimeoutSettleTimeoutTooShort, "a reveal timeout above half the settle timeout is refused (2 × 26 > 50)") {
            (Fx.opened().alice, .actionChannelSetRevealTimeout(.init(canonicalIdentifier: Fx.id, revealTimeout: 26)))
        },
        GuardCase(.actionCoopSettleUnknownChannel, "coop-settling another channel is ignored") { (Fx.opened().alice, .actionChannelCoopSettle(.init(canonicalIdentifier: otherChannel))) },
        GuardCase(.actionCoopSettleNotSupported, "coop-settle is not supported yet") { (Fx.opened().alice, .actionChannelCoopSettle(.init(canonicalIdentifier: Fx.id))) },
    ]

    static let withdraws: [GuardCase] = [
        GuardCase(.withdrawRequestUnknownChannel, "a request for another channel is dropped") { request { $0.channelIdentifier = 8 } },
        GuardCase(.withdrawRequestChainIdMismatch, "a request on another chain is rejected") { request { $0.chainId = 1 } },
        GuardCase(.withdrawRequestParticipantNotPartner, "a request to withdraw for us is rejected") { request { $0.participant = Fx.alice } },
        GuardCase(.withdrawRequestSenderNotPartner, "a request sent by a stranger is rejected") { request(sender: Fx.malloryKey.address, key: Fx.malloryKey) { _ in } },
        GuardCase(.withdrawRequestDecreased, "a request below an earlier one is rejected") {
            request(alice: { a in
                var first = Fx.bobRequestsWithdraw(Fx.opened(), total: 200).1
                first.nonce = 1
                a = Fx.accept(a, .fromBob(first))
            }) { $0.nonce = 2; $0.totalWithdraw = 100 }
        },
        GuardCase(.withdrawRequestInsufficientBalance, "a partner withdrawing beyond its balance is rejected") { request { $0.totalWithdraw = 1001 } },
        GuardCase(.withdrawRequestNonceMismatch, "a request that skips a nonce is rejected") { request { $0.nonce += 1 } },
        GuardCase(.withdrawRequestOverflow, "a request overflowing with our total withdraw is rejected") {
            // Bob deposits MAX; Alice deposited 10 and withdrew 10; MAX − 5 + 10 > MAX.
            request(pair: Fx.opened(alice: 10, bob: max), alice: { a in
                a = Fx.accept(a, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.alice, totalWithdraw: 10)))
            }) { $0.totalWithdraw = minus(max, 5) }
        },
        GuardCase(.withdrawRequestSignatureInvalid, "a request with a mangled signature is rejected") { request(mangle: true) { _ in } },
        GuardCase(.withdrawRequestSignerNotSender, "a request forged by a stranger in the partner's name is rejected") { request(key: Fx.malloryKey) { _ in } },
        GuardCase(.withdrawRequestCoopSettleNotSupported, "a coop-settle request is rejected (not supported)") { request { $0.coopSettle = true } },

        GuardCase(.withdrawConfirmationUnknownChannel, "a confirmation for another channel is dropped") { confirmation { $0.channelIdentifier = 8 } },
        GuardCase(.withdrawConfirmationUnknownWithdraw, "a confirmation of a withdraw we never asked for is rejected") { confirmation { $0.totalWithdraw = 99 } },
        GuardCase(.withdrawConfirmationChainIdMismatch, "a confirmation on another chain is rejected") { confirmation { $0.chainId = 1 } },
        GuardCase(.withdrawConfirmationTotalWithdrawMismatch, "a confirmation of a superseded withdraw is rejected") {
            confirmation(bob: { b in b = Fx.accept(b, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: 150))) }) { _ in }
        },
        GuardCase(.withdrawConfirmationNonceMismatch, "a confirmation that skips a nonce is rejected (nonce 0, a reuse here, does not even decode)") { confirmation { $0.nonce += 1 } },
        GuardCase(.withdrawConfirmationExpirationMismatch, "a confirmation with another expiration is rejected") { confirmation { $0.expiration = $0.expiration.saturatingAdding(1) } },
        GuardCase(.withdrawConfirmationParticipantNotUs, "a confirmation naming the partner as participant is rejected") { confirmation { $0.participant = Fx.alice } },
        GuardCase(.withdrawConfirmationSenderNotPartner, "a confirmation from a stranger is rejected") { confirmation(sender: Fx.malloryKey.address, key: Fx.malloryKey) { _ in } },
        GuardCase(.withdrawConfirmationOverflow, "a confirmation overflowing with the partner's total withdraw is rejected") {
            // Alice's on-chain withdraw grew to MAX − 50 after Bob asked for 100.
            confirmation(pair: Fx.opened(alice: minus(max, 50), bob: 1000), bob: { b in
                b = Fx.accept(b, .contractReceiveChannelWithdraw(.init(blockNumber: 11, canonicalIdentifier: Fx.id, participant: Fx.alice, totalWithdraw: minus(max, 50))))
            }) { _ in }
        },
        GuardCase(.withdrawConfirmationSignatureInvalid, "a confirmation with a mangled signature is rejected") { confirmation(mangle: true) { _ in } },
        GuardCase(.withdrawConfirmationSignerNotSender, "a confirmation forged in the partner's name is rejected") { confirmation(key: Fx.malloryKey) { _ in } },

        GuardCase(.withdrawExpiredUnknownChannel, "a WithdrawExpired for another channel is dropped") { withdrawExpired { $0.channelIdentifier = 8 } },
        GuardCase(.withdrawExpiredUnknownWithdraw, "a WithdrawExpired for no pending request is rejected") { withdrawExpired { $0.totalWithdraw = 99 } },
        GuardCase(.withdrawExpiredNotExpired, "a WithdrawExpired before expiration + 5 is rejected") { withdrawExpired(early: true) { _ in } },
        GuardCase(.withdrawExpiredChainIdMismatch, "a WithdrawExpired on another chain is rejected") { withdrawExpired { $0.chainId = 1 } },
        GuardCase(.withdrawExpiredSenderNotPartner, "a WithdrawExpired from a stranger is rejected") { withdrawExpired(sender: Fx.malloryKey.address) { _ in } },
        GuardCase(.withdrawExpiredNonceMismatch, "a WithdrawExpired that skips a nonce is rejected") { withdrawExpired { $0.nonce += 1 } },
    ]

    static let payments: [GuardCase] = [
        GuardCase(.actionInitInitiatorSecrethashInUse, "paying twice with one secret does nothing") { (Fx.aliceSends(Fx.opened()).0.alice, Fx.pay(5, secret: 1)) },
        GuardCase(.actionInitInitiatorNoRoute, "paying someone who is not the partner fails") { (Fx.opened().alice, Fx.pay(5, secret: 1, target: Fx.malloryKey.address)) },
        GuardCase(.actionInitInitiatorChannelNotOpen, "paying over a closing channel fails") {
            var a = Fx.opened().alice
            close(&a)
            return (a, Fx.pay(5, secret: 1))
        },
        GuardCase(.actionInitInitiatorInvalidSettleTimeout, "paying over a channel whose settle timeout is below 2R fails") {
            var a = fresh()
            a = Fx.accept(a, channelNew(reveal: 30, settle: 50))
            a = Fx.accept(a, .contractReceiveChannelDeposit(.init(blockNumber: 10, canonicalIdentifier: Fx.id, participant: Fx.alice, contractBalance: 100)))
            return (a, Fx.pay(5, secret: 1))
        },
        GuardCase(.actionInitInitiatorPendingLimit, "a 161st pending payment fails (MAXIMUM_PENDING_TRANSFERS = 160)") {
            var a = Fx.opened().alice
            a.config.verifySignatures = false
            for n in 1...160 { a = ChannelMachine.transition(a, Fx.pay(1, secret: UInt64(n))).0 }
            return (a, Fx.pay(1, secret: 161))
        },
        GuardCase(.actionInitInitiatorInsufficientDistributable, "paying more than the deposit fails (1000 deposited, 1001 paid)") { (Fx.opened().alice, Fx.pay(1001, secret: 1)) },
        GuardCase(.actionInitInitiatorLockTimeoutMismatch, "a lock timeout equal to R fails (channel.is_channel_usable_for_new_transfer: 5 rejected, 6 accepted)") { (Fx.opened().alice, Fx.pay(5, secret: 1, lockTimeout: 5)) },

        GuardCase(.secretRequestNoTask, "a SecretRequest for no payment of ours is ignored") { secretRequest { $0.secrethash = Fx.secrethash(9) } },
        GuardCase(.secretRequestChannelRemoved, "a SecretRequest for a payment over a removed channel is ignored") {
            let (alice, input) = secretRequest { _ in }
            return (removed(alice), input)
        },
        GuardCase(.secretRequestSenderNotTarget, "a SecretRequest from a stranger is ignored") { secretRequest(sender: Fx.malloryKey.address) { _ in } },
        GuardCase(.secretRequestPaymentIdentifierMismatch, "a SecretRequest with another payment id is ignored") { secretRequest { $0.paymentIdentifier = 2 } },
        GuardCase(.secretRequestAlreadyReceived, "a second SecretRequest is ignored") { secretRequest(answered: true) { _ in } },
        GuardCase(.secretRequestAmountTooSmall, "a SecretRequest for less than the payment is rejected") { secretRequest { $0.amount = 9 } },
        GuardCase(.secretRequestExpirationMismatch, "a SecretRequest with another expiration is rejected (initiator.handle_secretrequest)") {
            secretRequest { $0.expiration = $0.expiration.saturatingAdding(1) }
        },

        GuardCase(.secretRevealNoTask, "a secret of no payment of ours is ignored") { (Fx.opened().alice, reveal(Fx.secret(9), from: Fx.bob, key: Fx.bobKey)) },
        GuardCase(.secretRevealChannelRemoved, "a secret of a payment over a removed channel is ignored") {
            (removed(Fx.aliceSends(Fx.opened()).0.alice), reveal(Fx.secret(1), from: Fx.bob, key: Fx.bobKey))
        },
        GuardCase(.secretRevealSenderNotPartner, "the initiator ignores a reveal from a stranger (initiator.handle_offchain_secretreveal)") {
            (Fx.aliceSends(Fx.opened()).0.alice, reveal(Fx.secret(1), from: Fx.malloryKey.address, key: Fx.malloryKey))
        },
        GuardCase(.secretRevealChannelNotOpen, "the initiator does not unlock over a closing channel") {
            var a = Fx.aliceSends(Fx.opened()).0.alice
            close(&a)
            return (a, reveal(Fx.secret(1), from: Fx.bob, key: Fx.bobKey))
        },
        GuardCase(.secretRevealLockExpired, "the initiator does not unlock at the lock's expiration block (initiator.handle_offchain_secretreveal: reveal at B = E → [])") {
            let (p, t) = Fx.aliceSends(Fx.opened())
            return (Fx.accept(p.alice, Fx.block(t.lock.expiration.uint64!)), reveal(Fx.secret(1), from: Fx.bob, key: Fx.bobKey))
        },
        GuardCase(.secretRevealTransferExpired, "the target ignores a reveal at expiration + 10") {
            let (p, t) = Fx.bobHoldsLock()
            return (Fx.accept(p.bob, Fx.block(t.lock.expiration.uint64! + 10)), reveal(Fx.secret(1), from: Fx.alice, key: Fx.aliceKey))
        },
    ]

    static let lockedTransfer: [GuardCase] = [
        GuardCase(.lockedTransferSecretRegistered, "a transfer whose secret is registered on chain is dropped") {
            let (b, input) = transfer { _ in }
            guard case .receiveLockedTransfer(var i) = input else { return (b, input) }
            i.secretRegistered = true
            return (b, .receiveLockedTransfer(i))
        },
        GuardCase(.lockedTransferNoRoutes, "a transfer without routes is dropped") { transfer { $0.metadata = Metadata(routes: []) } },
        GuardCase(.lockedTransferNotForUs, "a transfer for someone else is not mediated") { transfer { $0.target = Fx.malloryKey.address } },
        GuardCase(.lockedTransferSecrethashUsedByInitiator, "a transfer reusing the secrethash of our own payment is dropped") {
            transfer(bob: { b in b = Fx.accept(b, Fx.pay(5, secret: 1, target: Fx.alice)) }) { _ in }
        },
        GuardCase(.lockedTransferUnknownChannel, "a transfer in another channel is dropped (PC1)") { transfer { $0.channelIdentifier = 8 } },
        GuardCase(.lockedTransferDuplicateTransfer, "a repeated transfer gives no events, not even Processed (target.state_transition)") {
            let (p, m) = Fx.bobHoldsLock()
            return (p.bob, .fromAlice(m))
        },
        GuardCase(.lockedTransferChannelNotOpen, "a transfer over a closing channel is rejected (PC2)") { transfer(bob: close) { _ in } },
        GuardCase(.lockedTransferChainIdMismatch, "a transfer signed for another chain is rejected (PC1)") { transfer { $0.chainId = 1 } },
        GuardCase(.lockedTransferAmountOverflow, "a transfer whose T + L overflows is rejected") { transfer { $0.transferredAmount = max } },
        GuardCase(.lockedTransferNonceMismatch, "a transfer that skips a nonce is rejected (PC3)") { transfer { $0.nonce = 2 } },
        GuardCase(.lockedTransferSignatureInvalid, "a transfer with a mangled signature is rejected") { transfer(mangle: true) { _ in } },
        GuardCase(.lockedTransferSignerNotPartner, "a transfer signed by a stranger is rejected") { transfer(key: Fx.malloryKey) { _ in } },
        GuardCase(.lockedTransferDuplicateLock, "a lock already pending is rejected (hand-made state: the task was dropped)") {
            let (p, m) = Fx.bobHoldsLock()
            var b = p.bob
            b.targetTasks = []
            var again = Craft.transfer(to: b, lock: m.lock)
            again.locksroot = Amounts.locksroot(b.partnerState.pendingLocks + [m.lock])
            return (b, .fromAlice(again))
        },
        GuardCase(.lockedTransferPendingLimit, "a 161st pending lock is rejected") {
            var b = Fx.opened().bob
            b.config.verifySignatures = false
            for n in 1...160 {
                let lock = Lock(amount: 1, expiration: 100, secrethash: Fx.secrethash(UInt64(n)))
                b = ChannelMachine.transition(b, .receiveLockedTransfer(.init(sender: Fx.alice, message: Craft.transfer(to: b, lock: lock)))).0
            }
            b.config.verifySignatures = true
            return (b, .fromAlice(Craft.transfer(to: b, lock: Lock(amount: 1, expiration: 100, secrethash: Fx.secrethash(161)))))
        },
        GuardCase(.lockedTransferLocksrootMismatch, "a transfer whose locksroot leaves out a lock is rejected (PC4)") { transfer { $0.locksroot = Amounts.locksroot([]) } },
        GuardCase(.lockedTransferTransferredAmountChanged, "a transfer that changes the transferred amount is rejected") { transfer { $0.transferredAmount = 1 } },
        GuardCase(.lockedTransferLockedAmountMismatch, "a transfer whose locked amount is not the lock's is rejected (PC5)") { transfer { $0.lockedAmount = 11 } },
        GuardCase(.lockedTransferInsufficientDistributable, "a lock beyond the sender's deposit is rejected (PC6: 1001 > 1000)") {
            let b = Fx.opened().bob
            return (b, .fromAlice(Craft.transfer(to: b, lock: Lock(amount: 1001, expiration: 100, secrethash: Fx.secrethash(1)))))
        },
    ]

    static let unlocks: [GuardCase] = [
        GuardCase(.unlockUnknownSecrethash, "an Unlock with a wrong secret is dropped") { unlock { $0.secret = Fx.secret(99) } },
        GuardCase(.unlockChannelRemoved, "an Unlock over a removed channel is dropped") { unlock(bob: { b in b = removed(b) }) { _ in } },
        GuardCase(.unlockUnknownLock, "an Unlock for a lock we do not hold is rejected (hand-made state)") {
            unlock(bob: { b in b.partnerState.secrethashesToLockedlocks = [] }) { _ in }
        },
        GuardCase(.unlockChannelNotOpen, "an Unlock over a closing channel is rejected") { unlock(bob: close) { _ in } },
        GuardCase(.unlockChannelIdMismatch, "an Unlock signed for another channel is rejected") { unlock { $0.channelIdentifier = 8 } },
        GuardCase(.unlockTokenNetworkMismatch, "an Unlock signed for another token network is rejected") { unlock { $0.tokenNetworkAddress = Fx.token } },
        GuardCase(.unlockChainIdMismatch, "an Unlock signed for another chain is rejected") { unlock { $0.chainId = 1 } },
        GuardCase(.unlockAmountOverflow, "an Unlock whose T + L overflows is rejected") { unlock { $0.lockedAmount = max } },
        GuardCase(.unlockNonceMismatch, "an Unlock that reuses the transfer's nonce is rejected") { unlock { $0.nonce = 1 } },
        GuardCase(.unlockSignatureInvalid, "an Unlock with a mangled signature is rejected") { unlock(mangle: true) { _ in } },
        GuardCase(.unlockSignerNotPartner, "an Unlock signed by a stranger is rejected") { unlock(key: Fx.malloryKey) { _ in } },
        GuardCase(.unlockLocksrootMismatch, "an Unlock that keeps the lock in its locksroot is rejected") { unlock { $0.locksroot = Amounts.locksroot([Lock(amount: 1, expiration: 1, secrethash: .zero)]) } },
        GuardCase(.unlockTransferredAmountMismatch, "an Unlock that claims more was transferred is rejected") { unlock { $0.transferredAmount = 11 } },
        GuardCase(.unlockLockedAmountMismatch, "an Unlock with the wrong locked amount is rejected") { unlock { $0.lockedAmount = 1 } },
    ]

    static let lockExpired: [GuardCase] = [
        GuardCase(.lockExpiredUnknownSecrethash, "a LockExpired for no payment is dropped") { expired { $0.secrethash = Fx.secrethash(9) } },
        GuardCase(.lockExpiredChannelRemoved, "a LockExpired over a removed channel is dropped") { expired(bob: { b in b = removed(b) }) { _ in } },
        GuardCase(.lockExpiredUnlockedOnchain, "a LockExpired for a lock whose secret is on chain is rejected") {
            expired(bob: { b in b = Fx.accept(b, .contractReceiveSecretReveal(.init(blockNumber: 12, secrethash: Fx.secrethash(1), secret: Fx.secret(1)))) }) { _ in }
        },
        GuardCase(.lockExpiredUnknownLock, "a LockExpired for a lock we do not hold is rejected (hand-made state)") {
            expired(bob: { b in b.partnerState.secrethashesToLockedlocks = [] }) { _ in }
        },
        GuardCase(.lockExpiredChannelNotOpen, "a LockExpired over a closing channel is rejected") { expired(bob: close) { _ in } },
        GuardCase(.lockExpiredChannelIdMismatch, "a LockExpired signed for another channel is rejected") { expired { $0.channelIdentifier = 8 } },
        GuardCase(.lockExpiredTokenNetworkMismatch, "a LockExpired signed for another token network is rejected") { expired { $0.tokenNetworkAddress = Fx.token } },
        GuardCase(.lockExpiredChainIdMismatch, "a LockExpired signed for another chain is rejected") { expired { $0.chainId = 1 } },
        GuardCase(.lockExpiredAmountOverflow, "a LockExpired whose T + L overflows is rejected") { expired { $0.transferredAmount = max; $0.lockedAmount = 1 } },
        GuardCase(.lockExpiredNonceMismatch, "a LockExpired that skips a nonce is rejected") { expired { $0.nonce = 3 } },
        GuardCase(.lockExpiredSignatureInvalid, "a LockExpired with a mangled signature is rejected") { expired(mangle: true) { _ in } },
        GuardCase(.lockExpiredSignerNotPartner, "a LockExpired signed by a stranger is rejected") { expired(key: Fx.malloryKey) { _ in } },
        GuardCase(.lockExpiredNotExpired, "a LockExpired before expiration + 5 is rejected (early lock expiry)") { expired(early: true) { _ in } },
        GuardCase(.lockExpiredLocksrootMismatch, "a LockExpired that keeps the lock in its locksroot is rejected") { expired { $0.locksroot = Amounts.locksroot([Lock(amount: 1, expiration: 1, secrethash: .zero)]) } },
        GuardCase(.lockExpiredTransferredAmountChanged, "a LockExpired that moves the transferred amount is rejected") { expired { $0.transferredAmount = 10 } },
        GuardCase(.lockExpiredLockedAmountMismatch, "a LockExpired with the wrong locked amount is rejected") { expired { $0.lockedAmount = 10 } },
    ]
}
