import NettingCodec
import NettingCrypto
import NettingMachine

/// A log the TokenNetwork (or the SecretRegistry) of raiden-contracts 0.40.2 emits, with the
/// contract's event name and argument names, and the block it was mined in. Logs are
/// party-neutral: each party's node turns one into its own `ContractReceive…` input, as
/// Raiden's blockchain decoder does (raiden/blockchain/decode.py, the `…_from_event`
/// functions; for ChannelSettled, raiden/blockchain/state.py
/// get_contractreceivechannelsettled_data_from_event picks "our" and "partner" by address).
/// So one log file is given unchanged to both parties' `netting step`.
///
/// Declared in spec/chain.yaml `logs` (each event's arguments and the input it becomes; schema:
/// spec/schemas/chain-log.schema.json). Canonical JSON (spec/channel.yaml `canonical` spelling:
/// integers as decimal strings, hex lowercase): an object tagged with `type`, every key present, e.g.
/// `{"type":"ChannelClosed","block_number":"120","token_network_address":"0x…","channel_identifier":"1","closing_participant":"0x…","nonce":"3","balance_hash":"0x…"}`.
public enum ChainLog: Equatable, Sendable {
    /// ChannelNewDeposit(channel_identifier, participant, total_deposit).
    case channelNewDeposit(Total)
    /// ChannelWithdraw(channel_identifier, participant, total_withdraw).
    case channelWithdraw(Total)
    /// ChannelClosed(channel_identifier, closing_participant, nonce, balance_hash).
    case channelClosed(BalanceProofLog)
    /// NonClosingBalanceProofUpdated(channel_identifier, closing_participant, nonce, balance_hash).
    case nonClosingBalanceProofUpdated(BalanceProofLog)
    /// ChannelSettled(channel_identifier, participant1, participant1_amount, participant1_locksroot,
    /// participant2, participant2_amount, participant2_locksroot).
    case channelSettled(Settled)
    /// ChannelUnlocked(channel_identifier, receiver, sender, locksroot, unlocked_amount, returned_tokens).
    case channelUnlocked(Unlocked)
    /// SecretRegistry's SecretRevealed(secrethash, secret).
    case secretRevealed(SecretRevealed)

    /// The channel a TokenNetwork log is about.
    public struct Channel: Equatable, Sendable {
        public var tokenNetworkAddress: Address
        public var channelIdentifier: UInt256
        public init(tokenNetworkAddress: Address, channelIdentifier: UInt256) {
            (self.tokenNetworkAddress, self.channelIdentifier) = (tokenNetworkAddress, channelIdentifier)
        }
    }

    /// A participant's new total (deposit or withdraw).
    public struct Total: Equatable, Sendable {
        public var blockNumber: UInt64
        public var channel: Channel
        public var participant: Address
        public var total: UInt256
        public init(blockNumber: UInt64, channel: Channel, participant: Address, total: UInt256) {
            (self.blockNumber, self.channel, self.participant, self.total) = (blockNumber, channel, participant, total)
        }
    }

    public struct BalanceProofLog: Equatable, Sendable {
        public var blockNumber: UInt64
        public var channel: Channel
        public var closingParticipant: Address
        public var nonce: UInt64
        public var balanceHash: Hash32
        public init(blockNumber: UInt64, channel: Channel, closingParticipant: Address, nonce: UInt64, balanceHash: Hash32) {
            (self.blockNumber, self.channel, self.closingParticipant, self.nonce, self.balanceHash) =
                (blockNumber, channel, closingParticipant, nonce, balanceHash)
        }
    }

    public struct Settled: Equatable, Sendable {
        public var blockNumber: UInt64
        public var channel: Channel
        public var participant1: TokenNetwork.ChannelSettled.Side
        public var participant2: TokenNetwork.ChannelSettled.Side
        public init(blockNumber: UInt64, channel: Channel, participant1: TokenNetwork.ChannelSettled.Side, participant2: TokenNetwork.ChannelSettled.Side) {
            (self.blockNumber, self.channel, self.participant1, self.participant2) = (blockNumber, channel, participant1, participant2)
        }
    }

    public struct Unlocked: Equatable, Sendable {
        public var blockNumber: UInt64
        public var channel: Channel
        public var receiver: Address
        public var sender: Address
        public var locksroot: Hash32
        public var unlockedAmount: UInt256
        public var returnedTokens: UInt256
        public init(blockNumber: UInt64, channel: Channel, receiver: Address, sender: Address, locksroot: Hash32, unlockedAmount: UInt256, returnedTokens: UInt256) {
            (self.blockNumber, self.channel, self.receiver, self.sender, self.locksroot, self.unlockedAmount, self.returnedTokens) =
                (blockNumber, channel, receiver, sender, locksroot, unlockedAmount, returnedTokens)
        }
    }

