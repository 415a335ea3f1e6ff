#!/usr/bin/env python3
"""Expected values for NettingKit's crypto, computed by independent libraries.

Prints one JSON document with random inputs (from --seed) and what coincurve (libsecp256k1),
eth-keys and eth-hash (pycryptodome's Keccak) and hashlib say about them. NettingKit's test
`CrossCheckTests` runs this and must agree on every case, byte for byte.
"""
import argparse
import hashlib
import json
import random

import coincurve
from eth_hash.auto import keccak
from eth_keys import keys

ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def eip191(data: bytes) -> bytes:
    return keccak(b"\x19Ethereum Signed Message:\n" + str(len(data)).encode() + data)


def hx(b: bytes) -> str:
    return "0x" + b.hex()


def recover_with_coincurve(digest: bytes, sig: bytes):
    """What Raiden's recover does: v in {27, 28} maps to {0, 1}; other v values are invalid."""
    v = sig[64]
    if v >= 27:
        v -= 27
    if v not in (0, 1):
        return None
    try:
        pub = coincurve.PublicKey.from_signature_and_message(sig[:64] + bytes([v]), digest, hasher=None)
    except Exception:
        return None
    return keccak(pub.format(compressed=False)[1:])[12:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    hashes, signatures, recoveries = [], [], []
    for i in range(args.count):
        length = rng.choice([0, 1, 31, 32, 33, 135, 136, 137, 212, 277, rng.randrange(0, 600)])
        data = bytes(rng.randrange(256) for _ in range(length))
        hashes.append({
            "data": hx(data),
            "keccak256": hx(keccak(data)),
            "sha256": hx(hashlib.sha256(data).digest()),
            "eip191": hx(eip191(data)),
        })

        key = rng.randrange(1, ORDER).to_bytes(32, "big")
        digest = eip191(data)
        compact = coincurve.PrivateKey(key).sign_recoverable(digest, hasher=None)
        sig = compact[:64] + bytes([compact[64] + 27])
        eth_sig = keys.PrivateKey(key).sign_msg_hash(digest)
        assert eth_sig.to_bytes()[:64] == sig[:64], "coincurve and eth-keys disagree"
        address = keys.PrivateKey(key).public_key.to_canonical_address()
        signatures.append({
            "key": hx(key),
            "data": hx(data),
            "address": hx(address),
            "checksummed": keys.PrivateKey(key).public_key.to_checksum_address(),
            "signature": hx(sig),
        })

        # Recovery, including mangled signatures: other v, flipped bits, r/s at the edges.
        mangled = bytearray(sig)
        kind = rng.choice(["as_is", "v_raw", "v_bad", "flip_r", "flip_s", "r_zero", "s_order", "high_s"])
        if kind == "v_raw":
            mangled[64] -= 27
        elif kind == "v_bad":
            mangled[64] = rng.choice([2, 3, 26, 29, 35, 36, 37, 38, 255])
        elif kind == "flip_r":
            mangled[rng.randrange(32)] ^= 1 << rng.randrange(8)
        elif kind == "flip_s":
            mangled[32 + rng.randrange(32)] ^= 1 << rng.randrange(8)
        elif kind == "r_zero":
            mangled[0:32] = bytes(32)
        elif kind == "s_order":
            mangled[32:64] = ORDER.to_bytes(32, "big")
        elif kind == "high_s":
            s = int.from_bytes(sig[32:64], "big")
            mangled[32:64] = (ORDER - s).to_bytes(32, "big")
            mangled[64] = 27 + (1 - (sig[64] - 27))
        recovered = recover_with_coincurve(digest, bytes(mangled))
        recoveries.append({
            "kind": kind,
            "data": hx(data),
            "signature": hx(bytes(mangled)),
            "signer": hx(recovered) if recovered is not None else None,
        })

    print(json.dumps({
        "source": "coincurve %s (libsecp256k1), eth-keys, eth-hash with pycryptodome, hashlib" % coincurve.__version__
        if hasattr(coincurve, "__version__") else "coincurve (libsecp256k1), eth-keys, eth-hash with pycryptodome, hashlib",
        "seed": args.seed,
        "hashes": hashes,
        "signatures": signatures,
        "recoveries": recoveries,
    }))


if __name__ == "__main__":
    main()
