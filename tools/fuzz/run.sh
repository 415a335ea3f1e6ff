#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_SECONDS each, one after the other, then prints
# per target: executions, executions per second, crashes (inputs kept in .build-fuzz/crashes/),
# and the slowest input in CPU time (kept in .build-fuzz/<target>.slowest; replay it with
# .build-fuzz/<target> .build-fuzz/<target>.slowest). A hang of more than FUZZ_TIMEOUT seconds (1,
# wall clock) on one input is a crash.
#   FUZZ_SECONDS=600 tools/fuzz/run.sh [target…]      (make fuzz FUZZ_SECONDS=600)
# Corpora grow in .build-fuzz/corpus/<target> and are reused by the next run. Seeds: Raiden's
# signed fixtures (RAIDEN_FIXTURES, read in place), scenarios/*.yaml, the states and messages of
# the shipped scenarios (made with NETTING), tools/fuzz/seeds/step-input.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-.build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-1}
RAIDEN_FIXTURES=${RAIDEN_FIXTURES:-../shared/reference/raiden-fixtures}
NETTING=${NETTING:-.build/debug/netting}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wire-strict wire-raiden scenario state-file step-input)

# Seeds made from the shipped scenarios: each party's final state and every message sent.
seeds="$OUT/seeds"
if [ ! -d "$seeds/state-file" ]; then
    mkdir -p "$seeds/state-file" "$seeds/step-input" "$seeds/wire"
    for s in scenarios/*.yaml; do
        name=$(basename "$s" .yaml)
        "$NETTING" run "$s" --out "$seeds/run-$name" >/dev/null 2>&1 || true
        for f in "$seeds/run-$name"/*.state.json; do [ -f "$f" ] && cp "$f" "$seeds/state-file/$name-$(basename "$f")"; done
        i=0
        while IFS= read -r line; do
            i=$((i + 1))
            printf '%s\n' "$line" > "$seeds/wire/$name-$i.json"
            type=$(printf '%s' "$line" | sed -n 's/.*"type":"\([A-Za-z]*\)".*/\1/p')
            printf "input: Receive%s\nmessage: '%s'\n" "$type" "$line" > "$seeds/step-input/$name-$i.yaml"
        done < "$seeds/run-$name/messages.jsonl"
    done
fi

declare -A seed_dirs=(
    [wire-strict]="$RAIDEN_FIXTURES $seeds/wire"
    [wire-raiden]="$RAIDEN_FIXTURES $seeds/wire"
    [scenario]="scenarios"
    [state-file]="$seeds/state-file"
    [step-input]="tools/fuzz/seeds/step-input $seeds/step-input"
)
declare -A max_len=([wire-strict]=16384 [wire-raiden]=16384 [scenario]=16384 [state-file]=65536 [step-input]=16384)

summary=()
for t in "${targets[@]}"; do
    [ -x "$OUT/$t" ] || { echo "no $OUT/$t: run tools/fuzz/build.sh first" >&2; exit 2; }
    corpus="$OUT/corpus/$t" crashes="$OUT/crashes/$t"
    mkdir -p "$corpus" "$crashes"
    log="$OUT/$t.log"
    echo "fuzzing $t for $FUZZ_SECONDS s (log: $log)"
    FUZZ_SLOWEST="$OUT/$t.slowest" ASAN_OPTIONS=detect_leaks=0 "$OUT/$t" "$corpus" ${seed_dirs[$t]} \
        -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_TIMEOUT" -max_len="${max_len[$t]}" -rss_limit_mb=2048 \
        -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || true
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    slowest=$(sed -n 's/^slowest input: //p' "$log" | tail -1)
    found=$(find "$crashes" -type f | wc -l)
    summary+=("$(printf '%-12s %12s execs  %8s exec/s  %3s crashes/hangs  slowest %s' "$t" "${runs:-?}" "${speed:-?}" "$found" "${slowest:-?}")")
done
printf '%s\n' "${summary[@]}"
[ -z "$(find "$OUT/crashes" -type f 2>/dev/null)" ]
