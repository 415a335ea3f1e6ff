// `make bench`: NettingKit next to its baselines, measured in the same run, reported as ratios.
import CSecp256k1
import Crypto
import Foundation
import NettingCodec
import NettingMachine
import NettingCrypto

// BENCH_PROFILE=<MessageType>: only decode that message in a loop (for callgrind/perf); with
// BENCH_PROFILE_DIGEST set, only its signed digest; BENCH_PROFILE_ENCODE, only its wire JSON;
// BENCH_PROFILE_RECOVER, decode+recover.
if let profiled = ProcessInfo.processInfo.environment["BENCH_PROFILE"], let example = Templates.example(profiled) {
    let bytes = example.wire.signed(with: try! PrivateKey(Array(0..<32))).wireJSON
    var n = 0
    if ProcessInfo.processInfo.environment["BENCH_PROFILE_ENCODE"] != nil {
        let wire = example.wire.signed(with: try! PrivateKey(Array(0..<32)))
        for _ in 0..<20_000 { n &+= wire.wireJSON.count & 1 }
    } else if ProcessInfo.processInfo.environment["BENCH_PROFILE_RECOVER"] != nil {
        for _ in 0..<2_000 { n &+= Int((try? MessageCodec.decode(bytes, policy: .strict).message.recoverSender())?.lo ?? 0) & 1 }
    } else if ProcessInfo.processInfo.environment["BENCH_PROFILE_DIGEST"] != nil {
        let wire = example.wire.signed(with: try! PrivateKey(Array(0..<32)))
        for _ in 0..<20_000 { n &+= Int(wire.signedDigest().w3 & 1) }
    } else {
        for _ in 0..<20_000 { if (try? MessageCodec.decode(bytes, policy: .strict)) != nil { n += 1 } }
    }
    print("decoded \(n)")
    exit(0)
}

// BENCH_BREAKDOWN=<MessageType>: where decode+recover's time goes, part by part.
if let name = ProcessInfo.processInfo.environment["BENCH_BREAKDOWN"], let example = Templates.example(name) {
    let k = try! PrivateKey(Array(0..<32))
    let wire = example.wire.signed(with: k)
    let bytes = wire.wireJSON
    let decoded = try! MessageCodec.decode(bytes, policy: .strict).message
    let same = Raw(digest: wire.signedDigest(), key: Array(0..<32), signature: wire.signature)
    let parts: [(String, () -> UInt64)] = [
        ("decode only", { (try? MessageCodec.decode(bytes, policy: .strict)) == nil ? 0 : 1 }),
        ("signed digest of decoded", { wire.signedDigest().w3 }),
        ("recoverSender of decoded", { (try? decoded.recoverSender())?.hi ?? 0 }),
        ("raw recover", same.recover),
        ("decode+recover", { (try? MessageCodec.decode(bytes, policy: .strict).message.recoverSender())?.hi ?? 0 }),
    ]
    var times = Array(repeating: [Double](), count: parts.count)
    for _ in 0..<15 { for (i, p) in parts.enumerated() { times[i].append(nanoseconds(1_000, p.1)) } }
    for (i, p) in parts.enumerated() { print(pad(p.0, 28) + lpad(format(median(times[i])), 12)) }
    exit(0)
}

// BENCH_PROFILE_MACHINE=plain|verify: only the channel-machine pairs in a loop (for perf).
if let mode = ProcessInfo.processInfo.environment["BENCH_PROFILE_MACHINE"] {
    _ = MachineBench.inputs
    let count = Int(ProcessInfo.processInfo.environment["BENCH_PROFILE_RUNS"] ?? "") ?? 20
    let runs = (0..<count).map { _ in MachineBench.nsPerPair(verify: mode == "verify") }
    print("channel machine (\(mode)): median \(format(median(runs))) per pair")
    exit(0)
}

let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "") ?? 15
print("NettingKit benchmarks — medians of \(rounds) interleaved rounds; ratio = ours / baseline (lower is better)")

// MARK: Keccak-256 vs swift-crypto's SHA3-256 (C, XKCP: the same Keccak-f[1600] permutation)

var keccakRows: [Measured] = []
for size in [32, 212, 1024] {
    let data = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13) }
    keccakRows.append(
        run(
            Comparison(
                name: "keccak256 \(size) B",
                ours: { data.withUnsafeBytes { Keccak256.hash($0).w3 } },
                baseline: { data.withUnsafeBytes { SHA3_256.hash(data: $0).withUnsafeBytes { UInt64($0[0]) } } },
                baselineName: "swift-crypto SHA3_256",
                iterations: 20_000),
            rounds: rounds))
}
report("Keccak-256", keccakRows, limit: 1.0)

// MARK: sign and recover vs the same calls made directly on libsecp256k1

let keyBytes: [UInt8] = Array(0..<32)
let key = try! PrivateKey(keyBytes)
let balanceProof = (0..<212).map { UInt8(truncatingIfNeeded: $0 &* 7) }
let digest = EIP191.digest(balanceProof)
let signature = key.sign(digest: digest)
/// The baseline: the same libsecp256k1 calls made directly, with their own context and no heap
/// work, on inputs prepared once. ECDSA recovery takes variable time (its multiplication
/// depends on the scalars), so each case is compared with recovering the very signature and
/// digest it recovers itself.
final class Raw: @unchecked Sendable {
    nonisolated(unsafe) static let context: OpaquePointer = {
        let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var seed = [UInt8](repeating: 7, count: 32)
        _ = secp256k1_context_randomize(ctx, &seed)
        return ctx
    }()
    let digest: UnsafeMutablePointer<UInt8>
    let key: UnsafeMutablePointer<UInt8>
    let compact64: UnsafeMutablePointer<UInt8>
    let recoveryId: Int32

