import NettingCrypto
import Testing

/// Inside a `RecoveryMemo` scope a repeated recovery is answered from memory; every answer must
/// be exactly what recovering gives. Expected signers: the keys' addresses (derived from their
/// public keys, not by recovery), and recovery outside any scope.
@Suite struct RecoveryMemoTests {
    let alice = try! PrivateKey(Array(repeating: 0x11, count: 32))
    let bob = try! PrivateKey(Array(repeating: 0x22, count: 32))
    let one = EIP191.digest(Array("one".utf8))
    let two = EIP191.digest(Array("two".utf8))

    @Test func aRepeatedRecoveryGivesTheSigner() {
        let signature = alice.sign(digest: one)
        let signers = RecoveryMemo.scope { (0..<3).map { _ in try? Secp256k1.recover(digest: one, signature: signature) } }
        #expect(signers == [alice.address, alice.address, alice.address])
    }

    @Test func anotherDigestOrSignatureIsRecoveredAfresh() {
        let s1 = alice.sign(digest: one), s2 = bob.sign(digest: two)
        var otherV = s1
        otherV.v = s1.v == 27 ? 28 : 27
        var zeroR = s1
        zeroR.r = .zero
        // Outside a scope: what each recovery must give.
        let sameSignatureOtherDigest = try? Secp256k1.recover(digest: two, signature: s1)
        let otherRecoveryId = try? Secp256k1.recover(digest: one, signature: otherV)
        #expect(sameSignatureOtherDigest != nil && sameSignatureOtherDigest != alice.address)
        #expect(otherRecoveryId != alice.address)
        RecoveryMemo.scope {
            #expect((try? Secp256k1.recover(digest: one, signature: s1)) == alice.address)
            #expect((try? Secp256k1.recover(digest: two, signature: s1)) == sameSignatureOtherDigest)
            #expect((try? Secp256k1.recover(digest: one, signature: otherV)) == otherRecoveryId)
            #expect((try? Secp256k1.recover(digest: two, signature: s2)) == bob.address)
            #expect(throws: SignatureError.rOutOfRange) { try Secp256k1.recover(digest: one, signature: zeroR) }
            #expect((try? Secp256k1.recover(digest: one, signature: s1)) == alice.address)
        }
    }
}
