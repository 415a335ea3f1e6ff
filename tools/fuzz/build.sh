#!/usr/bin/env bash
# Builds the libFuzzer targets of tools/fuzz/targets/*.swift, outside SwiftPM: NettingKit's
# modules compiled from Sources/ with coverage and AddressSanitizer, linked against the
# dependencies (swift-crypto, Yams) that `swift build` already compiled in SCRATCH.
#   SCRATCH=.build OUT=.build-fuzz tools/fuzz/build.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH=${SCRATCH:-.build}
OUT=${OUT:-.build-fuzz}
DEBUG="$SCRATCH/debug"
CHECKOUTS="$SCRATCH/checkouts"
[ -d "$DEBUG/Crypto.build" ] && [ -d "$DEBUG/Yams.build" ] || {
    echo "tools/fuzz/build.sh: run 'swift build --scratch-path $SCRATCH' first (it compiles swift-crypto and Yams)" >&2; exit 2; }
mkdir -p "$OUT/modules"

CMAPS=(
    -Xcc "-fmodule-map-file=$CHECKOUTS/Yams/Sources/CYaml/include/module.modulemap" -Xcc "-I$CHECKOUTS/Yams/Sources/CYaml/include"
    -Xcc "-fmodule-map-file=Sources/CSecp256k1/module.modulemap"
)
for m in CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims; do
    [ -f "$CHECKOUTS/swift-crypto/Sources/$m/include/module.modulemap" ] &&
        CMAPS+=(-Xcc "-fmodule-map-file=$CHECKOUTS/swift-crypto/Sources/$m/include/module.modulemap" -Xcc "-I$CHECKOUTS/swift-crypto/Sources/$m/include")
done
COMMON=(-package-name nettingkit -parse-as-library -swift-version 6 -O -I "$OUT/modules" -I "$DEBUG/Modules" "${CMAPS[@]}")
COVERAGE=(-sanitize=fuzzer,address)  # coverage as libFuzzer wants it; its main comes in at the link

# NettingKit's modules, in dependency order, each one object file; once one is rebuilt, every
# module after it is too (it may depend on it).
stale=
for module in NettingCrypto NettingCodec NettingMachine NettingSpec NettingScenario; do
    sources=$(find "Sources/$module" -name '*.swift' | sort)
    newest=$(ls -t $sources | head -1)
    if [ -z "$stale" ] && [ "$OUT/modules/$module.o" -nt "$newest" ]; then continue; fi
    stale=1
    echo "fuzz build: $module"
    swiftc "${COMMON[@]}" "${COVERAGE[@]}" -module-name "$module" -wmo -emit-module -emit-module-path "$OUT/modules/$module.swiftmodule" \
        -c -o "$OUT/modules/$module.o" $sources
done

# Every object of the dependencies SwiftPM built (swift-crypto, Yams).
DEPS=$(find "$DEBUG"/{Crypto,CryptoBoringWrapper,CCryptoBoringSSL,CCryptoBoringSSLShims,CXKCP,CXKCPShims,SwiftASN1,Yams,CYaml}.build -name '*.o' 2>/dev/null)

for target in tools/fuzz/targets/*.swift; do
    name=$(basename "$target" .swift)
    echo "fuzz build: $name"
    swiftc "${COMMON[@]}" -sanitize=fuzzer,address -module-name "Fuzz_${name//-/_}" "$target" tools/fuzz/targets/Support/*.swift \
        "$OUT"/modules/*.o $DEPS -lsecp256k1 -lstdc++ -o "$OUT/$name" 2> >(grep -v "Cannot export local symbol" >&2)
done
