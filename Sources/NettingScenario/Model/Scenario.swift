import NettingCodec
import NettingCrypto

/// A scenario: two parties with keys and deposits on one channel, and the steps they take.
/// Loaded from YAML (`Scenario.load`); run by `ScenarioRunner`. Everything has a default except
/// the parties and the steps, so a short story stays short.
public struct Scenario: Equatable, Sendable {
    public struct Chain: Equatable, Sendable {
        public var chainId: UInt256 = 337
        public var tokenNetwork = try! Address(hex: "0x6e6574776f726b6e6574776f726b6e6574776f72")
        public var token = try! Address(hex: "0x746f6b656e746f6b656e746f6b656e746f6b656e")
    }

    public struct Channel: Equatable, Sendable {
        public var id: UInt256 = 1
        public var settleTimeout: UInt64 = 500
        public var revealTimeout: UInt64 = 50
        public var openedAt: UInt64 = 100
    }

    public struct Party: Equatable, Sendable {
        public var name: String
        public var key: Hash32
        public var deposit: UInt256
        /// A scripted party's machine never sends a message on its own: the party acts only
        /// through the steps (`send`, `close`, …). `netting check` writes its adversary so.
        public var scripted = false
    }

    public var title: String
    public var narrative: String?
    public var chain = Chain()
    public var channel = Channel()
    /// Exactly two, in the order written.
    public var parties: [Party]
    public var steps: [ScenarioStep]
}

/// One step of a scenario, with what the author expects of it.
public struct ScenarioStep: Equatable, Sendable {
    public var action: Action
    /// A sentence for people, printed before the step runs.
    public var say: String?
    public var expect: Expectation?
    /// 1-based position and YAML line, for error messages.
    public var number: Int
    public var line: Int?
}

public enum Action: Equatable, Sendable {
    /// A direct payment; `complete: false` leaves the lock pending (the payee's SecretRequest
    /// never arrives).
    case pay(from: String, to: String, amount: UInt256, complete: Bool, secret: Hash32?, paymentId: UInt64?)
    case deposit(party: String, total: UInt256)
    case withdraw(party: String, total: UInt256)
    case mine(blocks: UInt64)
    case close(by: String)
    case update(by: String)
    case settle
    case unlock
    case registerSecret(by: String, payment: UInt64)
    /// The next message of this type in flight is lost.
    case drop(message: String)
    /// The next message of this type is delivered twice.
    case duplicate(message: String)
    /// The next message of this type is held back until `blocks` more blocks are mined.
    case delay(message: String, blocks: UInt64)
    /// `by` deviates from the protocol: sends a tampered or stale message to its partner.
    case cheat(by: String, move: Cheat)
    /// `by` signs this message (wire JSON, unsigned) with its key and sends it to its partner.
    case send(by: String, message: Message)
    /// `by` closes on chain with its partner's balance proof of this nonce, as the partner
    /// signed it (0: with none), whatever its own machine would submit.
    case closeWithProof(by: String, partnerProofNonce: UInt64)
}

/// The lies a partner can tell; each is built from the liar's real state, then tampered.
public enum Cheat: String, Equatable, Sendable, CaseIterable {
    /// Re-sends its previous balance-proof message (an old, lower transferred amount).
    case staleBalanceProof = "stale_balance_proof"
    /// A new LockedTransfer that reuses its last nonce.
    case reuseNonce = "reuse_nonce"
    /// A new LockedTransfer that skips a nonce.
    case skipNonce = "skip_nonce"
    /// A LockedTransfer locking more than its whole deposit.
    case overspend
    /// A LockedTransfer whose signature is from another key.
    case forgeSignature = "forge_signature"
    /// A LockedTransfer whose signature bytes are mangled.
    case mangleSignature = "mangle_signature"
    /// A LockedTransfer for another chain id.
    case wrongChain = "wrong_chain"
    /// A LockedTransfer whose locksroot does not match its locks.
    case wrongLocksroot = "wrong_locksroot"
    /// A LockedTransfer whose locked_amount is not the locks' sum.
    case wrongLockedAmount = "wrong_locked_amount"
    /// An Unlock with the wrong secret.
    case wrongSecret = "wrong_secret"
    /// A LockExpired before the lock expired.
    case earlyExpiry = "early_expiry"
    /// A WithdrawRequest for more than its balance.
    case overWithdraw = "over_withdraw"
    /// Closes the channel on chain with an old balance proof of its partner.
    case closeWithOldProof = "close_with_old_proof"
}

public struct Expectation: Equatable, Sendable {
    /// The step's input must be rejected with this code (by the partner, or the chain's revert).
    public var rejected: String?
    /// Each party's balance (deposit − withdrawn − transferred + received) after the step.
    public var balances: [String: UInt256] = [:]
    /// What the contract has paid each party in total so far: withdrawn + paid at settle +
    /// unlocked (so, after `settle`, everything the party got out of the channel on chain).
    public var payout: [String: UInt256] = [:]
    /// What setTotalWithdraw has paid each party.
    public var withdrawn: [String: UInt256] = [:]
    /// What settleChannel transferred to each party (its ChannelSettled log's amounts).
    public var paidAtSettle: [String: UInt256] = [:]
    /// What unlock paid each party: locks unlocked to it, and locks returned to it.
    public var unlocked: [String: UInt256] = [:]
    /// Tokens left locked in the contract for unlock after `settle`.
    public var locked: UInt256?
}
