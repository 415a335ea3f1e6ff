import NettingCodec
import NettingCrypto

/// The `crypto` suite: the primitives under every Raiden 3.0.1 signature, at the byte level.
/// Keccak-256 (Ethereum's, not SHA3-256), addresses and their EIP-55 spelling, the EIP-191
/// digest Raiden signs (`raiden/utils/signer.py` `eth_sign_sha3`), signing (RFC 6979 nonce,
/// low s, v = 27/28, as `LocalSigner.sign` does through libsecp256k1) and recovery with every
/// way `raiden/utils/signer.py` `recover` refuses a signature, or takes one Raiden never makes.
///
/// The expected values are NettingKit's; `tools/crosscheck/vectors_crosscheck.py` recomputes
/// every one with eth-hash, coincurve and eth-keys.
public enum CryptoSuite {
    public static let name = "crypto"

    /// Every file of the suite; throws when a curated case does not do what it says (a sign case
    /// that does not recover its signer, an invalid case NettingKit accepts, …).
    public static func files() throws -> [VectorFile] {
        [
            VectorFile(suite: name, name: "keccak", description: "Keccak-256 as Ethereum uses it (padding 0x01, not SHA3-256's 0x06): `input` → `keccak256`. The rate is 136 bytes: 135, 136 and 137 bytes straddle a block.", cases: keccakCases()),
            VectorFile(suite: name, name: "addresses", description: "An address is the last 20 bytes of keccak(x ‖ y) of the uncompressed public key; its EIP-55 spelling upper-cases a letter when the matching nibble of keccak(lowercase hex digits) is 8 or more. `private_key` and `public_key` (64 bytes, no 0x04 prefix) are null where a case starts from the address.", cases: try addressCases()),
            VectorFile(suite: name, name: "eip191", description: "The digest Raiden signs: keccak(`preimage`) with `preimage` = \"\\x19Ethereum Signed Message:\\n\" ‖ the decimal byte length of `data` ‖ `data`.", cases: eip191Cases()),
            VectorFile(suite: name, name: "sign", description: "A 32-byte `digest` signed with `private_key`: `signature` = r ‖ s ‖ v (65 bytes), RFC 6979 nonce, s ≤ n/2, v = 27 + recovery id, as libsecp256k1 signs for Raiden; `address` is the key's. An invalid key signs nothing: `code`, and null values.", cases: try signCases()),
            VectorFile(suite: name, name: "recover", description: "The `address` that signed `digest` with `signature` (Raiden's recover: v 27/28 or 0/1, r and s in [1, n−1]); an invalid signature has its `code` and a null address. Recovery checks nothing else: another digest recovers another address.", cases: try recoverCases()),
        ]
    }

    // MARK: Inputs

    /// secp256k1's group order n.
    static let order = Secp256k1.order.bytes
    static let abc = Array("abc".utf8)