    public struct SecretRevealed: Equatable, Sendable {
        public var blockNumber: UInt64
        public var secrethash: Hash32
        public var secret: Hash32
        public init(blockNumber: UInt64, secret: Hash32) {
            (self.blockNumber, self.secrethash, self.secret) = (blockNumber, SecretHash.of(secret), secret)
        }
    }

    /// The contract's event names, as the `type` tag spells them (spec/chain.yaml `logs`).
    public static let typeNames = ChainFormat.logs.map(\.type)

    public var typeName: String {
        switch self {
        case .channelNewDeposit: "ChannelNewDeposit"
        case .channelWithdraw: "ChannelWithdraw"
        case .channelClosed: "ChannelClosed"
        case .nonClosingBalanceProofUpdated: "NonClosingBalanceProofUpdated"
        case .channelSettled: "ChannelSettled"
        case .channelUnlocked: "ChannelUnlocked"
        case .secretRevealed: "SecretRevealed"
        }
    }

    public var blockNumber: UInt64 {
        switch self {
        case .channelNewDeposit(let l), .channelWithdraw(let l): l.blockNumber
        case .channelClosed(let l), .nonClosingBalanceProofUpdated(let l): l.blockNumber
        case .channelSettled(let l): l.blockNumber
        case .channelUnlocked(let l): l.blockNumber
        case .secretRevealed(let l): l.blockNumber
        }
    }

    /// The channel of a TokenNetwork log; nil for the SecretRegistry's.
    public var channel: Channel? {
        switch self {
        case .channelNewDeposit(let l), .channelWithdraw(let l): l.channel
        case .channelClosed(let l), .nonClosingBalanceProofUpdated(let l): l.channel
        case .channelSettled(let l): l.channel
        case .channelUnlocked(let l): l.channel
        case .secretRevealed: nil
        }
    }
}

/// Why a log is not for a state.
public struct ChainLogMismatch: Error, Equatable, Sendable {
    public let reason: String
}

extension ChainLog {
    /// The `ContractReceive…` input this log becomes at the node whose state is `state`, as
    /// Raiden's decoder builds it; a TokenNetwork log of another channel, or a ChannelSettled
    /// that names neither end, is not for this state.
    public func input(for state: ChannelState) throws(ChainLogMismatch) -> Input {
        let id = state.canonicalIdentifier
        if let channel, channel.tokenNetworkAddress != id.tokenNetworkAddress || channel.channelIdentifier != id.channelIdentifier {
            throw ChainLogMismatch(reason: "is a log of channel \(channel.channelIdentifier) in token network \(channel.tokenNetworkAddress.hex); the state's channel is \(id.channelIdentifier) in \(id.tokenNetworkAddress.hex)")
        }
        switch self {
        case .channelNewDeposit(let l):
            // contractreceivechanneldeposit_from_event: the participant's new total deposit.
            return .contractReceiveChannelDeposit(.init(blockNumber: l.blockNumber, canonicalIdentifier: id, participant: l.participant, contractBalance: l.total))
        case .channelWithdraw(let l):
            return .contractReceiveChannelWithdraw(.init(blockNumber: l.blockNumber, canonicalIdentifier: id, participant: l.participant, totalWithdraw: l.total))
        case .channelClosed(let l):
            // contractreceivechannelclosed_from_event: transaction_from is the closing participant.
            return .contractReceiveChannelClosed(.init(blockNumber: l.blockNumber, canonicalIdentifier: id, transactionFrom: l.closingParticipant))
        case .nonClosingBalanceProofUpdated(let l):
            return .contractReceiveUpdateTransfer(.init(blockNumber: l.blockNumber, canonicalIdentifier: id, nonce: l.nonce))
        case .channelSettled(let l):
            let us = state.ourState.address
            guard let ours = [l.participant1, l.participant2].first(where: { $0.address == us }),
                let theirs = [l.participant1, l.participant2].first(where: { $0.address != us })
            else { throw ChainLogMismatch(reason: "names \(l.participant1.address.hex) and \(l.participant2.address.hex), not this state's \(us.hex)") }
            // contractreceivechannelsettled_from_event: an empty (zero) locksroot stored on chain
            // is LOCKSROOT_OF_NO_LOCKS to the client.
            func clientLocksroot(_ h: Hash32) -> Hash32 { h == .zero ? BalanceProofConstants.locksrootOfNoLocks : h }
            return .contractReceiveChannelSettled(.init(
                blockNumber: l.blockNumber, canonicalIdentifier: id,
                ourOnchainLocksroot: clientLocksroot(ours.locksroot), ourTransferredAmount: ours.amount,
                partnerOnchainLocksroot: clientLocksroot(theirs.locksroot), partnerTransferredAmount: theirs.amount))
        case .channelUnlocked(let l):
            return .contractReceiveChannelBatchUnlock(.init(
                blockNumber: l.blockNumber, canonicalIdentifier: id, receiver: l.receiver, sender: l.sender,
                locksroot: l.locksroot, unlockedAmount: l.unlockedAmount, returnedTokens: l.returnedTokens))
        case .secretRevealed(let l):
            return .contractReceiveSecretReveal(.init(blockNumber: l.blockNumber, secrethash: l.secrethash, secret: l.secret))
        }
    }
}

