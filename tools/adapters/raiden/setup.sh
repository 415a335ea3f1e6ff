#!/bin/sh
# Build tools/adapters/raiden/.venv: Raiden 3.0.1 and raiden-contracts 0.40.2 from PyPI, installed
# --no-deps with the pinned set of requirements.txt, then the install-time Python-3.11 workarounds
# (patch_venv.py) applied to the venv's installed copy of Raiden. The import-time ones live in
# raiden_compat.py. Idempotent: a marker file holding requirements.txt's hash says the venv is
# complete; with it present and current, nothing is installed again. Needs python3 (3.11) with
# venv, and PyPI.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
marker="$venv/.nettingkit-installed"
python=${PYTHON:-python3}

want=$("$python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()+open(sys.argv[2],"rb").read()).hexdigest())' \
    "$here/requirements.txt" "$here/patch_venv.py")
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ]; then
    echo "setup.sh: $venv is up to date (requirements.txt and patch_venv.py unchanged); nothing to do"
    exit 0
fi

version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$version" = "3.11" ] || echo "setup.sh: warning: $python is Python $version; the pinned set was chosen for 3.11" >&2

if [ ! -x "$venv/bin/python" ]; then
    echo "setup.sh: creating the venv $venv"
    "$python" -m venv "$venv"
else
    echo "setup.sh: reusing the venv $venv"
fi
echo "setup.sh: installing $(grep -c '==' "$here/requirements.txt") pinned packages from PyPI with --no-deps (requirements.txt)"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"
echo "setup.sh: applying the install-time Python 3.11 workarounds to the venv's Raiden (patch_venv.py)"
"$venv/bin/python" "$here/patch_venv.py"
echo "setup.sh: checking that Raiden's state machine, messages and message handler import"
(cd "$here" && "$venv/bin/python" -c '
import raiden_compat; raiden_compat.apply()
import raiden.transfer.node, raiden.message_handler, raiden.messages, raiden.storage.serialization, raiden.utils.signer
print("setup.sh: raiden", __import__("raiden.utils.system", fromlist=["x"]).get_system_spec()["raiden"], "imports")
')
echo "$want" > "$marker"
echo "setup.sh: done; run the corpus with: $venv/bin/python $here/run_vectors.py"
