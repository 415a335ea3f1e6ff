"""What raiden-contracts 0.40.2 itself says about the settlement suite (vectors/settlement/).

Reads the contracts' published settlement test values and Python references from the unpacked
wheel (--raiden-src DIR, as tools/citations/fetch-raiden.sh unpacks it; nothing of them is copied
into this repository):
  raiden_contracts/tests/fixtures/channel_test_values.py   channel_settle_test_values,
                                                            channel_settle_invalid_test_values
  raiden_contracts/tests/utils/channel.py                   get_onchain_settlement_amounts,
      get_expected_after_settlement_unlock_amounts, get_unlocked_amount, failsafe_add,
      are_balance_proofs_valid
Their test (tests/test_channel_settle_unlock_state.py) asserts that the deployed contract settles
and unlocks exactly as get_onchain_settlement_amounts and get_unlocked_amount say.

Reads the suite's vector files as one JSON array on stdin and prints one JSON object:
  {"fixtures": [{"path", "kind", "participant1", "participant2", "onchain", "expected_final",
                 "latest_expected_final"}],
   "cases": {id: {"settle", "unlocks", "unlock", "expected_final", "proofs_valid"}}}
Integers are decimal strings. For a channel case, `settle` is get_onchain_settlement_amounts of
its participants or {"revert": code}; the reverts are TokenNetwork.sol's checks around that
arithmetic (checked D1 + D2 − W1 − W2 in getChannelAvailableDeposit, then the saturated order in
getMaxPossibleReceivableAmount). The reference asserts the exact (unsaturated) order; when only
the saturated sums are ordered, it is run with the participants swapped and `swapped` is true.
Each unlock is TokenNetwork.unlock: get_unlocked_amount over the locks (a lock pays when
0 < reveal block < expiration), eth_utils.keccak of the packed locks against the stored
locksroot, then the stored amount.
"""
import argparse, importlib, json, sys, types

MAX = 2**256 - 1


def load(src):
    def package(name, path):
        m = types.ModuleType(name)
        m.__path__ = [path]
        sys.modules[name] = m
        return m

    # Only the leaf modules run: the packages' __init__ files import the deployment and test
    # tooling (web3, click, solc, pytest fixtures), which channel.py needs for type hints only.
    package("raiden_contracts", f"{src}/raiden_contracts")
    package("raiden_contracts.utils", f"{src}/raiden_contracts/utils")
    package("raiden_contracts.tests", f"{src}/raiden_contracts/tests")
    utils = package("raiden_contracts.tests.utils", f"{src}/raiden_contracts/tests/utils")
    package("raiden_contracts.tests.fixtures", f"{src}/raiden_contracts/tests/fixtures")
    package("web3", "/nonexistent")
    contract = types.ModuleType("web3.contract")
    contract.Contract = object
    sys.modules["web3.contract"] = contract
    channel = importlib.import_module("raiden_contracts.tests.utils.channel")
    constants = importlib.import_module("raiden_contracts.tests.utils.constants")
    assert constants.UINT256_MAX == MAX
    utils.UINT256_MAX, utils.ChannelValues, utils.LockedAmounts = constants.UINT256_MAX, channel.ChannelValues, channel.LockedAmounts
    fixtures = importlib.import_module("raiden_contracts.tests.fixtures.channel_test_values")
    return channel, fixtures


def s(n):
    return str(n)


def amounts(v):
    return {"participant1_amount": s(v.participant1_balance), "participant2_amount": s(v.participant2_balance),
            "participant1_locked": s(v.participant1_locked), "participant2_locked": s(v.participant2_locked)}


def values(cv):
    return {"deposit": s(cv.deposit), "withdrawn": s(cv.withdrawn), "transferred": s(cv.transferred),
            "claimable": s(cv.locked_amounts.claimable_locked), "unclaimable": s(cv.locked_amounts.unclaimable_locked)}


def fixture_rows(channel, fixtures):
    rows = []
    for i, entry in enumerate(fixtures.channel_settle_test_values):
        a0, b0 = entry["valid_last"]
        latest = channel.get_expected_after_settlement_unlock_amounts(a0, b0)
        pairs = [(f"channel_settle_test_values[{i}].valid_last", "valid_last", a0, b0)]
        pairs += [(f"channel_settle_test_values[{i}].old_last[{j}]", "old_last", a, b0) for j, a in enumerate(entry.get("old_last", []))]
        pairs += [(f"channel_settle_test_values[{i}].last_old[{j}]", "last_old", a0, b) for j, b in enumerate(entry.get("last_old", []))]
        for path, kind, a, b in pairs:
            rows.append({"path": path, "kind": kind, "participant1": values(a), "participant2": values(b),
                         "onchain": amounts(channel.get_onchain_settlement_amounts(a, b)),
                         "expected_final": [s(x) for x in channel.get_expected_after_settlement_unlock_amounts(a, b)],
                         "latest_expected_final": [s(x) for x in latest]})
    for i, (a, b) in enumerate(fixtures.channel_settle_invalid_test_values):
        rows.append({"path": f"channel_settle_invalid_test_values[{i}]", "kind": "invalid", "participant1": values(a), "participant2": values(b),
                     "onchain": amounts(channel.get_onchain_settlement_amounts(a, b)), "expected_final": None, "latest_expected_final": None})
    return rows


