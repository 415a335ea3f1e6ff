import NettingCodec
import NettingCrypto
import NettingMachine

/// A bug planted on purpose, so that a test can show the checker finds what is really there.
/// Each must produce a counterexample (Tests/NettingCheckTests).
public enum PlantedBug: String, CaseIterable, Sendable {
    /// The honest machine takes a balance proof whatever its nonce (NettingVectors' mutant
    /// `accepts_stale_nonce`).
    case acceptsStaleNonce = "accepts_stale_nonce"
    /// The contract pays each participant the other's settle amount.
    case settlesWithParticipantsSwapped = "settles_with_participants_swapped"
    /// The honest machine takes a LockedTransfer whatever its locksroot (it keeps the root of
    /// the locks it knows, while the partner signed another).
    case ignoresLocksroot = "ignores_locksroot"
}

/// How signatures are modelled. `tokens`: a signature is an unforgeable token binding its
/// signer to the signed values — the adversary can make one only with its own key, so the
/// checker never builds a message signed by the honest key that the honest party did not
/// send, and the machine runs with `verify_signatures` off (spec/channel.yaml
/// `check.assumptions`). `secp256k1`: every message the adversary sends is really signed,
/// forgeries and replays of the honest party's own messages included, and the machine
/// recovers every signer; slower, it confirms the abstraction at a small bound.
public enum SignatureMode: String, CaseIterable, Sendable {
    case tokens
    case secp256k1
}

/// The bounds and domains of one exploration: small enough to be exhaustive, chosen so that
/// every guard of the transitions the adversary can reach is reachable.
public struct CheckConfig: Sendable, Equatable {
    /// Moves from the opened channel (each move is one step of one actor).
    public var depth = 12
    public var honestDeposit: UInt256 = 2
    public var adversaryDeposit: UInt256 = 0
    /// Amounts of the locks either side creates.
    public var amounts: [UInt256] = [1]
    /// Payments the honest party starts.
    public var honestPayments = 2
    /// Locks the adversary creates towards the honest party.
    public var adversaryLocks = 1
    /// Withdraws each side may ask for.
    public var withdraws = 1
    /// Short timeouts: a lock expires 2R − 1 blocks after it is made, the settle window is S.
    public var revealTimeout: UInt64 = 2
    public var settleTimeout: UInt64 = 4
    public var signatures = SignatureMode.tokens
    public var bug: PlantedBug?

    public init() {}
}

/// The fixed cast of every exploration: the honest party (alice, the machine), the adversary
/// (bob) and the channel, as a scenario names them so that a counterexample replays.
public enum Cast {
    public static let honestName = "alice", adversaryName = "bob"
    /// The keys of scenarios/*.yaml's alice and bob.
    public static let honestKeyHex = "0x" + String(repeating: "11", count: 32)
    public static let adversaryKeyHex = "0x" + String(repeating: "22", count: 32)
    public static let honestKey = try! PrivateKey(Array(repeating: 0x11, count: 32))  // a valid key: cannot fail
    public static let adversaryKey = try! PrivateKey(Array(repeating: 0x22, count: 32))
    /// A third key, for the forgeries of `--signatures secp256k1`.
    public static let forgerKey = try! PrivateKey(Array(repeating: 0x66, count: 32))
    public static let honest = honestKey.address
    public static let adversary = adversaryKey.address
    public static let chainId: UInt256 = 337
    public static let tokenNetwork = try! Address(hex: "0x6e6574776f726b6e6574776f726b6e6574776f72")
    public static let token = try! Address(hex: "0x746f6b656e746f6b656e746f6b656e746f6b656e")
    public static let channelId: UInt256 = 1
    public static let openedAt: UInt64 = 100
    public static var id: CanonicalIdentifier {
        CanonicalIdentifier(chainIdentifier: chainId, tokenNetworkAddress: tokenNetwork, channelIdentifier: channelId)
    }

    /// The secret of the honest party's payment `n` (1-based) and of the adversary's lock `n`.
    public static func honestSecret(_ n: Int) -> Hash32 { Hash32(words: (0x5ec, 0xa11ce, 0, UInt64(n))) }
    public static func adversarySecret(_ n: Int) -> Hash32 { Hash32(words: (0x5ec, 0xb0b, 0, UInt64(n))) }
}
