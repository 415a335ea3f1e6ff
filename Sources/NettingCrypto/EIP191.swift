/// The digest Raiden signs: keccak("\x19Ethereum Signed Message:\n" ‖ decimal byte length ‖ data)
/// (EIP-191 version 0x45, `personal_sign`).
public enum EIP191 {
    public static let prefix = Array("\u{19}Ethereum Signed Message:\n".utf8)

    public static func digest(_ data: some Collection<UInt8>) -> Hash32 {
        if let done = data.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) { return done }
        return Array(data).withUnsafeBytes { digest($0) }
    }

    public static func digest(_ data: UnsafeRawBufferPointer) -> Hash32 {
        var hasher = Keccak256()
        prefix.withUnsafeBytes { hasher.update($0) }
        // The length's decimal digits, written on the stack.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { out in
            var n = data.count, start = out.count
            repeat {
                start -= 1
                out[start] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            hasher.update(UnsafeRawBufferPointer(rebasing: out[start...]))
        }
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of packed bytes, hashed where they are.
    public static func digest(_ data: PackedBytes) -> Hash32 {
        data.withUnsafeBytes { digest($0) }
    }
}
