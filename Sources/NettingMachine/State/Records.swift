import NettingCodec
import NettingCrypto

/// How the machine runs (spec: MachineConfig). Not Raiden state.
public struct MachineConfig: Equatable, Sendable {
    /// Recover balance-proof and withdraw signatures and compare the signers (default). Off
    /// skips the `signature_invalid` / `signer_not_*` guards.
    public var verifySignatures: Bool

    public init(verifySignatures: Bool = true) { self.verifySignatures = verifySignatures }
}

/// SplitMix64 (Steele, Lea, Flood 2014): the seeded source of message identifiers.
public struct SplitMix64: Equatable, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// PendingWithdrawState / ExpiredWithdrawState.
public struct PendingWithdraw: Equatable, Sendable {
    public var totalWithdraw: UInt256
    public var expiration: UInt256
    public var nonce: UInt64

    public init(totalWithdraw: UInt256, expiration: UInt256, nonce: UInt64) {
        (self.totalWithdraw, self.expiration, self.nonce) = (totalWithdraw, expiration, nonce)
    }
}

/// UnlockPartialProofState: a lock and its secret.
public struct UnlockedLock: Equatable, Sendable {
    public var lock: Lock
    public var secret: Hash32

    public init(lock: Lock, secret: Hash32) { (self.lock, self.secret) = (lock, secret) }
}

/// A balance proof as the channel keeps it. Our own are unsigned (message hash zero,
/// signature empty); the partner's keep the hash and signature for close and update.
public struct BalanceProofState: Equatable, Sendable {
    public var nonce: UInt64
    public var transferredAmount: UInt256
    public var lockedAmount: UInt256
    public var locksroot: Hash32
    public var messageHash: Hash32
    public var signature: Signature

    public init(
        nonce: UInt64, transferredAmount: UInt256, lockedAmount: UInt256, locksroot: Hash32,
        messageHash: Hash32 = .zero, signature: Signature = .empty
    ) {
        self.nonce = nonce
        self.transferredAmount = transferredAmount
        self.lockedAmount = lockedAmount
        self.locksroot = locksroot
        self.messageHash = messageHash
        self.signature = signature
    }

    /// The balance hash it signs (zero for no transfers and no locks).
    public var balanceHash: Hash32 {
        BalanceHash.of(transferred: transferredAmount, locked: lockedAmount, locksroot: locksroot)
    }
}

/// TransactionExecutionStatus.
public struct TransactionStatus: Equatable, Sendable {
    public enum Result: String, Equatable, Sendable, CaseIterable { case success, failure }

    public var startedBlockNumber: UInt64?
    public var finishedBlockNumber: UInt64?
    public var result: Result?

    public init(startedBlockNumber: UInt64? = nil, finishedBlockNumber: UInt64? = nil, result: Result? = nil) {
        (self.startedBlockNumber, self.finishedBlockNumber, self.result) = (startedBlockNumber, finishedBlockNumber, result)
    }
}

/// InitiatorTransferState of a direct payment.
public struct InitiatorTask: Equatable, Sendable {
    public enum TransferState: String, Equatable, Sendable, CaseIterable {
        case pending = "transfer_pending", secretRevealed = "transfer_secret_revealed", expired = "transfer_expired"
    }

    public var paymentIdentifier: UInt64
    public var amount: UInt256
    public var target: Address
    public var secret: Hash32
    public var lock: Lock
    public var receivedSecretRequest: Bool
    public var transferState: TransferState
}

/// TargetTransferState.
public struct TargetTask: Equatable, Sendable {
    public enum State: String, Equatable, Sendable, CaseIterable {
        case secretRequest = "secret_request", revealSecret = "reveal_secret"
        case onchainSecretReveal = "onchain_secret_reveal", onchainUnlock = "onchain_unlock", expired
    }

    public var paymentIdentifier: UInt64
    public var initiator: Address
    /// from_hop.node_address: who sent the LockedTransfer.
    public var sender: Address
    public var lock: Lock
    public var secret: Hash32?
    public var state: State
}
