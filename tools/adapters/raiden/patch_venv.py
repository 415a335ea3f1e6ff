"""Install-time workarounds applied to the venv's INSTALLED copy of Raiden 3.0.1 (never to a
committed file). Idempotent: each edit checks whether it was made already, and says what it did.

1. raiden.utils.system calls pkg_resources.require("raiden") at import time; it fails because the
   venv's versions are not Raiden's ~110 exact pins. The installed METADATA loses its
   Requires-Dist lines (and the RECORD hash of METADATA goes stale, which nothing checks).
2. raiden/settings.py has dataclass fields whose default is an instance (`x: C = C()`); Python
   3.11 rejects unhashable defaults (ValueError: mutable default). They become
   `field(default_factory=C)`.

Run with the venv's python: `.venv/bin/python patch_venv.py`.
"""

import re
import sys
import sysconfig
from pathlib import Path

site = Path(sysconfig.get_paths()["purelib"])


def patch_metadata() -> None:
    metas = list(site.glob("raiden-3.0.1.dist-info/METADATA"))
    if not metas:
        sys.exit("patch_venv: raiden-3.0.1.dist-info/METADATA not found in " + str(site))
    meta = metas[0]
    text = meta.read_text()
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("Requires-Dist:")]
    if len(kept) == len(lines):
        print(f"patch_venv: {meta.relative_to(site)}: no Requires-Dist pins (done before)")
        return
    meta.write_text("".join(kept))
    print(f"patch_venv: {meta.relative_to(site)}: removed {len(lines) - len(kept)} Requires-Dist pins")


PATTERN = re.compile(r"^(\s+\w+: )(\w+) = (\w+)\(\)$", re.M)


def patch_settings() -> None:
    settings = site / "raiden" / "settings.py"
    text = settings.read_text()
    count = 0

    def repl(match: "re.Match[str]") -> str:
        nonlocal count
        prefix, annotation, ctor = match.groups()
        if annotation != ctor:
            return match.group(0)
        count += 1
        return f"{prefix}{annotation} = field(default_factory={ctor})"

    new = PATTERN.sub(repl, text)
    # The one multi-line instance default: `transport: MatrixTransportConfig = MatrixTransportConfig(
    # ...\n    )` becomes `field(default_factory=lambda: MatrixTransportConfig(...))`.
    head = "    transport: MatrixTransportConfig = MatrixTransportConfig(\n"
    start = new.find(head)
    if start >= 0:
        end = new.index("\n    )\n", start)
        new = (
            new[:start]
            + "    transport: MatrixTransportConfig = field(default_factory=lambda: MatrixTransportConfig(\n"
            + new[start + len(head) : end]
            + "\n    ))\n"
            + new[end + len("\n    )\n") :]
        )
        count += 1
    if count == 0:
        print("patch_venv: raiden/settings.py: no instance defaults left (done before)")
        return
    settings.write_text(new)
    for cache in (site / "raiden" / "__pycache__").glob("settings.*.pyc"):
        cache.unlink()
    print(f"patch_venv: raiden/settings.py: {count} instance defaults -> field(default_factory=...)")


if __name__ == "__main__":
    patch_metadata()
    patch_settings()
