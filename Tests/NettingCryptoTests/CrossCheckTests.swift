import Foundation
import NettingCrypto
import Testing

/// Agreement with independent implementations: `tools/crosscheck/crypto_crosscheck.py` computes
/// expected values with coincurve (libsecp256k1), eth-keys, eth-hash (pycryptodome's Keccak) and
/// hashlib for a few hundred random inputs, and this suite must match every one byte for byte.
/// It needs the test venv that `make test` creates (`make venv`); without it the test fails.
@Suite struct CrossCheckTests {
    struct Expected: Decodable {
        struct HashCase: Decodable { let data, keccak256, sha256, eip191: String }
        struct SignCase: Decodable { let key, data, address, checksummed, signature: String }
        struct RecoverCase: Decodable { let kind, data, signature: String; let signer: String? }
        let source: String
        let hashes: [HashCase]
        let signatures: [SignCase]
        let recoveries: [RecoverCase]
    }

    static let expected: Result<Expected, CrossCheckUnavailable> = loadExpected()

    @Test func hashesAgree() throws {
        let expected = try Self.expected.get()
        #expect(expected.hashes.count >= 300)
        for c in expected.hashes {
            let data = try Hex.decode(c.data)
            #expect(Keccak256.hash(data).hex == c.keccak256, "keccak of \(c.data.prefix(20))…")
            #expect(SecretHash.sha256(data).hex == c.sha256)
            #expect(EIP191.digest(data).hex == c.eip191)
        }
    }

    @Test func signaturesAndAddressesAgree() throws {
        for c in try Self.expected.get().signatures {
            let key = try PrivateKey(Hex.decode(c.key))
            #expect(key.address.hex == c.address)
            #expect(key.address.checksummed == c.checksummed)
            #expect(key.signEIP191(try Hex.decode(c.data)).hex == c.signature, "key \(c.key)")
        }
    }

    @Test func recoveryAgreesIncludingMangledSignatures() throws {
        var kinds = Set<String>()
        for c in try Self.expected.get().recoveries {
            kinds.insert(c.kind)
            let signature = try Signature(hex: c.signature)
            let recovered = try? Secp256k1.recoverEIP191(Hex.decode(c.data), signature: signature)
            #expect(recovered?.hex == c.signer, "\(c.kind): \(c.signature)")
        }
        #expect(kinds.count == 8, "every kind of mangling was tried")
    }

    struct CrossCheckUnavailable: Error, CustomStringConvertible { let description: String }

    static func loadExpected() -> Result<Expected, CrossCheckUnavailable> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["NETTING_TEST_PYTHON"] ?? root.appendingPathComponent(".venv-test/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(.init(description: "no test Python at \(python): run `make venv` (make test does it)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("tools/crosscheck/crypto_crosscheck.py").path, "--seed", "20261125", "--count", "300"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return .failure(.init(description: "crypto_crosscheck.py exited \(process.terminationStatus)")) }
            return .success(try JSONDecoder().decode(Expected.self, from: data))
        } catch {
            return .failure(.init(description: "crypto_crosscheck.py: \(error)"))
        }
    }
}
