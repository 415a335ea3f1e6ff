import ArgumentParser
import NettingCrypto

struct CryptoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "Keccak-256, addresses, and signing and recovery exactly as Raiden signs messages.",
        discussion: """
            Raiden signs the EIP-191 digest keccak("\\x19Ethereum Signed Message:\\n" +
            len + data) with secp256k1 and emits v = 27 or 28. `sign` and `recover` take
            the raw data (for example the 212-byte balance proof), not its digest.
            """,
        subcommands: [Keccak.self, AddressOf.self, Sign.self, Recover.self]
    )

    struct Keccak: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keccak-256 (Ethereum's, not SHA3-256) of hex bytes or of text.",
            discussion: "Examples:\n  netting crypto keccak 0x616263\n  netting crypto keccak --text abc")

        @Argument(help: "The bytes to hash, as hex (0x optional).")
        var hex: String?

        @Option(help: "Hash this text's UTF-8 bytes instead.")
        var text: String?

        @Flag(help: "Print {\"keccak256\", \"length\"} (length in bytes, a decimal string).")
        var json = false

        func validate() throws {
            if (hex == nil) == (text == nil) { throw ValidationError("give either <hex> or --text, not both or neither") }
        }

        func run() throws {
            let data = try text.map { Array($0.utf8) } ?? Arg.bytes(hex!, field: "<hex>")
            let digest = Keccak256.hash(data)
            if json { printJSON(["keccak256": digest.hex, "length": String(data.count)]) } else { print(digest.hex) }
        }
    }

    struct AddressOf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "address",
            abstract: "The address of a private key (EIP-55 checksummed; lowercase in --json as on the wire).",
            discussion: """
                Example:
                  netting crypto address --key \\
                    0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
                """)

        @Option(help: "The 32-byte private key, as hex.")
        var key: String

        @Flag(help: "Print {\"address\", \"checksummed\"}.")
        var json = false

        func run() throws {
            let address = try Arg.privateKey(key).address
            if json {
                printJSON(["address": address.hex, "checksummed": address.checksummed])
            } else {
                print(address.checksummed)
            }
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign data as Raiden does: EIP-191 digest, RFC 6979, low-s, v = 27/28.",
            discussion: "Example:\n  netting crypto sign --key 0x0001…1f 0x00000000f79b17aeefba91fc")

        @Option(help: "The 32-byte private key, as hex.")
        var key: String

        @Argument(help: "The data to sign (not its digest), as hex.")
        var data: String

        @Flag(help: "Print {\"signature\", \"digest\", \"signer\"}.")
        var json = false

        func run() throws {
            let signer = try Arg.privateKey(key)
            let bytes = try Arg.bytes(data, field: "<data-hex>")
            let digest = EIP191.digest(bytes)
            let signature = signer.sign(digest: digest)
            if json {
                printJSON(["signature": signature.hex, "digest": digest.hex, "signer": signer.address.hex])
            } else {
                print(signature.hex)
            }
        }
    }

    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recover the signer's address from data and its 65-byte signature (v may be 0, 1, 27 or 28).",
            discussion: """
                Example:
                  netting crypto recover --signature 0x…(130 hex digits) \\
                    --expect-signer 0x14791697260E4c9A71f18484C9f997B308e59325 \\
                    0x00000000f79b17aeefba91fc
                """)

        @Option(help: "The 65-byte signature r ‖ s ‖ v, as hex.")
        var signature: String

        @Argument(help: "The signed data (not its digest), as hex.")
        var data: String

        @Option(help: "The address that must have signed; any other signer is an error (signer.mismatch).")
        var expectSigner: String?

        @Flag(help: "Print {\"signer\", \"checksummed\", \"digest\"}.")
        var json = false

        func run() throws {
            let expected = try expectSigner.map { try Arg.address($0, field: "--expect-signer") }
            let sig = try Arg.signature(signature)
            let bytes = try Arg.bytes(data, field: "<data-hex>")
            let digest = EIP191.digest(bytes)
            let signer: Address
            do { signer = try Secp256k1.recover(digest: digest, signature: sig) } catch {
                throw CLIError(field: "--signature", error)
            }
            if let expected, expected != signer {
                throw CLIError(field: "--signature", code: "signer.mismatch", reason: "recovers \(signer.checksummed), not \(expected.checksummed) (--expect-signer)")
            }
            if json {
                printJSON(["signer": signer.hex, "checksummed": signer.checksummed, "digest": digest.hex])
            } else {
                print(signer.checksummed)
            }
        }
    }
}
