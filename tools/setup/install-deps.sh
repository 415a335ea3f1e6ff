#!/usr/bin/env bash
# Installs the system packages NettingKit needs, when they are missing: as root it runs apt-get;
# otherwise it prints the exact command and fails.
set -euo pipefail

need=()
dpkg -s libsecp256k1-dev >/dev/null 2>&1 || need+=(libsecp256k1-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need+=(python3-venv)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing ${need[*]} (apt-get)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "NettingKit needs: ${need[*]}" >&2
  echo "Run:  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
