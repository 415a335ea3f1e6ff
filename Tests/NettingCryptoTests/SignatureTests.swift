import NettingCrypto
import Testing

@Suite struct SignatureTests {
    let key = try! PrivateKey(Hex.decode("0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))

    @Test func signThenRecoverGivesTheSigner() throws {
        for length in [0, 1, 12, 212, 277, 1000] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 31 + length) }
            let signature = key.signEIP191(data)
            #expect(signature.v == 27 || signature.v == 28)
            #expect(signature.s <= Secp256k1.halfOrder, "libsecp256k1 signs low-s")
            #expect(try Secp256k1.recoverEIP191(data, signature: signature) == key.address)
        }
    }

    /// RFC 6979 makes signing deterministic. The expected signature is the one in Raiden 3.0.1's
    /// Processed fixture (message_identifier 0xf79b17aeefba91fc, signed by this key).
    @Test func signingIsDeterministicAndMatchesRaiden() {
        let data: [UInt8] = [0, 0, 0, 0, 0xf7, 0x9b, 0x17, 0xae, 0xef, 0xba, 0x91, 0xfc]
        #expect(EIP191.digest(data).hex == "0x6a542fdb78eef0766982639102371378eed74a1d7d165fbc4f98ff6c15a6c1a7")
        #expect(key.signEIP191(data) == key.signEIP191(data))
        #expect(
            key.signEIP191(data).hex
                == "0x7cde765d5815eb67fd4e2b798f212580d487f051f05433058674490d225e43ca16a8d32d2e7d5a5dff3f136961c0c47790d97cbbdcecefbf8dd909cbb94fd3611c")
    }

    /// Raiden's `recover` maps 27/28 to 0/1 and rejects every other v
    /// (raiden/tests/unit/test_binary_encoding.py tries 29, 37 and 38).
    @Test func recoveryIdsAcceptedExactlyLikeRaiden() throws {
        let data: [UInt8] = [1, 2, 3]
        var signature = key.signEIP191(data)
        let raw = signature.v - 27
        for v in [raw, raw + 27] {
            signature.v = v
            #expect(try Secp256k1.recoverEIP191(data, signature: signature) == key.address)
        }
        for v: UInt8 in [2, 26, 29, 37, 38, 255] {
            signature.v = v
            #expect(throws: SignatureError.invalidRecoveryId(v)) { try Secp256k1.recoverEIP191(data, signature: signature) }
        }
    }

    @Test func rAndSOutOfRangeAreTypedErrors() {
        let data: [UInt8] = [9]
        var signature = key.signEIP191(data)
        signature.r = .zero
        #expect(throws: SignatureError.rOutOfRange) { try Secp256k1.recoverEIP191(data, signature: signature) }
        signature = key.signEIP191(data)
        signature.s = Secp256k1.order
        #expect(throws: SignatureError.sOutOfRange) { try Secp256k1.recoverEIP191(data, signature: signature) }
        #expect(throws: SignatureError.rOutOfRange) { try Secp256k1.recoverEIP191(data, signature: .empty) }
    }

    @Test func invalidPrivateKeysAreRejected() {
        #expect(throws: SignatureError.invalidPrivateKey) { try PrivateKey(secret: .zero) }
        #expect(throws: SignatureError.invalidPrivateKey) { try PrivateKey(secret: Secp256k1.order) }
        #expect(throws: SignatureError.invalidPrivateKey) { try PrivateKey([UInt8](repeating: 1, count: 31)) }
    }
}