class Registry:
    """The SecretRegistry as get_unlocked_amount calls it: functions.getSecretRevealBlockHeight(h).call()."""

    def __init__(self, secrets):
        self.blocks = {bytes.fromhex(x["secrethash"][2:]): int(x["reveal_block"]) for x in secrets}
        self.functions = self

    def getSecretRevealBlockHeight(self, secrethash):
        return types.SimpleNamespace(call=lambda: self.blocks.get(bytes(secrethash), 0))


def packed(locks):
    return b"".join(int(l["expiration"]).to_bytes(32, "big") + int(l["amount"]).to_bytes(32, "big") + bytes.fromhex(l["secrethash"][2:]) for l in locks)


def unlock(channel, keccak, locks, stored_amount, stored_root, secrets):
    data = packed(locks)
    paying = channel.get_unlocked_amount(Registry(secrets), data)
    if paying > MAX:
        return {"revert": "unlock.unlocked_amount_overflow"}
    if "0x" + keccak(data).hex() != stored_root:
        return {"revert": "unlock.locksroot_mismatch"}
    if stored_amount == 0:
        return {"revert": "unlock.zero_locked_amount"}
    unlocked = min(paying, stored_amount)
    return {"unlocked": s(unlocked), "returned": s(stored_amount - unlocked)}


def channel_values(channel, side, secrets):
    registry = Registry(secrets)
    claimable = channel.get_unlocked_amount(registry, packed(side["locks"]))
    locked = int(side["locked_amount"])
    return channel.ChannelValues(deposit=int(side["deposit"]), withdrawn=int(side["withdrawn"]), transferred=int(side["transferred_amount"]),
                                 locked_amounts=channel.LockedAmounts(claimable_locked=claimable, unclaimable_locked=locked - claimable))


def settle(channel, p1, p2):
    deposits = p1.deposit + p2.deposit
    if deposits > MAX:
        return {"revert": "settle.deposit_overflow"}, False
    if p1.withdrawn + p2.withdrawn > deposits:
        return {"revert": "settle.withdraw_underflow"}, False
    if channel.failsafe_add(p1.transferred, p1.locked_amounts.locked) > channel.failsafe_add(p2.transferred, p2.locked_amounts.locked):
        return {"revert": "settle.transfers_not_ordered"}, False
    try:
        return amounts(channel.get_onchain_settlement_amounts(p1, p2)), False
    except AssertionError:
        v = channel.get_onchain_settlement_amounts(p2, p1)
        return {"participant1_amount": s(v.participant2_balance), "participant2_amount": s(v.participant1_balance),
                "participant1_locked": s(v.participant2_locked), "participant2_locked": s(v.participant1_locked)}, True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raiden-src", required=True, help="raiden_contracts 0.40.2 unpacked here (tools/citations/fetch-raiden.sh)")
    args = parser.parse_args()
    channel, fixtures = load(args.raiden_src)
    from eth_utils import keccak

    out = {"fixtures": fixture_rows(channel, fixtures), "cases": {}}
    for document in json.load(sys.stdin):
        for case in document["cases"]:
            secrets = case["secrets"]
            if "participant1" not in case:
                out["cases"][case["id"]] = {"unlock": unlock(channel, keccak, case["locks"], int(case["locked_amount"]), case["locksroot"], secrets)}
                continue
            sides = [case["participant1"], case["participant2"]]
            p1, p2 = (channel_values(channel, x, secrets) for x in sides)
            result, swapped = settle(channel, p1, p2)
            unlocks = []
            for entry in case["unlocks"]:
                sender = sides[0] if sides[0]["address"] == entry["sender"] else sides[1]
                unlocks.append(unlock(channel, keccak, sender["locks"], int(entry["locked_amount"]), entry["locksroot"], secrets))
            out["cases"][case["id"]] = {
                "settle": result, "swapped": swapped, "unlocks": unlocks,
                "expected_final": [s(x) for x in channel.get_expected_after_settlement_unlock_amounts(p1, p2)],
                "proofs_valid": channel.are_balance_proofs_valid(p1, p2),
            }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