    /// Bytes 0, 1, 2, … 255, 0, 1, … : inputs whose every byte position is visible.
    static func counting(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0) } }

    /// The keys the suite signs with, by name, with their public keys (x ‖ y), checked at
    /// generation against the address NettingKit derives from the private key.
    static let keys: [(name: String, what: String, secret: [UInt8], publicKey: String)] = [
        ("key_1", "the private key 1 (its public key is the generator G)", word(1), "0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"),
        ("key_2", "the private key 2", word(2), "0xc6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee51ae168fea63dc339a3c58419466ceaeef7f632653266d0e1236431a950cfe52a"),
        ("key_n_minus_1", "the private key n − 1, the largest (its public key is −G)", minus(order, 1), "0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798b7c52588d95c3b9aa25b0403f1eef75702e84bb7597aabe663b82f6f04ef2777"),
        ("alice", "Alice's key in scenarios/ (0x11…11)", [UInt8](repeating: 0x11, count: 32), "0x4f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa385b6b1b8ead809ca67454d9683fcf2ba03456d6fe2c4abe2b07f0fbdbb2f1c1"),
        ("bob", "Bob's key in scenarios/ (0x22…22)", [UInt8](repeating: 0x22, count: 32), "0x466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f276728176c3c6431f8eeda4538dc37c865e2784f3a9e77d044f33e407797e1278a"),
    ]

    /// The digests the suite signs, by name.
    static let digests: [(name: String, what: String, bytes: [UInt8])] = [
        ("eip191_abc", "the EIP-191 digest of \"abc\"", EIP191.digest(abc).bytes),
        ("keccak_empty", "keccak(\"\")", Keccak256.hash([UInt8]()).bytes),
        ("zero", "32 zero bytes", [UInt8](repeating: 0, count: 32)),
        ("all_ff", "32 bytes 0xff", [UInt8](repeating: 0xff, count: 32)),
    ]

    /// A 32-byte big-endian word holding `value`.
    static func word(_ value: UInt8) -> [UInt8] { [UInt8](repeating: 0, count: 31) + [value] }

    /// A 32-byte big-endian word minus a small value (no borrow past the last byte here).
    static func minus(_ word: [UInt8], _ value: UInt8) -> [UInt8] { Array(word.dropLast()) + [word[31] - value] }

    /// n − s: the other s that verifies with the same r (for the other y, so the other v).
    static func negate(_ s: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32), borrow = 0
        for i in (0..<32).reversed() {
            let d = Int(order[i]) - Int(s[i]) - borrow
            out[i] = UInt8((d + 256) % 256)
            borrow = d < 0 ? 1 : 0
        }
        return out
    }

    // MARK: Cases

    static func keccakCases() -> [VectorCase] {
        var inputs: [(name: String, bytes: [UInt8], comment: String)] = [
            ("empty", [], "no bytes: keccak(\"\"), Raiden's LOCKSROOT_OF_NO_LOCKS"),
            ("abc", abc, "\"abc\""),
            ("quick_brown_fox", Array("The quick brown fox jumps over the lazy dog".utf8), "43 bytes of text: one block"),
            ("len_32", counting(32), "32 bytes (a word): one block"),
        ]
        for n in [135, 136, 137, 272] {
            let what = switch n {
            case 135: "the longest input whose padding fits in its one block"
            case 136: "exactly one rate: the padding takes a second block of its own"
            case 137: "one byte into the second block"
            default: "exactly two rates: the padding takes a third block"
            }
            inputs.append(("len_\(n)", counting(n), "\(n) bytes 00 01 02 …: \(what)"))
        }
        inputs.append(("long_4096", counting(4096), "4096 bytes 00 01 02 …: 30 whole blocks and 16 bytes"))
        return inputs.map { i in
            VectorCase(id: vectorID(name, "keccak", i.name), comment: i.comment, result: .valid, flags: [],
                       members: [("input", hex(i.bytes)), ("keccak256", hex(Keccak256.hash(i.bytes).bytes))])
        }
    }

    static func addressCases() throws -> [VectorCase] {
        var cases: [VectorCase] = []
        for k in keys {
            let fromKey = try PrivateKey(k.secret).address
            let publicKey = try Hex.decode(k.publicKey, count: 64)
            let address = publicKey.withUnsafeBytes { Address(publicKey64: $0) }
            guard address == fromKey else { throw SituationError("crypto.addresses.\(k.name): the public key is not the private key's") }
            cases.append(VectorCase(
                id: vectorID(name, "addresses", k.name), comment: "\(k.what): its public key, address and EIP-55 spelling",
                result: .valid, flags: [],
                members: [("private_key", hex(k.secret)), ("public_key", hex(publicKey)), ("address", hex(address.bytes)), ("checksummed", string(address.checksummed))]))
        }
        // EIP-55's own examples (eips.ethereum.org/EIPS/eip-55), each spelling pinned, and the zero address.
        let eip55 = "from lowercase hex, an example of EIP-55 itself"
        let published = [
            ("0x52908400098527886E0F7030069857D2E4169EE7", "EIP-55 \(eip55): every letter upper case"),
            ("0x8617E340B3D01FA5F11F306F4090FD50E238070D", "EIP-55 \(eip55): every letter upper case"),
            ("0xde709f2102306220921060314715629080e2fb77", "EIP-55 \(eip55): every letter lower case"),
            ("0x27b1fdb04752bbc536007a920d24acb045561c26", "EIP-55 \(eip55): every letter lower case"),
            ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "EIP-55 \(eip55): mixed case"),
            ("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "EIP-55 \(eip55): mixed case"),
            ("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "EIP-55 \(eip55): mixed case"),
            ("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "EIP-55 \(eip55): mixed case"),
            ("0x0000000000000000000000000000000000000000", "EIP-55 of the zero address: no letter to upper-case"),
        ]
        for (spelling, what) in published {
            let address = try Address(Hex.decode(spelling, count: 20))
            guard address.checksummed == spelling else { throw SituationError("crypto.addresses: EIP-55 of \(address.hex) is \(address.checksummed), not \(spelling)") }
            let short = String(address.hex.dropFirst(2).prefix(8))
            cases.append(VectorCase(
                id: vectorID(name, "addresses", "eip55_" + short), comment: what,
                result: .valid, flags: [],
                members: [("private_key", null), ("public_key", null), ("address", hex(address.bytes)), ("checksummed", string(address.checksummed))]))
        }
        return cases
    }

    static func eip191Cases() -> [VectorCase] {
        let inputs: [(name: String, bytes: [UInt8], comment: String)] = [
            ("empty", [], "no data: the length is written \"0\""),
            ("abc", abc, "\"abc\""),
            ("len_9", counting(9), "the longest data with a one-digit length"),
            ("len_10", counting(10), "the shortest data with a two-digit length"),
            ("len_32", counting(32), "a 32-byte word"),
            ("len_99", counting(99), "the longest data with a two-digit length"),
            ("len_100", counting(100), "the shortest data with a three-digit length"),
            ("len_200", counting(200), "as long as a withdraw's signed bytes"),
            ("len_212", counting(212), "as long as a balance proof's signed bytes"),
            ("len_1000", counting(1000), "a four-digit length, the preimage longer than seven blocks"),
        ]
        return inputs.map { i in
            let preimage = EIP191.prefix + Array(String(i.bytes.count).utf8) + i.bytes
            return VectorCase(
                id: vectorID(name, "eip191", i.name), comment: i.comment, result: .valid, flags: [],
                members: [("data", hex(i.bytes)), ("preimage", hex(preimage)), ("digest", hex(EIP191.digest(i.bytes).bytes))])
        }
    }

    /// The valid sign cases, by name: every key over the EIP-191 digest of "abc", and Alice over every digest.
    static func signed() throws -> [(name: String, what: String, key: [UInt8], digest: [UInt8], signature: Signature, address: Address)] {
        var pairs = keys.map { ($0, digests[0]) }
        pairs += digests.dropFirst().map { (keys.first { $0.name == "alice" }!, $0) }
        return try pairs.map { k, d in
            let key = try PrivateKey(k.secret)
            let signature = key.sign(digest: try Hash32(d.bytes))
            return (name: "\(k.name)_\(d.name)", what: "\(k.what) signs \(d.what)", key: k.secret, digest: d.bytes, signature: signature, address: key.address)
        }
    }

    static func signCases() throws -> [VectorCase] {
        let all = try signed()
        guard Set(all.map(\.signature.v)) == [27, 28] else { throw SituationError("crypto.sign: the cases do not give both v = 27 and v = 28") }
        var cases = all.map { s in
            VectorCase(
                id: vectorID(name, "sign", s.name), comment: "\(s.what): v = \(s.signature.v)", result: .valid, flags: [],
                members: [("private_key", hex(s.key)), ("digest", hex(s.digest)), ("code", null), ("address", hex(s.address.bytes)), ("signature", hex(s.signature.bytes))])
        }
        let bad: [(name: String, key: [UInt8], comment: String)] = [
            ("key_zero", [UInt8](repeating: 0, count: 32), "the private key 0"),
            ("key_n", order, "the private key n, the group order (≡ 0)"),
            ("key_all_ff", [UInt8](repeating: 0xff, count: 32), "the private key 2^256 − 1, above n"),
        ]
        for b in bad {
            guard let code = rejection(ofKey: b.key) else { throw SituationError("crypto.sign.\(b.name): NettingKit takes the key") }
            cases.append(try invalid("sign", b.name, comment: b.comment + ": nothing is signed with it", code: code,
                                     members: [("private_key", hex(b.key)), ("digest", hex(digests[0].bytes))], values: ["address", "signature"]))
        }
        return cases
    }

    /// NettingKit's code for a private key it refuses; nil when it takes the key.
    static func rejection(ofKey key: [UInt8]) -> String? {
        do { _ = try PrivateKey(key); return nil } catch { return error.code }
    }

    static func recoverCases() throws -> [VectorCase] {
        let all = try signed()
        var cases = all.map { s in
            VectorCase(
                id: vectorID(name, "recover", s.name), comment: "\(s.what) (sign.\(s.name)): the signature recovers the signer", result: .valid, flags: [],
                members: [("digest", hex(s.digest)), ("signature", hex(s.signature.bytes)), ("code", null), ("address", hex(s.address.bytes))])
        }
        let base = all.first { $0.name == "alice_eip191_abc" }!
        let v27 = all.first { $0.signature.v == 27 }!, v28 = all.first { $0.signature.v == 28 }!
        let r = base.signature.r.bytes, s = base.signature.s.bytes, v = base.signature.v

        // Another digest: recovery succeeds, with someone else's address. Checking who signed is the caller's job.
        let other = digests.first { $0.name == "keccak_empty" }!.bytes
        let stranger = try Secp256k1.recover(digest: Hash32(other), signature: base.signature)
        guard stranger != base.address else { throw SituationError("crypto.recover.other_digest recovers the signer") }
        cases.append(VectorCase(
            id: vectorID(name, "recover", "other_digest"), comment: "sign.alice_eip191_abc's signature over another digest: a valid signature of someone else, not an error",
            result: .valid, flags: [], members: [("digest", hex(other)), ("signature", hex(base.signature.bytes)), ("code", null), ("address", hex(stranger.bytes))]))

        // What Raiden's recover takes but Raiden never signs: v = 0/1 and high s.
        for (source, raw) in [(v27, UInt8(0)), (v28, UInt8(1))] {
            let signature = Signature(r: source.signature.r, s: source.signature.s, v: raw)
            cases.append(try acceptable(
                "v_\(raw)", comment: "sign.\(source.name) with v = \(raw), the bare recovery id: raiden/utils/signer.py get_public_key maps 27/28 to 0/1 and takes 0/1 as they are; Raiden signs with 27/28 only",
                code: "signature.recovery_id_0_1", digest: source.digest, signature: signature, signer: source.address))
        }
        for source in [v27, v28] {
            let twin = Signature(r: source.signature.r, s: try Hash32(negate(source.signature.s.bytes)), v: source.signature.v == 27 ? 28 : 27)
            guard twin.s > Secp256k1.halfOrder else { throw SituationError("crypto.recover: n − s is not high") }
            cases.append(try acceptable(
                "high_s_v\(twin.v)", comment: "sign.\(source.name) with s → n − s and the other v: the same signer; libsecp256k1 signs only s ≤ n/2, eth-keys' ecdsa_recover (under raiden/utils/signer.py recover) takes either",
                code: "signature.high_s", digest: source.digest, signature: twin, signer: source.address))
        }

        // What Raiden's recover refuses (InvalidSignature), each one fault on sign.alice_eip191_abc.
        let n = order, max = [UInt8](repeating: 0xff, count: 32), zero = [UInt8](repeating: 0, count: 32)
        var bad: [(name: String, bytes: [UInt8], comment: String)] = []
        for bv: UInt8 in [2, 26, 29, 255] {
            bad.append(("v_\(bv)", r + s + [bv], "v = \(bv): after 27 is taken off a v ≥ 27, Raiden's recover wants 0 or 1"))
        }
        bad += [
            ("r_zero", zero + s + [v], "r = 0"),
            ("r_n", n + s + [v], "r = n, the group order"),
            ("r_all_ff", max + s + [v], "r = 2^256 − 1"),
            ("s_zero", r + zero + [v], "s = 0"),
            ("s_n", r + n + [v], "s = n, the group order"),
            ("s_all_ff", r + max + [v], "s = 2^256 − 1"),
            ("r_not_on_curve", word(5) + s + [v], "r = 5: no curve point has x = 5 (5³ + 7 is not a square mod p), so no key recovers"),
            ("length_64", r + s, "64 bytes: v is missing"),
            ("length_66", r + s + [v, 0], "66 bytes: one byte too many"),
        ]
        for b in bad {
            let code: String
            do {
                let signature = try Signature(b.bytes)
                _ = try Secp256k1.recover(digest: Hash32(base.digest), signature: signature)
                throw SituationError("crypto.recover.\(b.name): NettingKit recovers a signer")
            } catch let e as SignatureError { code = e.code } catch let e as ValueError { code = e.code }
            cases.append(try invalid("recover", b.name, comment: "sign.alice_eip191_abc with " + b.comment, code: code,
                                     members: [("digest", hex(base.digest)), ("signature", hex(b.bytes))], values: ["address"]))
        }
        return cases
    }

    static func acceptable(_ caseName: String, comment: String, code: String, digest: [UInt8], signature: Signature, signer: Address) throws -> VectorCase {
        guard try Secp256k1.recover(digest: Hash32(digest), signature: signature) == signer else {
            throw SituationError("crypto.recover.\(caseName): NettingKit does not recover the signer")
        }
        return VectorCase(id: vectorID(name, "recover", caseName), comment: comment, result: .acceptable, flags: try flags(code, caseName),
                          members: [("digest", hex(digest)), ("signature", hex(signature.bytes)), ("code", string(code)), ("address", hex(signer.bytes))])
    }

    static func invalid(_ file: String, _ caseName: String, comment: String, code: String, members: [(key: String, json: [UInt8])], values: [String]) throws -> VectorCase {
        VectorCase(id: vectorID(name, file, caseName), comment: comment + " [\(code)]", result: .invalid, flags: try flags(code, caseName),
                   members: members + [("code", string(code))] + values.map { ($0, null) })
    }

    /// The flags spec/vectors.yaml gives `code`; a code it does not declare is a generation error.
    static func flags(_ code: String, _ caseName: String) throws -> [VectorFlag] {
        guard let flags = VectorFlag.byCryptoCode[code], !flags.isEmpty else {
            throw SituationError("crypto.\(caseName): \(code) is not a crypto code of spec/vectors.yaml with a flag")
        }
        return flags
    }

    // MARK: JSON members

    static let null = Array("null".utf8)
    static func hex(_ bytes: some Collection<UInt8>) -> [UInt8] { var w = JSONWriter(capacity: 2 * bytes.count + 8); w.hexString(bytes); return w.bytes }
    static func string(_ s: String) -> [UInt8] { var w = JSONWriter(capacity: s.utf8.count + 8); w.string(s); return w.bytes }

    // MARK: Running

    /// One case, by its file (the id's second part): the implementation's answer against the case's.
    static func run(id: String, _ c: JSONObject, _ implementation: any VectorImplementation) -> VectorRunner.Outcome {
        guard let implementation = implementation as? any CryptoImplementation else { return .skipped }
        let parts = id.split(separator: ".")
        guard parts.count == 3, case .string(let result)? = c["result"] else {
            return .failed(VectorFailure(caseID: id, path: "id", expected: "crypto.<file>.<name> with a result", got: id))
        }
        func fail(_ path: String, _ expected: String, _ got: String) -> VectorRunner.Outcome {
            .failed(VectorFailure(caseID: id, path: path, expected: expected, got: got))
        }
        func bytes(_ key: String) -> [UInt8]? {
            guard case .string(let text)? = c[key] else { return nil }
            return try? Hex.decode(text)
        }
        func text(_ key: String) -> String? { if case .string(let t)? = c[key] { t } else { nil } }
        func same(_ key: String, _ got: [UInt8]) -> VectorRunner.Outcome? {
            let expected = text(key) ?? "null"
            return Hex.encode(got) == expected ? nil : fail(key, expected, Hex.encode(got))
        }
        switch parts[1] {
        case "keccak":
            guard let input = bytes("input") else { return fail("input", "hex", "none") }
            return same("keccak256", implementation.keccak256(input)) ?? .passed
        case "addresses":
            guard let address = bytes("address") else { return fail("address", "hex", "none") }
            if let key = bytes("private_key") {
                do { if let f = same("address", try implementation.address(privateKey: key)) { return f } } catch { return fail("address", text("address")!, "a rejection: \(error.code)") }
            }
            if let publicKey = bytes("public_key") {
                do { if let f = same("address", try implementation.address(publicKey: publicKey)) { return f } } catch { return fail("address", text("address")!, "a rejection: \(error.code)") }
            }
            let spelled = implementation.checksummed(address: address)
            return spelled == text("checksummed") ? .passed : fail("checksummed", text("checksummed") ?? "null", spelled)
        case "eip191":
            guard let data = bytes("data") else { return fail("data", "hex", "none") }
            return same("digest", implementation.eip191Digest(data)) ?? .passed
        case "sign":
            guard let key = bytes("private_key"), let digest = bytes("digest") else { return fail("", "private_key, digest", "a key missing") }
            return compare(result: result, code: text("code"), expected: [("signature", text("signature")), ("address", text("address"))], fail: fail) { () throws(CryptoRejection) -> [[UInt8]] in
                [try implementation.sign(privateKey: key, digest: digest), try implementation.address(privateKey: key)]
            }
        case "recover":
            guard let digest = bytes("digest"), let signature = bytes("signature") else { return fail("", "digest, signature", "a key missing") }
            return compare(result: result, code: text("code"), expected: [("address", text("address"))], fail: fail) { () throws(CryptoRejection) -> [[UInt8]] in
                [try implementation.recover(digest: digest, signature: signature)]
            }
        default:
            return fail("id", "a file of the crypto suite", String(parts[1]))
        }
    }

    /// A sign or recover answer against the case: valid wants the values, invalid the code,
    /// acceptable either a rejection (any code) or the values.
    static func compare(result: String, code: String?, expected: [(key: String, hex: String?)], fail: (String, String, String) -> VectorRunner.Outcome,
                        _ answer: () throws(CryptoRejection) -> [[UInt8]]) -> VectorRunner.Outcome {
        let got: [[UInt8]]
        do { got = try answer() } catch {
            switch result {
            case VectorResult.invalid.rawValue: return error.code == code ? .passed : fail("code", code ?? "null", error.code)
            case VectorResult.acceptable.rawValue: return .passed
            default: return fail("code", "null", error.code)
            }
        }
        if result == VectorResult.invalid.rawValue { return fail("code", code ?? "null", "no rejection: \(got.map(Hex.encode).joined(separator: ", "))") }
        for (e, g) in zip(expected, got) where Hex.encode(g) != e.hex {
            return fail(e.key, e.hex ?? "null", Hex.encode(g))
        }
        return .passed
    }
}

/// Keccak-256, addresses, EIP-191 and secp256k1 as Raiden 3.0.1 uses them, byte for byte: what
/// an implementation provides to run the `crypto` suite. Every argument and answer is raw bytes
/// (a digest 32, an address 20, a signature 65, a public key 64: x ‖ y without the 0x04 prefix).
public protocol CryptoImplementation: VectorImplementation {
    /// Keccak-256 (the original Keccak padding 0x01, not SHA3-256's 0x06).
    func keccak256(_ data: [UInt8]) -> [UInt8]
    /// The last 20 bytes of keccak(x ‖ y).
    func address(publicKey: [UInt8]) throws(CryptoRejection) -> [UInt8]
    /// The address of a 32-byte private key; a key of 0 or not below n is rejected.
    func address(privateKey: [UInt8]) throws(CryptoRejection) -> [UInt8]
    /// EIP-55: `0x` and 40 hex digits, a letter upper-cased when keccak(lowercase digits)'s nibble is ≥ 8.
    func checksummed(address: [UInt8]) -> String
    /// keccak("\x19Ethereum Signed Message:\n" ‖ decimal length of `data` ‖ `data`).
    func eip191Digest(_ data: [UInt8]) -> [UInt8]
    /// r ‖ s ‖ v of a 32-byte digest: RFC 6979 nonce, s ≤ n/2, v = 27 + recovery id.
    func sign(privateKey: [UInt8], digest: [UInt8]) throws(CryptoRejection) -> [UInt8]
    /// The signer's address, or a rejection with its code (spec/vectors.yaml `crypto_codes`).
    func recover(digest: [UInt8], signature: [UInt8]) throws(CryptoRejection) -> [UInt8]
}

/// An implementation's refusal of a key or a signature, by code (`signature.s_out_of_range`, …).
public struct CryptoRejection: Error, Equatable, Sendable {
    public let code: String
    public init(code: String) { self.code = code }
}

// MARK: NettingKit as the implementation

extension NettingKitImplementation: CryptoImplementation {
    public func keccak256(_ data: [UInt8]) -> [UInt8] { Keccak256.hash(data).bytes }

    public func address(publicKey: [UInt8]) throws(CryptoRejection) -> [UInt8] {
        guard publicKey.count == 64 else { throw CryptoRejection(code: ValueError.wrongByteLength(expected: 64, actual: publicKey.count).code) }
        return publicKey.withUnsafeBytes { Address(publicKey64: $0) }.bytes
    }

    public func address(privateKey: [UInt8]) throws(CryptoRejection) -> [UInt8] {
        do { return try PrivateKey(privateKey).address.bytes } catch { throw CryptoRejection(code: error.code) }
    }

    public func checksummed(address: [UInt8]) -> String { (try? Address(address))?.checksummed ?? "" }

    public func eip191Digest(_ data: [UInt8]) -> [UInt8] { EIP191.digest(data).bytes }

    public func sign(privateKey: [UInt8], digest: [UInt8]) throws(CryptoRejection) -> [UInt8] {
        let key: PrivateKey
        do { key = try PrivateKey(privateKey) } catch { throw CryptoRejection(code: error.code) }
        do { return key.sign(digest: try Hash32(digest)).bytes } catch { throw CryptoRejection(code: error.code) }
    }

    public func recover(digest: [UInt8], signature: [UInt8]) throws(CryptoRejection) -> [UInt8] {
        let parsed: Signature, hash: Hash32
        do { (parsed, hash) = (try Signature(signature), try Hash32(digest)) } catch { throw CryptoRejection(code: error.code) }
        do { return try Secp256k1.recover(digest: hash, signature: parsed).bytes } catch { throw CryptoRejection(code: error.code) }
    }
}
