#!/bin/sh
# Unpack Raiden 3.0.1 and raiden-contracts 0.40.2 (the wheels, no dependencies) into DIR, for
# tools/citations/check_citations.py. Idempotent: does nothing once DIR holds both (a marker
# file, written last, says so).
# Uses the test venv's pip (.venv-test, `make venv`) or else python3 -m pip.
set -eu
dir=${1:?usage: tools/citations/fetch-raiden.sh DIR}
done="$dir/.unpacked-raiden-3.0.1-contracts-0.40.2"
[ -f "$done" ] && exit 0
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ -x "$root/.venv-test/bin/pip" ]; then pip="$root/.venv-test/bin/pip"; else pip="python3 -m pip"; fi
mkdir -p "$dir/wheels"
$pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    raiden==3.0.1 raiden-contracts==0.40.2 -d "$dir/wheels"
for wheel in "$dir"/wheels/raiden-3.0.1-*.whl "$dir"/wheels/raiden_contracts-0.40.2-*.whl; do
    [ -f "$wheel" ] || { echo "fetch-raiden.sh: no $wheel after pip download" >&2; exit 1; }
    # A wheel is a zip archive; Python's zipfile needs nothing that may be missing (unzip).
    python3 -m zipfile -e "$wheel" "$dir"
done
touch "$done"
echo "unpacked raiden 3.0.1 and raiden-contracts 0.40.2 into $dir"
