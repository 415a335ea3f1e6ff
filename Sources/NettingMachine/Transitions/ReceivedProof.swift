import NettingCodec
import NettingCrypto

/// The messages that carry a balance proof: LockedTransfer, Unlock and LockExpired.
protocol BalanceProofMessage: WireMessage {
    var chainId: UInt256 { get }
    var tokenNetworkAddress: Address { get }
    var channelIdentifier: UInt256 { get }
    var nonce: UInt64 { get }
    var transferredAmount: UInt256 { get }
    var lockedAmount: UInt256 { get }
    var locksroot: Hash32 { get }
    /// Raiden's `message_hash`: a keccak over the message's other fields.
    var additionalHash: Hash32 { get }
}

extension LockedTransfer: BalanceProofMessage {}
extension Unlock: BalanceProofMessage {}
extension LockExpired: BalanceProofMessage {}

/// A received message's balance proof with its additional hash computed once: the signature
/// check and the stored `message_hash` both use it.
struct ReceivedProof {
    let chainId: UInt256
    let tokenNetwork: Address
    let channelId: UInt256
    let nonce: UInt64
    let transferred: UInt256
    let locked: UInt256
    let locksroot: Hash32
    let additionalHash: Hash32
    let signature: Signature

    init(_ m: some BalanceProofMessage) {
        (chainId, tokenNetwork, channelId, nonce) = (m.chainId, m.tokenNetworkAddress, m.channelIdentifier, m.nonce)
        (transferred, locked, locksroot) = (m.transferredAmount, m.lockedAmount, m.locksroot)
        (additionalHash, signature) = (m.additionalHash, m.signature)
    }

    /// The signer, or nil if none recovers. A balance-proof message's signature covers its
    /// packed balance proof (Raiden's `_data_to_sign` is `pack_balance_proof`), so these are
    /// the message's `signedBytes()`, built without hashing the additional hash again.
    func recoverSigner() -> Address? {
        let signed = BalanceProof(
            chainId: chainId, tokenNetworkAddress: tokenNetwork, channelIdentifier: channelId, nonce: nonce,
            balanceHash: BalanceHash.of(transferred: transferred, locked: locked, locksroot: locksroot),
            additionalHash: additionalHash, signature: signature)
        return try? Secp256k1.recover(digest: EIP191.digest(signed.balanceProofData()), signature: signature)
    }

    /// The balance proof the partner's end keeps.
    var state: BalanceProofState {
        BalanceProofState(
            nonce: nonce, transferredAmount: transferred, lockedAmount: locked, locksroot: locksroot,
            messageHash: additionalHash, signature: signature)
    }
}
