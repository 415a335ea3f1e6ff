import NettingCodec
import NettingCrypto
import Testing

/// No input crashes the decoder: every message type's wire JSON, with bytes mutated, inserted,
/// deleted and truncated at random (seeded), either decodes or throws a DecodeError — under
/// both policies — and whatever decodes re-encodes and decodes again to the same message.
@Suite struct RobustnessTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let key = try! PrivateKey(Array(repeating: 0x33, count: 32))
    static let interesting: [UInt8] = Array(#"{}[]":,0123456789abcdefABCDEFx-+.eE \n\u{0}"#.utf8) + [0x80, 0xC3, 0xFF]

    @Test(arguments: Message.typeNames)
    func mutatedMessagesNeverCrash(typeName: String) throws {
        let original = Templates.example(typeName)!.wire.signed(with: Self.key).wireJSON
        var rng = SplitMix64(state: UInt64(typeName.utf8.count) &* 7919)
        var decodedCount = 0
        for _ in 0..<1_500 {
            var bytes = original
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(max(1, bytes.count)))
                switch rng.next() % 4 {
                case 0 where !bytes.isEmpty: bytes[i] = Self.interesting[Int(rng.next() % UInt64(Self.interesting.count))]
                case 1: bytes.insert(Self.interesting[Int(rng.next() % UInt64(Self.interesting.count))], at: min(i, bytes.count))
                case 2 where !bytes.isEmpty: bytes.remove(at: i)
                default: bytes = Array(bytes.prefix(i))
                }
            }
            for policy in DecodePolicy.allCases {
                guard let decoded = try? MessageCodec.decode(bytes, policy: policy) else { continue }
                decodedCount += 1
                let again = try MessageCodec.decode(decoded.message.wire.wireJSON, policy: .raiden)
                #expect(again.message == decoded.message)
                _ = try? decoded.message.wire.recoverSender()
            }
        }
        #expect(decodedCount > 0, "some mutations (e.g. whitespace) still decode")
    }
}
