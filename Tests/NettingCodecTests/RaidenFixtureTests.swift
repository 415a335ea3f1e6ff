import Foundation
import NettingCodec
import NettingCrypto
import Testing

/// Interop with Raiden 3.0.1 itself: the 14 signed messages in Raiden's
/// `raiden/tests/unit/serialized_messages/` (read from $RAIDEN_FIXTURES, default
/// ../shared/reference/raiden-fixtures; never copied into this project). Raiden built each from
/// factories and signed it with the key 0x000102…1f. A missing directory or file fails the run.
@Suite struct RaidenFixtureTests {
    static let key = try! PrivateKey(Array(0..<32))
    static let names = [
        "Delivered", "LockExpired", "LockedTransfer", "PFSCapacityUpdate", "PFSFeeUpdate", "Processed", "RefundTransfer",
        "RequestMonitoring", "RevealSecret", "SecretRequest", "Unlock", "WithdrawConfirmation", "WithdrawExpired", "WithdrawRequest",
    ]

    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["RAIDEN_FIXTURES"] { return URL(fileURLWithPath: dir) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/reference/raiden-fixtures")
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent("\(name).json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing Raiden fixture \(url.path): set RAIDEN_FIXTURES to Raiden's serialized_messages directory")
            throw CancellationError()
        }
        return Array(data)
    }

    @Test func theDirectoryHoldsAllFourteen() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }
        #expect(Set(present.map { String($0.dropLast(5)) }) == Set(Self.names))
        #expect(Set(Self.names) == Set(Message.typeNames), "every message type has a fixture")
    }

    @Test(arguments: names)
    func fixtureDecodesRecoversResignsAndReencodes(name: String) throws {
        let bytes = try Self.fixture(name)
        // Strict: the fixtures are Raiden's canonical output (pretty-printed, which JSON allows).
        let decoded = try MessageCodec.decode(bytes, policy: .strict)
        #expect(decoded.leniencies.isEmpty)
        let wire = decoded.message.wire
        #expect(type(of: wire).typeName == name)
        // The sender is the fixture key's address (the README of the fixtures says so).
        #expect(try wire.recoverSender() == Self.key.address)
        // RFC 6979 is deterministic: re-signing gives Raiden's signatures byte for byte.
        #expect(wire.signed(with: Self.key).wireJSON == wire.wireJSON)
        // Re-encoding gives the same JSON values (Raiden's key order is not significant).
        let original = try JSONParser.parse(bytes)
        let reencoded = try JSONParser.parse(wire.wireJSON)
        #expect(reencoded.canonicalJSON() == original.canonicalJSON())
    }

    /// Raiden's signed-data lengths, as the fixtures' signatures prove (reference §8.1).
    @Test func signedLengths() throws {
        let expected = [
            "Delivered": 12, "Processed": 12, "RevealSecret": 44, "SecretRequest": 116, "WithdrawRequest": 200,
            "WithdrawConfirmation": 200, "WithdrawExpired": 244, "Unlock": 212, "LockExpired": 212, "LockedTransfer": 212,
            "RefundTransfer": 212, "PFSCapacityUpdate": 236, "PFSFeeUpdate": 189, "RequestMonitoring": 221,
        ]
        for (name, length) in expected {
            let decoded = try MessageCodec.decode(try Self.fixture(name), policy: .strict)
            #expect(decoded.message.wire.signedBytes().count == length, "\(name)")
        }
    }

    /// The intermediate values of LockedTransfer.json that reference §8.1 lists (computed there
    /// independently of this project).
    @Test func lockedTransferIntermediateValues() throws {
        guard case .lockedTransfer(let t) = try MessageCodec.decode(try Self.fixture("LockedTransfer"), policy: .strict).message else {
            Issue.record("not a LockedTransfer"); return
        }
        #expect(t.metadata.hash.hex == "0x19372adeee55f93f1220935cd2ed61fffd47c07f00bc60faea80ad1253e65b1c")
        #expect(t.additionalHash.hex == "0x53e521720b9c7c4a421fcf31370fbfef7e11afb41e3d3fae03402b3f3c1cc3c6")
        #expect(t.balanceHash.hex == "0x1b3d8af4b3557a84d2ac8997e869d395167cec0024c685ce1165f47aa031ec88")
        #expect(EIP191.digest(t.signedBytes()).hex == "0x1c8b7c9361d4db9d2ececac0f7cb4aae6d8fc630ab2ca26d330eda1547c5dbb5")
        // The single lock's locksroot: keccak(expiration 5 ‖ amount 50 ‖ secrethash).
        #expect(Lock.locksroot([t.lock]) == t.locksroot)
    }

    @Test func processedAndUnlockIntermediateValues() throws {
        let processed = try MessageCodec.decode(try Self.fixture("Processed"), policy: .strict).message.wire
        #expect(Hex.encode(processed.signedBytes()) == "0x00000000f79b17aeefba91fc")
        #expect(EIP191.digest(processed.signedBytes()).hex == "0x6a542fdb78eef0766982639102371378eed74a1d7d165fbc4f98ff6c15a6c1a7")
        guard case .unlock(let unlock) = try MessageCodec.decode(try Self.fixture("Unlock"), policy: .strict).message else {
            Issue.record("not an Unlock"); return
        }
        #expect(unlock.additionalHash.hex == "0x3dfc61e3aa65e132040b5454a4bd31380500eecf7ecc6e95c69cb1f5b6b8afa4")
    }

    /// RequestMonitoring nests three signatures: the partner's balance proof (not the fixture
    /// key), the requester's counter-signature (277 bytes, msg type 2) and the reward proof.
    @Test func requestMonitoringSigners() throws {
        let wire = try MessageCodec.decode(try Self.fixture("RequestMonitoring"), policy: .strict).message.wire
        let signers = try wire.recoverSigners()
        #expect(signers.map(\.field) == ["signature", "non_closing_signature", "balance_proof.signature"])
        #expect(signers[0].signer == Self.key.address)
        #expect(signers[1].signer == Self.key.address)
        #expect(signers[2].signer != Self.key.address)
    }
}
