import NettingCodec
import NettingCrypto
import NettingMachine

/// One party's side of the channel as a person reads it after a step.
public struct PartySnapshot: Equatable, Sendable {
    public var name: String
    public var deposit: String
    public var withdrawn: String
    /// What this party has finally paid its partner (its balance proof's transferred amount).
    public var transferred: String
    /// What this party has locked toward its partner.
    public var locked: String
    /// deposit − withdrawn − transferred + received (may be shown negative for a liar).
    public var balance: String
    public var nonce: UInt64
    public var status: String
}

extension ScenarioRunner {
    public func snapshot(_ name: String) -> PartySnapshot {
        let s = states[name]!
        let us = s.ourState, them = s.partnerState
        return PartySnapshot(
            name: name, deposit: us.contractBalance.decimal, withdrawn: us.totalWithdraw.decimal,
            transferred: us.transferredAmount.decimal, locked: us.amountLocked.decimal,
            balance: Amounts.balance(us, them).description, nonce: us.nonce, status: s.status.rawValue)
    }

    public var snapshots: [PartySnapshot] { names.map(snapshot) }
}