// MARK: Canonical JSON

extension ChainLog {
    /// One line of canonical JSON.
    public var canonicalJSON: [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.canonicalField("type", typeName)
        w.canonicalField("block_number", blockNumber)
        if let channel {
            w.canonicalField("token_network_address", channel.tokenNetworkAddress)
            w.canonicalField("channel_identifier", channel.channelIdentifier)
        }
        switch self {
        case .channelNewDeposit(let l):
            w.canonicalField("participant", l.participant)
            w.canonicalField("total_deposit", l.total)
        case .channelWithdraw(let l):
            w.canonicalField("participant", l.participant)
            w.canonicalField("total_withdraw", l.total)
        case .channelClosed(let l), .nonClosingBalanceProofUpdated(let l):
            w.canonicalField("closing_participant", l.closingParticipant)
            w.canonicalField("nonce", l.nonce)
            w.canonicalField("balance_hash", l.balanceHash)
        case .channelSettled(let l):
            for (n, side) in [(1, l.participant1), (2, l.participant2)] {
                w.canonicalField("participant\(n)", side.address)
                w.canonicalField("participant\(n)_amount", side.amount)
                w.canonicalField("participant\(n)_locksroot", side.locksroot)
            }
        case .channelUnlocked(let l):
            w.canonicalField("receiver", l.receiver)
            w.canonicalField("sender", l.sender)
            w.canonicalField("locksroot", l.locksroot)
            w.canonicalField("unlocked_amount", l.unlockedAmount)
            w.canonicalField("returned_tokens", l.returnedTokens)
        case .secretRevealed(let l):
            w.canonicalField("secrethash", l.secrethash)
            w.canonicalField("secret", l.secret)
        }
        w.endObject()
        return w.bytes
    }

    /// Reads one log in canonical JSON: every key known (spec/chain.yaml) and present.
    package init(canonical value: JSONValue, path: String) throws(CanonicalError) {
        var o = try CanonicalObject(value, path: path, kind: "chain log")
        let type: String = try o.field("type")
        let block: UInt64 = try o.field("block_number")
        func channel(_ o: inout CanonicalObject) throws(CanonicalError) -> Channel {
            Channel(tokenNetworkAddress: try o.field("token_network_address"), channelIdentifier: try o.field("channel_identifier"))
        }
        switch type {
        case "ChannelNewDeposit", "ChannelWithdraw":
            let c = try channel(&o)
            let key = type == "ChannelNewDeposit" ? "total_deposit" : "total_withdraw"
            let l = Total(blockNumber: block, channel: c, participant: try o.field("participant"), total: try o.field(key))
            self = type == "ChannelNewDeposit" ? .channelNewDeposit(l) : .channelWithdraw(l)
        case "ChannelClosed", "NonClosingBalanceProofUpdated":
            let c = try channel(&o)
            let l = BalanceProofLog(
                blockNumber: block, channel: c, closingParticipant: try o.field("closing_participant"), nonce: try o.field("nonce"),
                balanceHash: try o.field("balance_hash"))
            self = type == "ChannelClosed" ? .channelClosed(l) : .nonClosingBalanceProofUpdated(l)
        case "ChannelSettled":
            let c = try channel(&o)
            var sides: [TokenNetwork.ChannelSettled.Side] = []
            for n in 1...2 {
                sides.append(.init(
                    address: try o.field("participant\(n)"), amount: try o.field("participant\(n)_amount"),
                    locksroot: try o.field("participant\(n)_locksroot")))
            }
            self = .channelSettled(Settled(blockNumber: block, channel: c, participant1: sides[0], participant2: sides[1]))
        case "ChannelUnlocked":
            let c = try channel(&o)
            self = .channelUnlocked(Unlocked(
                blockNumber: block, channel: c, receiver: try o.field("receiver"), sender: try o.field("sender"),
                locksroot: try o.field("locksroot"), unlockedAmount: try o.field("unlocked_amount"),
                returnedTokens: try o.field("returned_tokens")))
        case "SecretRevealed":
            let hash: Hash32 = try o.field("secrethash")
            let secret: Hash32 = try o.field("secret")
            guard SecretHash.of(secret) == hash else {
                throw CanonicalError(.badValue, path: canonicalPath(path, "secrethash"), "is not the hash of `secret` (sha256(secret) = \(SecretHash.of(secret).hex))")
            }
            self = .secretRevealed(SecretRevealed(blockNumber: block, secret: secret))
        default:
            throw CanonicalError(.unknownType, path: canonicalPath(path, "type"), "\(excerpt(type)) is not a chain log (one of \(Self.typeNames.joined(separator: ", ")))")
        }
        // The keys spec/chain.yaml declares for this log (every `type` read above is one of them).
        try o.finish(allowed: ChainFormat.log(type)?.keys ?? [])
    }
}
