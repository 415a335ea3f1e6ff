import NettingCodec
import NettingCrypto
@testable import NettingMachine
import Testing

// Long seeded random walks on a two-party setup: payments both ways, withdraws, blocks, message
// delivery in random interleavings (each direction in order, as Raiden's ordered queues), and
// replays of old messages. Every invariant and only declared outputs after every step
// (Walk.apply); after quiescence both sides agree on every balance.

@Suite struct PropertyTests {
    struct Flight { let sender: Walk.Party; let input: Input }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func randomWalksKeepEveryInvariantAndEndInAgreement(seed: UInt64) {
        Self.randomWalk(seed: seed)
    }

    /// One walk and its expectations; every step goes through `Walk.apply` (invariants and
    /// declared outputs). DeclaredOutputTests runs it too, to see which outputs it produces.
    static func randomWalk(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        func roll(_ n: UInt64) -> UInt64 { rng.next() % n }
        var pair = Fx.opened(alice: 500, bob: 300)
        var inFlight: [Walk.Party: [Input]] = [.alice: [], .bob: [], ]  // keyed by receiver
        var delivered: [(Walk.Party, Input)] = []
        var secret: UInt64 = 100
        var block = Fx.start
        var rejections: [String] = []

        func post(_ sender: Walk.Party, _ outputs: [Output]) {
            let receiver: Walk.Party = sender == .alice ? .bob : .alice
            for o in outputs {
                if let input = Fx.received(o, signedBy: Walk.key(sender)) { inFlight[receiver, default: []].append(input) }
                if case .contractSendChannelWithdraw(let w) = o {
                    let onchain = Input.contractReceiveChannelWithdraw(.init(
                        blockNumber: block, canonicalIdentifier: Fx.id, participant: sender == .alice ? Fx.alice : Fx.bob, totalWithdraw: w.totalWithdraw))
                    _ = Walk.apply(&pair, .alice, onchain)
                    _ = Walk.apply(&pair, .bob, onchain)
                }
            }
        }
        func flush() {
            while !(inFlight[.alice]!.isEmpty && inFlight[.bob]!.isEmpty) {
                deliverOne(to: .alice)
                deliverOne(to: .bob)
            }
        }
        func deliverOne(to receiver: Walk.Party) {
            guard let input = inFlight[receiver]?.first else { return }
            inFlight[receiver]!.removeFirst()
            let step = Walk.apply(&pair, receiver, input)
            switch (input, step.rejection) {
            case (.receiveLockedTransfer, let r?), (.receiveUnlock, let r?), (.receiveLockExpired, let r?),
                (.receiveWithdrawRequest, let r?), (.receiveWithdrawConfirmation, let r?), (.receiveWithdrawExpired, let r?):
                rejections.append("\(input.name.rawValue): \(r)")
            default: break  // late SecretRequests / reveals after a payment ended are ignored, as in Raiden
            }
            delivered.append((receiver, input))
            post(receiver, step.outputs)
        }

        for _ in 0..<2000 {
            let party: Walk.Party = roll(2) == 0 ? .alice : .bob
            switch roll(10) {
            case 0, 1:
                secret += 1
                let target = party == .alice ? Fx.bob : Fx.alice
                let step = Walk.apply(&pair, party, Fx.pay(UInt256(1 + roll(60)), secret: secret, target: target))
                post(party, step.outputs)
            case 2:
                let state = party == .alice ? pair.alice : pair.bob
                // One withdraw at a time: overlapping ones desynchronise the nonces
                // (quirk overlapping_withdraws, WithdrawQuirkTests).
                // A confirmation arriving after its request expired is rejected too (quirk
                // late_withdraw_confirmation), so a withdraw runs on a quiet channel, to the end.
                guard state.ourState.withdrawsPending.isEmpty else { continue }
                flush()
                let total = state.ourState.totalWithdraw.saturatingAdding(UInt256(1 + roll(40)))
                let step = Walk.apply(&pair, party, .actionChannelWithdraw(.init(canonicalIdentifier: Fx.id, totalWithdraw: total)))
                post(party, step.outputs)
                flush()
            case 3:
                block += 1 + roll(3)
                post(.alice, Walk.apply(&pair, .alice, Fx.block(block)).outputs)
                post(.bob, Walk.apply(&pair, .bob, Fx.block(block)).outputs)
            case 4:
                // A replayed balance-proof or withdraw message is never accepted twice.
                let old = delivered.filter { d in
                    switch d.1 {
                    case .receiveLockedTransfer, .receiveUnlock, .receiveLockExpired, .receiveWithdrawRequest, .receiveWithdrawConfirmation: true
                    default: false
                    }
                }
                if !old.isEmpty {
                    let (receiver, input) = old[Int(roll(UInt64(old.count)))]
                    let step = Walk.apply(&pair, receiver, input)
                    #expect(step.rejection != nil, "a replayed \(input.name) was accepted")
                }
            default:
                deliverOne(to: party)
            }
        }
        // Quiescence: deliver everything, then let every lock resolve or expire.
        for _ in 0..<200 {
            flush()
            let idle = pair.alice.initiatorTasks.isEmpty && pair.bob.initiatorTasks.isEmpty
                && pair.alice.targetTasks.isEmpty && pair.bob.targetTasks.isEmpty
                && pair.alice.ourState.withdrawsPending.isEmpty && pair.bob.ourState.withdrawsPending.isEmpty
            if idle { break }
            block += 1
            post(.alice, Walk.apply(&pair, .alice, Fx.block(block)).outputs)
            post(.bob, Walk.apply(&pair, .bob, Fx.block(block)).outputs)
        }
        #expect(rejections == [], "honest balance-proof and withdraw messages are all accepted")
        let a = pair.alice, b = pair.bob
        #expect(a.initiatorTasks.isEmpty && b.initiatorTasks.isEmpty && a.targetTasks.isEmpty && b.targetTasks.isEmpty)
        #expect(a.ourState.pendingLocks.isEmpty && b.ourState.pendingLocks.isEmpty)
        #expect(a.ourState.nonce == b.partnerState.nonce && b.ourState.nonce == a.partnerState.nonce)
        #expect(a.ourState.transferredAmount == b.partnerState.transferredAmount)
        #expect(b.ourState.transferredAmount == a.partnerState.transferredAmount)
        #expect(Amounts.balance(a.ourState, a.partnerState) == Amounts.balance(b.partnerState, b.ourState))
        #expect(Amounts.balance(b.ourState, b.partnerState) == Amounts.balance(a.partnerState, a.ourState))
        // Conservation: 500 + 300 deposited = balances + withdrawn.
        let total = Amounts.balance(a.ourState, a.partnerState) + Amounts.balance(a.partnerState, a.ourState)
            + SignedAmount(a.ourState.totalWithdraw) + SignedAmount(a.partnerState.totalWithdraw)
        #expect(total == SignedAmount(800))
    }
}
