#!/usr/bin/env bash
# `make crypto-tour`: a short narrated walk through NettingKit's crypto core, using the real CLI.
set -euo pipefail
netting=${1:-.build/debug/netting}
key=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s%s%s\n' "$bold" "$*" "$plain"; }
run() { printf '  $ netting %s\n' "$*"; "$netting" "$@" | sed 's/^/    /'; }

say "1. Raiden hashes with Keccak-256 (Ethereum's, not SHA3-256). The locksroot of no locks is keccak(\"\"):"
run crypto keccak 0x
say "2. A participant is an address: the last 20 bytes of keccak(public key). Raiden's fixtures use this key:"
run crypto address --key $key
say "3. Every message is signed over its packed bytes with EIP-191. A Processed ack for message 0xf79b17aeefba91fc"
echo "   packs to cmdid 0x00, three zero bytes, then the id as 8 bytes:"
run crypto sign --key $key 0x00000000f79b17aeefba91fc --json
sig=$("$netting" crypto sign --key $key 0x00000000f79b17aeefba91fc)
say "4. Messages carry no sender field: the receiver recovers it from the signature."
run crypto recover --signature "$sig" 0x00000000f79b17aeefba91fc
say "5. Change one byte and the signature names someone else — that is how a forged message is caught:"
run crypto recover --signature "$sig" 0x00000000f79b17aeefba91fd
say "6. And a malformed signature is a clear, typed error, never a crash:"
"$netting" crypto recover --signature "${sig%??}1d" 0x00000000f79b17aeefba91fc 2>&1 | sed 's/^/    /' || true
echo
