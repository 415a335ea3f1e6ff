#!/usr/bin/env python3
"""Recomputes every case of the corpus's `crypto` and `locks` suites with independent libraries.

NettingKit writes the expected values of vectors/crypto/*.json and vectors/locks/*.json from its
own code. This script recomputes each one with eth-hash (pycryptodome's Keccak), coincurve
(libsecp256k1) and eth-keys, and recovers signatures the way Raiden 3.0.1's
raiden/utils/signer.py recover does (v of 27/28 lowered to 0/1, then eth-keys' Signature and
ecdsa_recover), so that a NettingKit bug cannot hide in its own vectors.

Every file the manifest lists for the two suites is read and every case checked: a missing file,
a case the manifest does not list (or the reverse), an unknown file or member is a failure.
Prints one line per disagreement (`FAIL <case id>: <member>: the vector has …, the libraries
give …`) and a summary; exits 1 on any failure. NettingVectorsTests runs it
(CryptoLocksCrossCheckTests), on the committed corpus and on a copy with wrong values planted.
"""
import argparse
import json
import pathlib
import re
import sys

import coincurve
from eth_hash.auto import keccak
from eth_keys import keys
from eth_keys.exceptions import BadSignature, ValidationError
from eth_utils import to_checksum_address

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
PREFIX = b"\x19Ethereum Signed Message:\n"
HEX = re.compile(r"^0x([0-9a-f]{2})*$")
DECIMAL = re.compile(r"^(0|[1-9][0-9]*)$")
SUITES = ("crypto", "locks")


class Case:
    """One case being checked: its members, and the disagreements found so far."""

    def __init__(self, data: dict):
        self.data = data
        self.id = data["id"]
        self.failures = []

    def fail(self, path: str, expected, got) -> None:
        self.failures.append(f"FAIL {self.id}: {path}: expected {expected}, got {got}")

    def expect(self, path: str, computed, member: str = None) -> None:
        """The case's value at `member` (default: `path`) must be `computed` (bytes as 0x hex)."""
        if isinstance(computed, (bytes, bytearray)):
            computed = "0x" + bytes(computed).hex()
        written = self.data.get(member or path)
        if written != computed:
            self.failures.append(f"FAIL {self.id}: {path}: the vector has {written}, the libraries give {computed}")

    def hex(self, key: str) -> bytes:
        value = self.data[key]
        if not isinstance(value, str) or not HEX.match(value):
            self.fail(key, "lowercase 0x hex", value)
            return b""
        return bytes.fromhex(value[2:])

    def decimal(self, obj: dict, key: str, path: str) -> int:
        value = obj[key]
        if not isinstance(value, str) or not DECIMAL.match(value):
            self.fail(path, "a canonical decimal string", value)
            return -1
        return int(value)


def raiden_recover(digest: bytes, signature: bytes) -> bytes:
    """The signer as Raiden 3.0.1's recover finds it; raises what it raises on a bad signature.
    A v of 27 or more is lowered by 27, then eth-keys checks length, v ∈ {0, 1} and r, s < n,
    and libsecp256k1 (through eth-keys' coincurve backend) recovers the key."""
    if signature and signature[-1] >= 27:
        signature = signature[:-1] + bytes([signature[-1] - 27])
    parsed = keys.Signature(signature_bytes=signature)
    return keys.ecdsa_recover(digest, parsed).to_canonical_address()


def refusal_code(signature: bytes) -> str:
    """The code NettingKit's spec gives a refused signature, checked in this order: length, v, r, s."""
    if len(signature) != 65:
        return "value.wrong_byte_length"
    if signature[64] not in (0, 1, 27, 28):
        return "signature.invalid_v"
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big")
    if not 0 < r < N:
        return "signature.r_out_of_range"
    if not 0 < s < N:
        return "signature.s_out_of_range"
    return "signature.unrecoverable"


def leniency_code(signature: bytes):
    """What Raiden takes but never signs: v = 0/1 (LocalSigner adds 27) or s > n/2 (libsecp256k1 signs low s)."""
    if signature[64] in (0, 1):
        return "signature.recovery_id_0_1"
    if int.from_bytes(signature[32:64], "big") > N // 2:
        return "signature.high_s"
    return None


