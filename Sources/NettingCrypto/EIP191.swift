/// The digest Raiden signs: keccak("\x19Ethereum Signed Message:\n" ‖ decimal byte length ‖ data)
/// (EIP-191 version 0x45, `personal_sign`).
public enum EIP191 {
    public static let prefix = Array("\u{19}Ethereum Signed Message:\n".utf8)

    public static func digest(_ data: some Collection<UInt8>) -> Hash32 {
        var hasher = Keccak256()
        prefix.withUnsafeBytes { hasher.update($0) }
        hasher.update(String(data.count).utf8)
        hasher.update(data)
        return hasher.finalize()
    }
}