    init(digest: Hash32, key: [UInt8], signature: Signature) {
        self.digest = Self.copy(digest.bytes)
        self.key = Self.copy(key)
        self.compact64 = Self.copy(Array(signature.bytes[0..<64]))
        self.recoveryId = Int32(signature.v - 27)
    }

    static func copy(_ bytes: [UInt8]) -> UnsafeMutablePointer<UInt8> {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        p.initialize(from: bytes, count: bytes.count)
        return p
    }

    func sign() -> UInt64 {
        var sig = secp256k1_ecdsa_recoverable_signature()
        var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var id: Int32 = 0
        _ = secp256k1_ecdsa_sign_recoverable(Self.context, &sig, digest, key, nil, nil)
        withUnsafeMutableBytes(of: &out) {
            _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(Self.context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &id, &sig)
        }
        return out.0 &+ UInt64(id)
    }

    func recover() -> UInt64 {
        var sig = secp256k1_ecdsa_recoverable_signature()
        var pub = secp256k1_pubkey()
        var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt8(0))
        var length = 65
        _ = secp256k1_ecdsa_recoverable_signature_parse_compact(Self.context, &sig, compact64, recoveryId)
        _ = secp256k1_ecdsa_recover(Self.context, &pub, &sig, digest)
        withUnsafeMutableBytes(of: &out) {
            _ = secp256k1_ec_pubkey_serialize(Self.context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &length, &pub, UInt32(SECP256K1_EC_UNCOMPRESSED))
        }
        return out.1
    }
}

let raw = Raw(digest: digest, key: keyBytes, signature: signature)

// BENCH_ONLY=machine or BENCH_ONLY=end-to-end: only that part, to measure one change several times.
switch ProcessInfo.processInfo.environment["BENCH_ONLY"] {
case "machine": MachineBench.report(rounds: rounds, rawRecover: raw.recover); exit(0)
case "end-to-end": EndToEndBench.report(rounds: max(3, rounds / 3)); exit(0)
default: break
}

let sigRows = [
    run(
        Comparison(
            name: "sign (digest)", ours: { UInt64(key.sign(digest: digest).v) }, baseline: raw.sign,
            baselineName: "raw libsecp256k1 sign", iterations: 2_000), rounds: rounds),
    run(
        Comparison(
            name: "recover (digest → address)", ours: { (try? Secp256k1.recover(digest: digest, signature: signature))?.hi ?? 0 },
            baseline: raw.recover, baselineName: "raw libsecp256k1 recover", iterations: 2_000), rounds: rounds),
]
report("secp256k1 (our API vs direct libsecp256k1 calls)", sigRows, limit: 1.05)

// MARK: Messages: encode+sign and decode+recover per type, next to raw sign / recover

var signRows: [Measured] = []
var recoverRows: [Measured] = []
var decodeOnly: [(String, Double)] = []
for typeName in Message.typeNames {
    let unsigned = Templates.example(typeName)!.wire
    let signedWire = unsigned.signed(with: key)
    let wireBytes = signedWire.wireJSON
    // The same digest signed, and the same signature recovered, by direct calls.
    let same = Raw(digest: signedWire.signedDigest(), key: keyBytes, signature: signedWire.signature)
    signRows.append(run(Comparison(
        name: "\(typeName) encode+sign",
        ours: { UInt64(unsigned.signed(with: key).wireJSON.count) },
        baseline: same.sign, baselineName: "raw libsecp256k1 sign", iterations: 1_000), rounds: rounds))
    recoverRows.append(run(Comparison(
        name: "\(typeName) decode+recover",
        ours: { (try? MessageCodec.decode(wireBytes, policy: .strict).message.recoverSender())?.hi ?? 0 },
        baseline: same.recover, baselineName: "raw libsecp256k1 recover", iterations: 1_000), rounds: rounds))
    let ns = median((0..<rounds).map { _ in
        nanoseconds(5_000) { (try? MessageCodec.decode(wireBytes, policy: .strict)) == nil ? 0 : 1 }
    })
    decodeOnly.append((typeName, 1e9 / ns))
}
report("Messages: encode + sign (ours) vs raw sign", signRows, limit: 1.10)
report("Messages: decode + recover (ours) vs raw recover", recoverRows, limit: 1.10)
print("\nDecode only (strict policy, no signature recovery), messages per second; target for LockedTransfer ≥ 200,000")
for (name, rate) in decodeOnly {
    print(pad(name, 28) + lpad(String(format: "%.0f", rate), 12) + (name == "LockedTransfer" ? (rate >= 200_000 ? "  ok" : "  UNDER") : ""))
}

MachineBench.report(rounds: rounds, rawRecover: raw.recover)
EndToEndBench.report(rounds: max(3, rounds / 3))
CheckBench.run(rounds: rounds)