# MARK: crypto

def check_keccak(c: Case) -> None:
    c.expect("keccak256", keccak(c.hex("input")))


def check_addresses(c: Case) -> None:
    address = c.hex("address")
    if c.data["public_key"] is not None:
        public_key = c.hex("public_key")
        c.expect("address", keccak(public_key)[12:])
        c.expect("address", keys.PublicKey(public_key).to_canonical_address())
    if c.data["private_key"] is not None:
        private_key = c.hex("private_key")
        c.expect("public_key", coincurve.PrivateKey(private_key).public_key.format(compressed=False)[1:])
        c.expect("public_key", keys.PrivateKey(private_key).public_key.to_bytes())
        c.expect("address", keys.PrivateKey(private_key).public_key.to_canonical_address())
    c.expect("checksummed", to_checksum_address(address))


def check_eip191(c: Case) -> None:
    data = c.hex("data")
    preimage = PREFIX + str(len(data)).encode("ascii") + data
    c.expect("preimage", preimage)
    c.expect("digest", keccak(preimage))


def check_sign(c: Case) -> None:
    key, digest = c.hex("private_key"), c.hex("digest")
    if c.data["result"] == "invalid":
        for name, make in (("coincurve", lambda: coincurve.PrivateKey(key)), ("eth-keys", lambda: keys.PrivateKey(key).public_key)):
            try:
                make()
                c.fail("private_key", f"a key {name} refuses", "a key it takes")
            except Exception:  # noqa: BLE001 - any refusal will do; which one is the library's business
                pass
        c.expect("code", "signature.invalid_private_key")
        c.expect("signature", None)
        c.expect("address", None)
        return
    compact = coincurve.PrivateKey(key).sign_recoverable(digest, hasher=None)
    c.expect("signature", compact[:64] + bytes([compact[64] + 27]))
    with_eth_keys = keys.PrivateKey(key).sign_msg_hash(digest).to_bytes()
    c.expect("signature", with_eth_keys[:64] + bytes([with_eth_keys[64] + 27]))
    c.expect("address", keys.PrivateKey(key).public_key.to_canonical_address())
    c.expect("code", None)


def check_recover(c: Case) -> None:
    digest, signature = c.hex("digest"), c.hex("signature")
    result = c.data["result"]
    try:
        signer = raiden_recover(digest, signature)
    except (BadSignature, ValidationError) as refused:
        if result != "invalid":
            c.fail("address", c.data["address"], f"a refusal ({refused})")
            return
        c.expect("code", refusal_code(signature))
        c.expect("address", None)
        return
    if result == "invalid":
        c.fail("code", c.data["code"], f"Raiden's recover takes it: {'0x' + signer.hex()}")
        return
    c.expect("address", signer)
    c.expect("code", leniency_code(signature) if result == "acceptable" else None)
    if result == "valid" and leniency_code(signature) is not None:
        c.fail("result", "acceptable (Raiden never signs this)", "valid")
    # libsecp256k1 directly, with the recovery id Raiden's recover would use.
    raw = signature[:64] + bytes([signature[64] % 27])
    public_key = coincurve.PublicKey.from_signature_and_message(raw, digest, hasher=None)
    c.expect("address", keccak(public_key.format(compressed=False)[1:])[12:])


# MARK: locks

def lock_bytes(c: Case, lock: dict, path: str) -> bytes:
    if sorted(lock) != ["amount", "expiration", "secrethash"]:
        c.fail(path, "{amount, expiration, secrethash}", sorted(lock))
        return b""
    secrethash = lock["secrethash"]
    if not HEX.match(secrethash) or len(secrethash) != 66:
        c.fail(path + ".secrethash", "32 bytes of lowercase 0x hex", secrethash)
        return b""
    expiration = c.decimal(lock, "expiration", path + ".expiration")
    amount = c.decimal(lock, "amount", path + ".amount")
    # raiden/messages/transfers.py Lock.as_bytes; TokenNetwork.getLockedAmountFromLock reads it back.
    return expiration.to_bytes(32, "big") + amount.to_bytes(32, "big") + bytes.fromhex(secrethash[2:])


