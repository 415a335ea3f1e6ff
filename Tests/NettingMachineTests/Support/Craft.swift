import NettingCodec
import NettingCrypto
@testable import NettingMachine
import NettingVectors

/// Messages a partner could send, built from the receiver's view (Situations.transfer).
enum Craft {
    static func transfer(to bob: ChannelState, lock: Lock, messageIdentifier: UInt64 = 77) -> LockedTransfer {
        Situations.transfer(to: bob, lock: lock, messageIdentifier: messageIdentifier)
    }

    /// A signature no public key recovers from (r = s = 0).
    static var mangled: Signature { Situations.mangled }
}
