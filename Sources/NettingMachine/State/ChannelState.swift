import NettingCodec
import NettingCrypto

/// The channel's derived status (channel.get_status), plus the two ends of its life that
/// Raiden expresses by the channel's absence from the token network.
public enum ChannelStatus: String, Equatable, Sendable, CaseIterable {
    case nonexistent, opened
    case waitingForClose = "waiting_for_close"
    case closed
    case waitingForSettle = "waiting_for_settle"
    case settled, unusable, removed
}

/// One node's view of one channel with its partner and of its direct payments over it
/// (spec/channel.yaml `state`). A value: `ChannelMachine.transition` returns a new one.
public struct ChannelState: Equatable, Sendable {
    public var config: MachineConfig
    /// chain_state.block_number: the latest Block seen.
    public var blockNumber: UInt64
    /// Message identifiers (deviation: Raiden draws from Python's Mersenne Twister).
    public var prng: SplitMix64
    public var canonicalIdentifier: CanonicalIdentifier
    public var tokenAddress: Address = .zero
    public var revealTimeout: UInt64 = 0
    public var settleTimeout: UInt64 = 0
    public var ourState: EndState
    public var partnerState: EndState
    public var openTransaction: TransactionStatus?
    public var closeTransaction: TransactionStatus?
    public var settleTransaction: TransactionStatus?
    public var updateTransaction: TransactionStatus?
    /// Raiden deleted the channel (settled without locks, or both sides unlocked).
    public var removed = false
    public var initiatorTasks: [InitiatorTask] = []
    public var targetTasks: [TargetTask] = []

    /// A node that has no channel yet: `ContractReceiveChannelNew` opens it.
    public init(ourAddress: Address, seed: UInt64, config: MachineConfig = MachineConfig(), blockNumber: UInt64 = 0) {
        self.config = config
        self.blockNumber = blockNumber
        self.prng = SplitMix64(seed: seed)
        self.canonicalIdentifier = CanonicalIdentifier(chainIdentifier: .zero, tokenNetworkAddress: .zero, channelIdentifier: .zero)
        self.ourState = EndState(address: ourAddress)
        self.partnerState = EndState(address: .zero)
    }

    /// The state of a node whose channel `old` was removed, before ChannelNew opens the next
    /// one: the block, the identifier generator and the configuration carry over.
    init(reopening old: ChannelState) {
        self.init(ourAddress: old.ourState.address, seed: 0, config: old.config, blockNumber: old.blockNumber)
        self.prng = old.prng
    }

    /// channel.get_status: the settle transaction first, then the close transaction.
    ///
    /// This and the other getters the guards call are inlined: called on a state held `inout`,
    /// each call was handed a copy of the whole state (1 KB, its arrays retained), twice per
    /// received LockedTransfer + Unlock pair.
    @inline(__always)
    public var status: ChannelStatus {
        if removed { return .removed }
        guard openTransaction != nil else { return .nonexistent }
        if let settle = settleTransaction {
            if settle.result == .success { return .settled }
            return settle.finishedBlockNumber == nil ? .waitingForSettle : .unusable
        }
        if let close = closeTransaction {
            if close.result == .success { return .closed }
            return close.finishedBlockNumber == nil ? .waitingForClose : .unusable
        }
        return .opened
    }

    /// The channel exists (opened by ChannelNew and not deleted).
    @inline(__always)
    public var exists: Bool { openTransaction != nil && !removed }

    @inline(__always)
    func isOurs(_ id: CanonicalIdentifier) -> Bool {
        id.tokenNetworkAddress == canonicalIdentifier.tokenNetworkAddress && id.channelIdentifier == canonicalIdentifier.channelIdentifier
    }

    func end(of address: Address) -> WritableKeyPath<ChannelState, EndState>? {
        if address == ourState.address { return \.ourState }
        if address == partnerState.address { return \.partnerState }
        return nil
    }

    mutating func nextMessageIdentifier() -> UInt64 { prng.next() }
}
