#!/usr/bin/env python3
"""Run NettingKit's vector corpus against an adapter (default: Raiden 3.0.1's, beside this file)
over the adapter protocol (spec/adapter-protocol.md), until `netting conform` exists.

    tools/adapters/raiden/.venv/bin/python tools/adapters/raiden/run_vectors.py [--vectors DIR]
        [--adapter CMD] [--only SUBSTRING] [--show N] [--json FILE]

Every file of vectors/manifest.json is read (hash and case ids checked). A transitions case sends
one `step` (pre, input) and compares the post state, the outputs (in order) and the rejection
code; a traces case replays its feeds in order, each to its party's current state, compares each
feed's outputs and rejection code, then both parties' final states with `post`. Reasons are never
compared (the `reason` member of every output and of the rejection is dropped), nor the two
figures only NettingKit computes (ContractSendChannelSettle's expected_our_transfer and
expected_partner_transfer: README.md, settle_preview). An `acceptable` case also passes when the
adapter rejects it, state unchanged. An `adapter.unsupported` answer counts as unsupported, any
other error as a failure. Prints passed / failed / unsupported per file, the first differences of
each failing case, and the totals with the wall time.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
IGNORED_OUTPUT_KEYS = {"reason", "expected_our_transfer", "expected_partner_transfer"}
SILENT_DROP = "Raiden dropped the input without an event"
# Divergences of the Raiden adapter that README.md explains (cause: Raiden bug, NettingKit bug or
# documented difference). They still count as failed; the label is printed beside them.
KNOWN = {
    "transitions.ReceiveLockedTransfer.locksroot_mismatch": "Raiden bug: LockedTransferSignedState raises ValueError in the message handler (README: D1)",
    "transitions.ReceiveSecretRequest.amount_too_small": "documented difference: deviation invalid_secret_request_unchanged (README: D2)",
    "transitions.ReceiveSecretRequest.expiration_mismatch": "documented difference: deviation invalid_secret_request_unchanged (README: D2)",
    "transitions.ReceiveUnlock.unknown_lock": "documented difference: hand-made pre state Raiden asserts against (README: D3)",
    "transitions.ReceiveLockExpired.unknown_lock": "documented difference: hand-made pre state; Raiden ends the target task (README: D4)",
}
silent_drops = 0


class Adapter:
    def __init__(self, cmd: List[str]) -> None:
        self.cmd = cmd
        self.proc: Optional[subprocess.Popen] = None
        self.next_id = 0
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=sys.stderr, text=True, bufsize=1
        )
        hello = self.request({"op": "hello", "protocol": "nettingkit.adapter/1"})
        ok = hello.get("ok") or {}
        if ok.get("protocol") != "nettingkit.adapter/1":
            raise SystemExit(f"run_vectors: adapter answered hello with {hello}")
        self.hello = ok

    def request(self, body: Dict[str, Any]) -> Dict[str, Any]:
        assert self.proc and self.proc.stdin and self.proc.stdout
        self.next_id += 1
        rid = str(self.next_id)
        self.proc.stdin.write(json.dumps({"id": rid, **body}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            self.start()
            return {"id": rid, "error": {"code": "adapter.exited", "reason": "no answer"}}
        answer = json.loads(line)
        if answer.get("id") != rid:
            return {"id": rid, "error": {"code": "adapter.wrong_id", "reason": line[:200]}}
        return answer

    def close(self) -> None:
        if self.proc and self.proc.stdin:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


def strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in IGNORED_OUTPUT_KEYS}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def diff(path: str, want: Any, got: Any, out: List[str], limit: int = 6) -> None:
    if len(out) >= limit:
        return
    if isinstance(want, dict) and isinstance(got, dict):
        for key in list(want.keys()) + [k for k in got.keys() if k not in want]:
            if key not in got:
                out.append(f"{path}.{key}: missing (want {short(want[key])})")
            elif key not in want:
                out.append(f"{path}.{key}: unexpected {short(got[key])}")
            else:
                diff(f"{path}.{key}", want[key], got[key], out, limit)
            if len(out) >= limit:
                return
    elif isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            out.append(
                f"{path}: {len(want)} items wanted, {len(got)} got: want {short([x.get('type', x) if isinstance(x, dict) else x for x in want])}"
                f" got {short([x.get('type', x) if isinstance(x, dict) else x for x in got])}"
            )
            return
        for n, (a, b) in enumerate(zip(want, got)):
            diff(f"{path}[{n}]", a, b, out, limit)
    elif want != got:
        out.append(f"{path}: want {short(want)} got {short(got)}")


def short(value: Any, n: int = 160) -> str:
    text = json.dumps(value)
    return text if len(text) <= n else text[: n - 3] + "..."


def code_of(rejection: Optional[Dict[str, Any]]) -> Optional[str]:
    return None if rejection is None else rejection.get("code")


def compare_step(prefix: str, want_outputs, want_rejection, answer: Dict[str, Any], diffs: List[str]) -> None:
    global silent_drops
    if answer["rejection"] is not None and answer["rejection"].get("reason", "").startswith(SILENT_DROP):
        silent_drops += 1
    diff(prefix + "outputs", strip(want_outputs), strip(answer["outputs"]), diffs)
    if code_of(want_rejection) != code_of(answer["rejection"]):
        diffs.append(f"{prefix}rejection: want {code_of(want_rejection)} got {code_of(answer['rejection'])}")


def run_transition(adapter: Adapter, case: Dict[str, Any]) -> Tuple[str, List[str]]:
    answer = adapter.request({"op": "step", "state": case["pre"], "input": case["input"]})
    if "error" in answer:
        kind = "unsupported" if answer["error"]["code"] == "adapter.unsupported" else "failed"
        return kind, [f"{answer['error']['code']}: {answer['error']['reason']}"]
    ok = answer["ok"]
    diffs: List[str] = []
    if case["result"] == "acceptable" and ok["rejection"] is not None:
        diff("state", case["pre"], ok["state"], diffs)
        return ("passed" if not diffs else "failed"), diffs
    compare_step("", case["outputs"], case["rejection"], ok, diffs)
    diff("state", case["post"], ok["state"], diffs)
    return ("passed" if not diffs else "failed"), diffs


def run_trace(adapter: Adapter, case: Dict[str, Any]) -> Tuple[str, List[str]]:
    states = {party: state for party, state in case["pre"].items()}
    diffs: List[str] = []
    for n, feed in enumerate(case["feeds"]):
        party = feed["party"]
        answer = adapter.request({"op": "step", "state": states[party], "input": feed["input"]})
        if "error" in answer:
            kind = "unsupported" if answer["error"]["code"] == "adapter.unsupported" else "failed"
            return kind, diffs + [f"feeds[{n}] ({party}, {feed['input']['type']}) {answer['error']['code']}: {answer['error']['reason']}"]
        ok = answer["ok"]
        compare_step(f"feeds[{n}] ({party}, {feed['input']['type']}) ", feed["outputs"], feed["rejection"], ok, diffs)
        states[party] = ok["state"]
    for party, want in case["post"].items():
        diff(f"post.{party}", want, states[party], diffs)
    return ("passed" if not diffs else "failed"), diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", default=os.path.join(ROOT, "vectors"))
    parser.add_argument("--adapter", default=os.path.join(HERE, "adapter"), help="the adapter command (split on spaces)")
    parser.add_argument("--only", default="", help="run only cases whose id contains this")
    parser.add_argument("--show", type=int, default=3, help="failing cases shown per file")
    parser.add_argument("--json", help="write every case's outcome to this file")
    args = parser.parse_args()

    started = time.monotonic()
    root = args.vectors
    manifest = json.loads(open(os.path.join(root, "manifest.json")).read())
    adapter = Adapter(args.adapter.split())
    totals = {"run": 0, "passed": 0, "failed": 0, "unsupported": 0}
    results: Dict[str, Any] = {}
    rows = []
    for entry in manifest["files"]:
        if entry.get("suite") not in ("transitions", "traces"):
            continue  # the other suites are not served by this adapter (netting conform counts them as skipped)
        data = open(os.path.join(root, entry["path"]), "rb").read()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
        doc = json.loads(data)
        assert [c["id"] for c in doc["cases"]] == entry["cases"], entry["path"]
        counts = {"passed": 0, "failed": 0, "unsupported": 0}
        shown = 0
        lines = []
        for case in doc["cases"]:
            if args.only and args.only not in case["id"]:
                continue
            runner = run_trace if doc["suite"] == "traces" else run_transition
            try:
                kind, diffs = runner(adapter, case)
            except Exception as ex:  # noqa: BLE001
                kind, diffs = "failed", [f"runner: {type(ex).__name__}: {ex}"]
            counts[kind] += 1
            totals["run"] += 1
            totals[kind] += 1
            results[case["id"]] = {"result": kind, "differences": diffs}
            if kind != "passed" and shown < args.show:
                shown += 1
                note = f"  [{KNOWN[case['id']]}]" if case["id"] in KNOWN else ""
                lines.append(f"    {kind}: {case['id']} ({case['result']}){note}")
                lines.extend(f"        {d}" for d in diffs[:6])
        if sum(counts.values()) == 0:
            continue
        rows.append((entry["path"], counts))
        print(
            f"{entry['path']:48} passed {counts['passed']:3}  failed {counts['failed']:3}  unsupported {counts['unsupported']:3}"
        )
        for line in lines:
            print(line)
    adapter.close()
    wall = time.monotonic() - started
    known = sum(1 for cid, r in results.items() if r["result"] == "failed" and cid in KNOWN)
    print(
        f"\n{totals['run']} cases run: {totals['passed']} passed, {totals['failed']} failed "
        f"({known} of them explained in README.md), {totals['unsupported']} unsupported; wall time {wall:.1f} s "
        f"(adapter {adapter.hello.get('name')} {adapter.hello.get('version')}, corpus {manifest['version']})"
    )
    print(
        f"{silent_drops} step answers named a code the adapter deduced for an input Raiden dropped "
        f"without an event or a state change (README.md: ignore_codes)"
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"totals": totals, "wall_seconds": round(wall, 2), "cases": results}, f, indent=1)
    return 0 if totals["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
