import Crypto

/// SHA-256 of a 32-byte secret: the secrethash of a hash time lock (Raiden's `sha256_secrethash`,
/// and what SecretRegistry stores), from swift-crypto.
public enum SecretHash {
    public static func of(_ secret: Hash32) -> Hash32 {
        secret.withUnsafeBytes { bytes in
            let digest = SHA256.hash(data: bytes)
            return digest.withUnsafeBytes { Hash32(unsafeBytes: $0.baseAddress!) }
        }
    }

    /// SHA-256 of arbitrary bytes.
    public static func sha256(_ data: some Collection<UInt8>) -> Hash32 {
        let digest = SHA256.hash(data: Array(data))
        return digest.withUnsafeBytes { Hash32(unsafeBytes: $0.baseAddress!) }
    }
}
