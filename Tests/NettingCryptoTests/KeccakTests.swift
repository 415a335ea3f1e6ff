import NettingCrypto
import Testing

/// Keccak-256 (Ethereum's) against published vectors and pycryptodome.
@Suite struct KeccakTests {
    /// Sources: the empty-input and "abc" digests are the published Keccak-256 values used across
    /// Ethereum (e.g. Raiden's LOCKSROOT_OF_NO_LOCKS is keccak("")); 200 × 0xa3 is the Keccak team's
    /// 1600-bit test message; the "quick brown fox" digest is the widely published one.
    @Test(arguments: [
        ("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("The quick brown fox jumps over the lazy dog", "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
    ])
    func publishedTextVectors(text: String, expected: String) {
        #expect(Keccak256.hash(Array(text.utf8)).hex == expected)
        #expect(Array(text.utf8).withUnsafeBytes { Keccak256.hash($0) }.hex == expected)
    }

    @Test func twoHundredBytesOfA3() {
        let data = [UInt8](repeating: 0xa3, count: 200)
        #expect(Keccak256.hash(data).hex == "0x3a57666b048777f2c953dc4456f45a2588e1cb6f2da760122d530ac2ce607d4a")
    }

    /// Inputs around the 136-byte rate and one of 1 MiB: bytes i mod 251. Expected values from
    /// pycryptodome's `Crypto.Hash.keccak` (digest_bits=256), computed outside this project.
    @Test(arguments: [
        (135, "0xcbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"),
        (136, "0x7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"),
        (137, "0xac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"),
        (272, "0x8e2476e65823b24d96ebe239f2c1534cdf763e689e2410c3b1cb0c74e6177bfc"),
        (1 << 20, "0x2fd6b833d9e25ae8d7dda1c3ed07af04df131ce89010c888534d4e825e40e875"),
    ])
    func aroundTheRate(length: Int, expected: String) {
        let data = (0..<length).map { UInt8($0 % 251) }
        #expect(Keccak256.hash(data).hex == expected)
        #expect(data.withUnsafeBytes { Keccak256.hash($0) }.hex == expected)
    }

    /// Feeding the same bytes in uneven pieces gives the one-shot digest.
    @Test func incrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for split in [0, 1, 135, 136, 137, 500, 999, 1000] {
            var hasher = Keccak256()
            hasher.update(data[..<split])
            for chunk in stride(from: split, to: data.count, by: 61) {
                hasher.update(data[chunk..<min(chunk + 61, data.count)])
            }
            #expect(hasher.finalize() == Keccak256.hash(data), "split at \(split)")
        }
    }

    /// The one-shot hash of a buffer (absorbing whole blocks in place) and the streaming hasher
    /// agree at every length across three blocks.
    @Test func oneShotEqualsStreamingAtEveryLength() {
        let data = (0..<420).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        for length in 0...data.count {
            var hasher = Keccak256()
            hasher.update(data[..<length])
            #expect(data[..<length].withUnsafeBytes { Keccak256.hash($0) } == hasher.finalize(), "length \(length)")
        }
    }
}
