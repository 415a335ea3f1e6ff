import NettingCodec
import NettingCrypto
import NettingMachine

/// The on-chain side of a channel driven by hand (`netting chain`): what each contract call
/// submits, derived from what the two parties' saved states already hold — the balance proofs
/// each received, the locks each sent, the deposits both saw — never copied by hand. Pure.
public enum HandChain {
    /// Why a contract call cannot be made from these states, with a stable code.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Why the call is not made, when the contract is not even asked.
        public enum Code: String, Sendable, CaseIterable {
            /// The two states are not the two ends of one channel, or disagree about what the
            /// chain recorded (deposits, withdraws, timeouts).
            case statesDisagree = "chain.states_disagree"
            /// Neither state holds the balance proof whose hash the contract stored: settle
            /// cannot be called with values that match it.
            case unknownBalanceHash = "chain.unknown_balance_hash"
            /// The state or key is not one of the channel's participants, or not the one the
            /// call needs (the closer cannot update).
            case notAParticipant = "chain.not_a_participant"
            /// The block given is before the chain's current block.
            case blockDecreased = "chain.block_decreased"
        }
        public enum Cause: Equatable, Sendable {
            /// The states cannot make this call.
            case refused(Code)
            /// The contract reverts: its revert code and reason string (spec/errors.yaml `reverts`).
            case reverted(ChainRevert)
        }
        public let cause: Cause
        public let reason: String
        public init(_ code: Code, _ reason: String) { (self.cause, self.reason) = (.refused(code), reason) }
        public init(_ revert: ChainRevert) { (self.cause, self.reason) = (.reverted(revert), "the contract reverts: \(revert.reason)") }
        /// The stable code: the refusal's, or the revert's.
        public var code: String {
            switch cause {
            case .refused(let code): code.rawValue
            case .reverted(let revert): revert.code
            }
        }
        public var description: String { "\(reason) [\(code)]" }
    }

    /// The contract as both states saw the channel open: the same canonical identifier and
    /// settle timeout, each the other's partner, the deposits and on-chain withdraws both
    /// recorded. `a`'s address is participant 1.
    public static func open(_ a: ChannelState, _ b: ChannelState) throws(Failure) -> TokenNetwork {
        guard a.exists, b.exists else { throw Failure(.statesDisagree, "both states must have an open channel (\(a.status.rawValue), \(b.status.rawValue))") }
        guard a.canonicalIdentifier == b.canonicalIdentifier else {
            throw Failure(.statesDisagree, "the states are of different channels (\(a.canonicalIdentifier.channelIdentifier) in \(a.canonicalIdentifier.tokenNetworkAddress.hex), \(b.canonicalIdentifier.channelIdentifier) in \(b.canonicalIdentifier.tokenNetworkAddress.hex))")
        }
        guard a.partnerState.address == b.ourState.address, b.partnerState.address == a.ourState.address else {
            throw Failure(.statesDisagree, "the states are not each other's partner (\(a.ourState.address.hex) ↔ \(a.partnerState.address.hex), \(b.ourState.address.hex) ↔ \(b.partnerState.address.hex))")
        }
        guard a.settleTimeout == b.settleTimeout else {
            throw Failure(.statesDisagree, "the settle timeouts differ (\(a.settleTimeout), \(b.settleTimeout))")
        }
        for (x, y) in [(a, b), (b, a)] {
            guard x.ourState.contractBalance == y.partnerState.contractBalance, x.ourState.onchainTotalWithdraw == y.partnerState.onchainTotalWithdraw else {
                throw Failure(.statesDisagree, "the states disagree about \(x.ourState.address.hex)'s deposit or on-chain withdraw (\(x.ourState.contractBalance)/\(x.ourState.onchainTotalWithdraw) and \(y.partnerState.contractBalance)/\(y.partnerState.onchainTotalWithdraw))")
            }
        }
        let id = a.canonicalIdentifier
        var chain = TokenNetwork(
            chainId: id.chainIdentifier, address: id.tokenNetworkAddress, channelIdentifier: id.channelIdentifier,
            settleTimeout: a.settleTimeout, participants: (a.ourState.address, b.ourState.address))
        for (i, s) in [a, b].enumerated() {
            chain.participants[i].deposit = s.ourState.contractBalance
            chain.participants[i].withdrawn = s.ourState.onchainTotalWithdraw
            chain.pay(s.ourState.address, s.ourState.onchainTotalWithdraw, \.withdrawn)
        }
        return chain
    }

    /// The codec's on-chain balance proof for a proof a state holds, in channel `id`.
    public static func onchainProof(_ proof: BalanceProofState, in id: CanonicalIdentifier) -> BalanceProof {
        BalanceProof(
            chainId: id.chainIdentifier, tokenNetworkAddress: id.tokenNetworkAddress, channelIdentifier: id.channelIdentifier,
            nonce: proof.nonce, balanceHash: proof.balanceHash, additionalHash: proof.messageHash, signature: proof.signature)
    }

    /// setTotalDeposit by the state's owner. Returns the ChannelNewDeposit log.
    public static func deposit(_ chain: inout TokenNetwork, by state: ChannelState, key: PrivateKey, total: UInt256, block: UInt64) throws(Failure) -> ChainLog {
        try own(state, key, chain)
        do { try chain.setTotalDeposit(key.address, total: total) } catch { throw Failure(error) }
        return .channelNewDeposit(.init(blockNumber: block, channel: channel(chain), participant: key.address, total: total))
    }

    /// setTotalWithdraw by the state's owner, with the partner's WithdrawConfirmation (its
    /// signature is the partner's) and our own signature over the same 200 bytes. Returns the
    /// ChannelWithdraw log.
    public static func withdraw(
        _ chain: inout TokenNetwork, by state: ChannelState, key: PrivateKey, confirmation: WithdrawConfirmation, block: UInt64
    ) throws(Failure) -> ChainLog {
        try own(state, key, chain)
        guard confirmation.participant == key.address else {
            throw Failure(.notAParticipant, "the WithdrawConfirmation is for \(confirmation.participant.hex), not for \(key.address.hex)")
        }
        let ours = key.signEIP191(confirmation.signedBytes())
        do {
            try chain.setTotalWithdraw(
                key.address, total: confirmation.totalWithdraw, expiration: confirmation.expiration, block: block,
                participantSignature: ours, partnerSignature: confirmation.signature)
        } catch { throw Failure(error) }
        return .channelWithdraw(.init(blockNumber: block, channel: channel(chain), participant: key.address, total: confirmation.totalWithdraw))
    }

    /// closeChannel by `closer`'s node: the partner's latest balance proof it holds (none if
    /// it received none), counter-signed with `key`. Returns the ChannelClosed log.
    public static func close(
        _ chain: inout TokenNetwork, closer: ChannelState, key: PrivateKey, block: UInt64
    ) throws(Failure) -> ChainLog {
        try own(closer, key, chain)
        let proof = closer.partnerState.balanceProof.map { onchainProof($0, in: chain.canonicalIdentifier) }
        let unsigned = proof ?? BalanceProof(
            chainId: chain.chainId, tokenNetworkAddress: chain.address, channelIdentifier: chain.channelIdentifier,
            nonce: 0, balanceHash: .zero, additionalHash: .zero, signature: .empty)
        do {
            try chain.closeChannel(
                closer: key.address, partnerBalanceProof: proof, closingSignature: key.signEIP191(unsigned.balanceProofCloseData()), block: block)
        } catch { throw Failure(error) }
        return .channelClosed(.init(
            blockNumber: block, channel: channel(chain), closingParticipant: key.address, nonce: unsigned.nonce, balanceHash: unsigned.balanceHash))
    }

    /// updateNonClosingBalanceProof by the non-closer's node: the closer's latest balance proof
    /// it holds, counter-signed with `key`. Returns the NonClosingBalanceProofUpdated log.
    public static func update(
        _ chain: inout TokenNetwork, nonCloser: ChannelState, key: PrivateKey, block: UInt64
    ) throws(Failure) -> ChainLog {
        try own(nonCloser, key, chain)
        guard let held = nonCloser.partnerState.balanceProof else {
            throw Failure(ChainRevert(.updateBalanceHashZero))
        }
        let proof = onchainProof(held, in: chain.canonicalIdentifier)
        do {
            try chain.updateNonClosingBalanceProof(
                nonCloser: key.address, closerBalanceProof: proof, nonClosingSignature: key.signEIP191(proof.balanceProofUpdateData()))
        } catch { throw Failure(error) }
        return .nonClosingBalanceProofUpdated(.init(
            blockNumber: block, channel: channel(chain), closingParticipant: nonCloser.partnerState.address, nonce: proof.nonce,
            balanceHash: proof.balanceHash))
    }

    /// settleChannel with the values behind each stored balance hash, found among the proofs
    /// the states hold (a participant's own latest, and the one its partner received), in the
    /// client's participant order. Returns the ChannelSettled log.
    public static func settle(_ chain: inout TokenNetwork, states: [ChannelState], block: UInt64) throws(Failure) -> ChainLog {
        var data: [Address: TokenNetwork.BalanceData] = [:]
        for p in chain.participants {
            data[p.address] = try balanceData(of: p, states: states)
        }
        let log: TokenNetwork.ChannelSettled
        do { log = try chain.settleChannel(data, block: block) } catch { throw Failure(error) }
        return .channelSettled(.init(blockNumber: block, channel: channel(chain), participant1: log.participant1, participant2: log.participant2))
    }

    /// What `participant`'s stored balance hash stands for: nothing submitted (zero), or the
    /// values of a proof one of the states holds that hashes to it.
    static func balanceData(of participant: TokenNetwork.Participant, states: [ChannelState]) throws(Failure) -> TokenNetwork.BalanceData {
        if participant.balanceHash == .zero { return .empty }
        var known: [BalanceProofState] = []
        for s in states {
            if s.ourState.address == participant.address, let bp = s.ourState.balanceProof { known.append(bp) }
            if s.partnerState.address == participant.address, let bp = s.partnerState.balanceProof { known.append(bp) }
        }
        guard let bp = known.first(where: { $0.balanceHash == participant.balanceHash }) else {
            throw Failure(.unknownBalanceHash, "no state holds the balance proof of \(participant.address.hex) whose hash the contract stored (\(participant.balanceHash.hex), nonce \(participant.nonce))")
        }
        return .init(transferred: bp.transferredAmount, locked: bp.lockedAmount, locksroot: bp.locksroot)
    }

    /// unlock for every direction settle kept tokens for: the sender's pending locks, as the
    /// sender's state or the receiver's holds them (whichever hashes to the stored locksroot;
    /// the sender's otherwise, and the contract reverts). Returns one ChannelUnlocked log each.
    public static func unlock(_ chain: inout TokenNetwork, states: [ChannelState], block: UInt64) throws(Failure) -> [ChainLog] {
        var logs: [ChainLog] = []
        for record in chain.unlockData {
            var candidates: [[Lock]] = []
            for s in states {
                if s.ourState.address == record.sender { candidates.append(s.ourState.pendingLocks) }
                if s.partnerState.address == record.sender { candidates.append(s.partnerState.pendingLocks) }
            }
            let locks = candidates.first { Lock.locksroot($0) == record.locksroot } ?? candidates.first ?? []
            let result: UnlockAmounts
            do { result = try chain.unlock(receiver: record.receiver, sender: record.sender, locks: locks) } catch { throw Failure(error) }
            logs.append(.channelUnlocked(.init(
                blockNumber: block, channel: channel(chain), receiver: record.receiver, sender: record.sender, locksroot: record.locksroot,
                unlockedAmount: result.unlocked, returnedTokens: result.returned)))
        }
        return logs
    }

    /// SecretRegistry.registerSecret; nil if the secret was registered before (no log).
    public static func registerSecret(_ chain: inout TokenNetwork, secret: Hash32, block: UInt64) -> ChainLog? {
        chain.registerSecret(secret, block: block) ? .secretRevealed(.init(blockNumber: block, secret: secret)) : nil
    }

    /// What the contract pays once every call still to come is made: from `chain` (nil: the
    /// channel as both states saw it open), close with the latest proof each side holds if it
    /// is still open, settle at the first block it may (or `block`, if later), register every
    /// secret a receiver knows whose lock has not expired by then, and unlock both directions.
    /// `final` is true when the contract had already made every call (nothing is predicted).
    public static func payout(
        _ chain: TokenNetwork?, states: [ChannelState], block: UInt64
    ) throws(Failure) -> (chain: TokenNetwork, final: Bool) {
        guard states.count == 2 else { throw Failure(.statesDisagree, "a payout needs the channel's two states") }
        var c: TokenNetwork
        if let chain { c = chain } else { c = try open(states[0], states[1]) }
        let final = c.phase == .settled && c.unlockData.isEmpty
        var now = block
        // A receiver that knows a secret registers it while its lock can still pay.
        for s in states {
            for t in s.targetTasks {
                if let secret = t.secret, UInt256(block) < t.lock.expiration { c.registerSecret(secret, block: block) }
            }
        }
        if c.phase == .opened {
            // Both sides submit the latest proof of the other they hold, as honest nodes do.
            for (i, p) in c.participants.enumerated() {
                let held = states.first { $0.partnerState.address == p.address }?.partnerState.balanceProof
                c.participants[i].balanceHash = held?.balanceHash ?? .zero
                c.participants[i].nonce = held?.nonce ?? 0
            }
            c.phase = .closed(settleBlock: now)
        }
        if case .closed(let settleBlock) = c.phase {
            // The first block settle is allowed in; none after the last block there is.
            guard settleBlock < .max else { throw Failure(ChainRevert(.settleTooEarly)) }
            now = max(now, settleBlock + 1)
            _ = try settle(&c, states: states, block: now)
        }
        _ = try unlock(&c, states: states, block: now)
        return (c, final)
    }

    static func channel(_ chain: TokenNetwork) -> ChainLog.Channel {
        ChainLog.Channel(tokenNetworkAddress: chain.address, channelIdentifier: chain.channelIdentifier)
    }

    /// The state is `key`'s end of this channel.
    static func own(_ state: ChannelState, _ key: PrivateKey, _ chain: TokenNetwork) throws(Failure) {
        guard state.ourState.address == key.address else {
            throw Failure(.notAParticipant, "the key is \(key.address.hex)'s, the state is \(state.ourState.address.hex)'s")
        }
        guard chain.participant(key.address) != nil, state.canonicalIdentifier == chain.canonicalIdentifier else {
            throw Failure(.notAParticipant, "the state \(state.ourState.address.hex) is not an end of channel \(chain.channelIdentifier) in \(chain.address.hex)")
        }
    }
}
