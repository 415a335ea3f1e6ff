#!/usr/bin/env python3
"""A minimal adapter for `netting conform` (spec/adapter-protocol.md): fill in `step` with your
implementation and run

    netting conform --impl "python3 tools/adapters/template/adapter.py" --suite transitions

It reads one JSON request per line on stdin and writes one JSON answer per line on stdout.
Everything is in NettingKit's canonical JSON form (spec/schemas/channel.schema.json): integers
are decimal strings, hex is lowercase with 0x, inputs and outputs are objects tagged "type".
Print nothing else on stdout; logs go to stderr.
"""
import json
import sys

PROTOCOL = "nettingkit.adapter/1"


def step(state, input):
    """Apply one input (e.g. {"type": "ReceiveLockedTransfer", "sender": "0x…", "message": {…}})
    to one party's state (a ChannelState object) and return (new_state, outputs, rejection):
    outputs a list of {"type": "SendProcessed", …} in the order your machine emits them,
    rejection None or {"code": "LockedTransfer.nonce_mismatch", "reason": "…"}.

    TODO: convert `state` and `input` to your implementation's types, run it, convert back.
    """
    raise NotImplementedError(f"{input.get('type')} is not implemented yet")


def answer(request):
    op = request.get("op")
    if op == "hello":
        # List the suites you take; the cases of the others are reported as skipped.
        return {"ok": {"protocol": PROTOCOL, "name": "my-implementation", "version": "0.0.1", "capabilities": ["transitions", "traces"]}}
    if op == "step":
        try:
            state, outputs, rejection = step(request["state"], request["input"])
        except NotImplementedError as e:
            return {"error": {"code": "adapter.unsupported", "reason": str(e)}}
        except Exception as e:  # an exception is a failed case, not a dead adapter
            return {"error": {"code": "adapter.internal", "reason": f"{type(e).__name__}: {e}"}}
        return {"ok": {"state": state, "outputs": outputs, "rejection": rejection}}
    return {"error": {"code": "adapter.unsupported", "reason": f"op {op!r} is not served here"}}


def main():
    for line in sys.stdin:
        request = json.loads(line)
        response = answer(request)
        response["id"] = request.get("id")
        sys.stdout.write(json.dumps(response, separators=(",", ":")) + "\n")
        sys.stdout.flush()  # the checker waits for each answer


if __name__ == "__main__":
    main()
