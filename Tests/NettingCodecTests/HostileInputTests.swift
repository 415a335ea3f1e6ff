import NettingCodec
import NettingCrypto
import Testing

/// Issue 14, the codec's part: no quadratic path in the key check, strict refuses signatures
/// Raiden's signer never makes, and errors quote hostile input as a short excerpt.
@Suite struct HostileInputTests {
    static let key = try! PrivateKey(Array(repeating: 0x33, count: 32))
    static let signed = Templates.example("Processed")!.wire.signed(with: key)

    /// The signed Processed with extra members before the closing brace.
    static func withExtraKeys(_ count: Int, _ key: (Int) -> String = { "k\($0)" }) -> [UInt8] {
        var bytes = Array(signed.wireJSON.dropLast())
        for i in 0..<count { bytes += Array(",\"\(key(i))\":1".utf8) }
        return bytes + [UInt8(ascii: "}")]
    }

    /// 200,000 distinct keys: the old pairwise check made 2·10^10 comparisons (80,000 keys took
    /// 11 s); the time limit only catches that, it measures nothing.
    @Test(.timeLimit(.minutes(1)))
    func twoHundredThousandKeysAreCheckedInLinearTime() throws {
        let bytes = Self.withExtraKeys(200_000)
        #expect(throws: DecodeError.self) { try MessageCodec.decode(bytes, policy: .strict) }
        do { _ = try MessageCodec.decode(bytes, policy: .strict) } catch {
            #expect(error.code == .fieldUnknown)
        }
        let lenient = try MessageCodec.decode(bytes, policy: .raiden)
        #expect(lenient.leniencies.filter { $0.code == .objectUnknownKey }.count == 200_000)
        #expect(lenient.message == Self.signed.message)
    }

    @Test func aRepeatedKeyAmongManyIsStillFound() throws {
        let bytes = Self.withExtraKeys(50_001) { $0 == 50_000 ? "k7" : "k\($0)" }
        do {
            _ = try MessageCodec.decode(bytes, policy: .strict)
            Issue.record("a repeated key passed strict")
        } catch {
            #expect(error.code == .fieldDuplicateKey)
            #expect(error.path == "k7")
        }
    }

    /// secp256k1 signatures are malleable: (r, n − s) with the other recovery id verifies for the
    /// same key. libsecp256k1 signs only s ≤ n/2 and Raiden's LocalSigner adds 27 to the
    /// recovery id, so strict refuses both other forms; raiden (Raiden's recover) takes them and
    /// finds the same signer.
    static func variants() throws -> [(name: String, signature: Signature)] {
        let s = Self.signed.signature
        let (highS, _) = try UInt256(bigEndian: Secp256k1.order.bytes).subtractingReportingOverflow(try UInt256(bigEndian: s.s.bytes))
        return [
            ("high s", Signature(r: s.r, s: try Hash32(highS.bigEndianBytes), v: s.v == 27 ? 28 : 27)),
            ("v = 0 or 1", Signature(r: s.r, s: s.s, v: s.v - 27)),
        ]
    }

    @Test func strictRefusesAHighSOrABareRecoveryIdAndRaidenFindsTheSameSigner() throws {
        for (name, signature) in try Self.variants() {
            let text = String(decoding: Self.signed.wireJSON, as: UTF8.self)
                .replacingOccurrences(of: Self.signed.signature.hex, with: signature.hex)
            do {
                _ = try MessageCodec.decode(Array(text.utf8), policy: .strict)
                Issue.record("\(name) passed strict")
            } catch {
                #expect(error.code == .fieldNotCanonical, "\(name)")
                #expect(error.path == "signature")
            }
            let lenient = try MessageCodec.decode(Array(text.utf8), policy: .raiden)
            #expect(try lenient.message.wire.recoverSender() == Self.key.address, "\(name)")
        }
    }

    @Test func aHugeKeyIsQuotedAsAnExcerpt() throws {
        let bytes = Self.withExtraKeys(1) { _ in String(repeating: "x", count: 1_000_000) }
        do {
            _ = try MessageCodec.decode(bytes, policy: .strict)
            Issue.record("an unknown key passed strict")
        } catch {
            #expect(error.code == .fieldUnknown)
            #expect(error.description.utf8.count < 1_200, "\(error.description.utf8.count) bytes")
            #expect(error.path.hasPrefix("xxxx") && error.path.hasSuffix("(1000000 bytes)"))
        }
    }
}