def check_encoding(c: Case) -> None:
    c.expect("encoded", lock_bytes(c, c.data["lock"], "lock"))


def check_locksroot(c: Case) -> None:
    packed = b"".join(lock_bytes(c, lock, f"locks[{k}]") for k, lock in enumerate(c.data["locks"]))
    c.expect("packed", packed)
    c.expect("locksroot", keccak(packed))


def check_balance_hash(c: Case) -> None:
    transferred = c.decimal(c.data, "transferred_amount", "transferred_amount")
    locked = c.decimal(c.data, "locked_amount", "locked_amount")
    locksroot = c.hex("locksroot")
    if transferred == 0 and locked == 0 and locksroot == keccak(b""):
        c.expect("balance_hash", bytes(32))
    else:
        c.expect("balance_hash", keccak(transferred.to_bytes(32, "big") + locked.to_bytes(32, "big") + locksroot))


CHECKS = {
    "crypto/keccak": (check_keccak, ["input", "keccak256"]),
    "crypto/addresses": (check_addresses, ["private_key", "public_key", "address", "checksummed"]),
    "crypto/eip191": (check_eip191, ["data", "preimage", "digest"]),
    "crypto/sign": (check_sign, ["private_key", "digest", "code", "address", "signature"]),
    "crypto/recover": (check_recover, ["digest", "signature", "code", "address"]),
    "locks/encoding": (check_encoding, ["lock", "encoded"]),
    "locks/locksroot": (check_locksroot, ["locks", "packed", "locksroot"]),
    "locks/balance_hash": (check_balance_hash, ["transferred_amount", "locked_amount", "locksroot", "balance_hash"]),
}
COMMON = ["id", "comment", "result", "flags"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vectors", default="vectors", help="the corpus folder (default: vectors)")
    root = pathlib.Path(ap.parse_args().vectors)
    manifest = json.loads((root / "manifest.json").read_text())
    failures, checked, files = [], 0, 0
    listed = {e["path"]: e for e in manifest["files"] if e["suite"] in SUITES}
    present = {str(p.relative_to(root)) for s in SUITES for p in (root / s).glob("*.json")}
    for extra in sorted(present - set(listed)):
        failures.append(f"FAIL {extra}: the manifest does not list it")
    for path, entry in listed.items():
        name = path.removesuffix(".json")
        if name not in CHECKS:
            failures.append(f"FAIL {path}: a file this cross-check does not know: teach it")
            continue
        check, members = CHECKS[name]
        document = json.loads((root / path).read_text())  # a missing file raises: nothing is skipped
        files += 1
        ids = [case["id"] for case in document["cases"]]
        if ids != entry["cases"]:
            failures.append(f"FAIL {path}: case ids differ from the manifest's")
        for data in document["cases"]:
            c = Case(data)
            if sorted(data) != sorted(COMMON + members):
                c.fail("(members)", COMMON + members, list(data))
            elif data["result"] not in manifest["results"] or any(f not in manifest["flags"] for f in data["flags"]):
                c.fail("result/flags", "a result and flags of the manifest", (data["result"], data["flags"]))
            elif (data["result"] == "valid") != (data["flags"] == [] and data.get("code") is None):
                c.fail("flags", "flags and a code exactly when the case is not valid", (data["flags"], data.get("code")))
            else:
                try:
                    check(c)
                except Exception as error:  # noqa: BLE001 - a crash on a case is that case's failure
                    c.fail("(check)", "a case the libraries can check", repr(error))
            failures += c.failures
            checked += 1
    if checked == 0:
        failures.append("FAIL vectors: no crypto or locks case found: run `netting vectors generate`")
    for line in failures:
        print(line)
    versions = f"coincurve {getattr(coincurve, '__version__', '?')}, eth-keys, eth-hash"
    print(f"{checked} cases in {files} files (crypto, locks) checked against {versions}: "
          + ("all agree" if not failures else f"{len(failures)} disagreements"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
