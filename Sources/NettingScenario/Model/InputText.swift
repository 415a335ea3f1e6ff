import NettingCodec
import NettingCrypto
import NettingMachine
import NettingSpec

/// One machine input written by hand, for `netting step`: a YAML (or JSON) mapping whose
/// `input` names the input (spec/channel.yaml `inputs`) and whose other keys are its fields in
/// snake_case. The channel's canonical identifier and the current block are filled in from
/// the state when left out. Receive* inputs take `message`: one signed message in wire JSON;
/// its sender is recovered from its signature, never taken on trust. A ReceiveLockedTransfer
/// may add `secret_registered: true` (the secret registry's answer; false when left out).
public enum InputText {
    public static func parse(_ text: String, file: String, state: ChannelState, policy: DecodePolicy = .strict) throws(SpecError) -> Input {
        let root = try YAMLNode.parse(text, file: file)
        let entries = try root.mapping()
        guard let kindNode = entries.first(where: { $0.0 == "input" })?.1 else {
            throw root.fail("lacks `input` (one of \(InputName.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let kindText = try kindNode.string()
        guard let kind = InputName(rawValue: kindText) else {
            throw kindNode.fail("`\(kindText)` is not an input (one of \(InputName.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        // Every key is one the input has: a misspelled `lock_timeot` is an error, not a default.
        let r = try root.record(required: ["input"], optional: keys(kind))
        let fields = Fields(record: r, state: state)
        let id = state.canonicalIdentifier
        let block = try fields.u64("block_number", default: state.blockNumber)
        switch kind {
        case .block: return .block(.init(blockNumber: try fields.u64("block_number")))
        case .contractReceiveChannelNew:
            return .contractReceiveChannelNew(.init(
                blockNumber: block, canonicalIdentifier: try fields.canonical(), tokenAddress: try fields.address("token_address"),
                partnerAddress: try fields.address("partner_address"), revealTimeout: try fields.u64("reveal_timeout"),
                settleTimeout: try fields.u64("settle_timeout")))
        case .contractReceiveChannelDeposit:
            return .contractReceiveChannelDeposit(.init(
                blockNumber: block, canonicalIdentifier: id, participant: try fields.address("participant"),
                contractBalance: try fields.amount("contract_balance")))
        case .contractReceiveChannelWithdraw:
            return .contractReceiveChannelWithdraw(.init(
                blockNumber: block, canonicalIdentifier: id, participant: try fields.address("participant"),
                totalWithdraw: try fields.amount("total_withdraw")))
        case .contractReceiveChannelClosed:
            return .contractReceiveChannelClosed(.init(blockNumber: block, canonicalIdentifier: id, transactionFrom: try fields.address("transaction_from")))
        case .contractReceiveUpdateTransfer:
            return .contractReceiveUpdateTransfer(.init(blockNumber: block, canonicalIdentifier: id, nonce: try fields.u64("nonce")))
        case .contractReceiveChannelSettled:
            return .contractReceiveChannelSettled(.init(
                blockNumber: block, canonicalIdentifier: id,
                ourOnchainLocksroot: try fields.hash("our_onchain_locksroot", default: Lock.locksroot([])),
                ourTransferredAmount: try fields.amount("our_transferred_amount"),
                partnerOnchainLocksroot: try fields.hash("partner_onchain_locksroot", default: Lock.locksroot([])),
                partnerTransferredAmount: try fields.amount("partner_transferred_amount")))
        case .contractReceiveChannelBatchUnlock:
            return .contractReceiveChannelBatchUnlock(.init(
                blockNumber: block, canonicalIdentifier: id, receiver: try fields.address("receiver"), sender: try fields.address("sender"),
                locksroot: try fields.hash("locksroot"), unlockedAmount: try fields.amount("unlocked_amount"),
                returnedTokens: try fields.amount("returned_tokens")))
        case .contractReceiveSecretReveal:
            let secret = try fields.hash("secret")
            return .contractReceiveSecretReveal(.init(blockNumber: block, secrethash: SecretHash.of(secret), secret: secret))
        case .actionChannelClose: return .actionChannelClose(.init(canonicalIdentifier: id))
        case .actionChannelWithdraw: return .actionChannelWithdraw(.init(canonicalIdentifier: id, totalWithdraw: try fields.amount("total_withdraw")))
        case .actionChannelSetRevealTimeout:
            return .actionChannelSetRevealTimeout(.init(canonicalIdentifier: id, revealTimeout: try fields.u64("reveal_timeout")))
        case .actionChannelCoopSettle: return .actionChannelCoopSettle(.init(canonicalIdentifier: id))
        case .actionInitInitiator:
            return .actionInitInitiator(.init(
                paymentIdentifier: try fields.u64("payment_identifier"), amount: try fields.amount("amount"),
                target: try fields.address("target", default: state.partnerState.address), secret: try fields.hash("secret"),
                lockTimeout: r["lock_timeout"] == nil ? nil : try fields.u64("lock_timeout")))
        case .receiveWithdrawRequest, .receiveWithdrawConfirmation, .receiveWithdrawExpired, .receiveLockedTransfer,
            .receiveSecretRequest, .receiveSecretReveal, .receiveUnlock, .receiveLockExpired, .receiveProcessed, .receiveDelivered:
            let node = r["message"]
            guard let node else { throw root.fail("a \(kind.rawValue) needs `message`: the signed wire JSON") }
            let wire = try node.string()
            let decoded: Decoded
            let sender: Address
            do {
                decoded = try MessageCodec.decode(Array(wire.utf8), policy: policy)
                sender = try decoded.message.wire.recoverSender()
            } catch { throw node.fail("\(error.code.rawValue) at \(error.path.isEmpty ? "message" : error.path): \(error.reason)") }
            guard var input = Input.receiving(decoded.message, from: sender), input.name == kind else {
                throw node.fail("is a \(type(of: decoded.message.wire).typeName), which does not make a \(kind.rawValue)")
            }
            // The message layer's answer to SecretRegistry.isSecretRegistered, false unless given.
            if case .receiveLockedTransfer(var i) = input, let flag = r["secret_registered"] {
                i.secretRegistered = try flag.bool()
                input = .receiveLockedTransfer(i)
            }
            return input
        }
    }

    /// The keys a hand-written input of `kind` may have besides `input` (the fields the parser
    /// reads for it; the channel's identifier is always the state's).
    public static func keys(_ kind: InputName) -> Set<String> {
        switch kind {
        case .block: ["block_number"]
        case .contractReceiveChannelNew:
            ["block_number", "chain_id", "token_network_address", "channel_identifier", "token_address", "partner_address",
             "reveal_timeout", "settle_timeout"]
        case .contractReceiveChannelDeposit: ["block_number", "participant", "contract_balance"]
        case .contractReceiveChannelWithdraw: ["block_number", "participant", "total_withdraw"]
        case .contractReceiveChannelClosed: ["block_number", "transaction_from"]
        case .contractReceiveUpdateTransfer: ["block_number", "nonce"]
        case .contractReceiveChannelSettled:
            ["block_number", "our_onchain_locksroot", "our_transferred_amount", "partner_onchain_locksroot", "partner_transferred_amount"]
        case .contractReceiveChannelBatchUnlock:
            ["block_number", "receiver", "sender", "locksroot", "unlocked_amount", "returned_tokens"]
        case .contractReceiveSecretReveal: ["block_number", "secret"]
        case .actionChannelClose, .actionChannelCoopSettle: []
        case .actionChannelWithdraw: ["total_withdraw"]
        case .actionChannelSetRevealTimeout: ["reveal_timeout"]
        case .actionInitInitiator: ["payment_identifier", "amount", "target", "secret", "lock_timeout"]
        case .receiveLockedTransfer: ["message", "secret_registered"]
        case .receiveWithdrawRequest, .receiveWithdrawConfirmation, .receiveWithdrawExpired, .receiveSecretRequest,
            .receiveSecretReveal, .receiveUnlock, .receiveLockExpired, .receiveProcessed, .receiveDelivered:
            ["message"]
        }
    }

    struct Fields {
        let record: Record
        let state: ChannelState

        func node(_ key: String) throws(SpecError) -> YAMLNode {
            guard let n = record[key] else { throw record.node.fail("lacks `\(key)`") }
            return n
        }
        func u64(_ key: String, default d: UInt64? = nil) throws(SpecError) -> UInt64 {
            if record[key] == nil, let d { return d }
            return try node(key).u64()
        }
        func amount(_ key: String) throws(SpecError) -> UInt256 { try node(key).amount() }
        func address(_ key: String, default d: Address? = nil) throws(SpecError) -> Address {
            if record[key] == nil, let d { return d }
            return try node(key).address()
        }
        func hash(_ key: String, default d: Hash32? = nil) throws(SpecError) -> Hash32 {
            if record[key] == nil, let d { return d }
            return try node(key).hash32()
        }
        func canonical() throws(SpecError) -> CanonicalIdentifier {
            CanonicalIdentifier(
                chainIdentifier: try node("chain_id").amount(), tokenNetworkAddress: try address("token_network_address"),
                channelIdentifier: try node("channel_identifier").amount())
        }
    }
}
