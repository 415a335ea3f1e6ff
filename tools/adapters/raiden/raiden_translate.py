"""Canonical NettingKit data <-> Raiden 3.0.1's own state, state changes and events.

Everything that decides is Raiden's code: node.state_transition, the message handler, the
channel, initiator and target machines, message_from_sendevent and the MessageSerializer. This
module only builds Raiden's objects from the canonical form and reads them back; README.md lists
every translation choice (the `CHOICE` comments below name them).
"""

import copy
import hashlib
import json
import random
import traceback
from typing import Any, Dict, List, Optional, Tuple

import raiden_compat

raiden_compat.apply()

from eth_utils import keccak  # noqa: E402

from raiden.constants import LOCKSROOT_OF_NO_LOCKS, UINT64_MAX  # noqa: E402
from raiden.message_handler import MessageHandler  # noqa: E402
from raiden.messages.encode import message_from_sendevent  # noqa: E402
from raiden.settings import MediationFeeConfig  # noqa: E402
from raiden.storage.serialization.serializer import MessageSerializer  # noqa: E402
from raiden.transfer import channel as rchannel  # noqa: E402
from raiden.transfer import node  # noqa: E402
from raiden.transfer import events as E  # noqa: E402
from raiden.transfer import state_change as SC  # noqa: E402
from raiden.transfer.architecture import (  # noqa: E402
    BalanceProofSignedState,
    BalanceProofUnsignedState,
    SendMessageEvent,
)
from raiden.transfer.identifiers import CanonicalIdentifier  # noqa: E402
from raiden.transfer.mediated_transfer import events as ME  # noqa: E402
from raiden.transfer.mediated_transfer import state_change as MSC  # noqa: E402
from raiden.transfer.mediated_transfer.mediation_fee import FeeScheduleState  # noqa: E402
from raiden.transfer.mediated_transfer.state import (  # noqa: E402
    InitiatorPaymentState,
    InitiatorTransferState,
    LockedTransferSignedState,
    LockedTransferUnsignedState,
    TargetTransferState,
    TransferDescriptionWithSecretState,
)
from raiden.transfer.mediated_transfer.tasks import InitiatorTask, TargetTask  # noqa: E402
from raiden.transfer.state import (  # noqa: E402
    ChainState,
    ChannelState,
    ExpiredWithdrawState,
    HashTimeLockState,
    HopState,
    NettingChannelEndState,
    NettingChannelState,
    PendingLocksState,
    PendingWithdrawState,
    RouteState,
    SuccessfulTransactionState,
    TokenNetworkRegistryState,
    TokenNetworkState,
    TransactionChannelDeposit,
    TransactionExecutionStatus,
    UnlockPartialProofState,
)

PROTOCOL = "nettingkit.adapter/1"
ZERO_SIG = b"\x00" * 65
ZERO32 = b"\x00" * 32
ZERO20 = b"\x00" * 20
# CHOICE registry: NettingKit does not model the token network registry (deviation
# omitted_fields); one fixed address stands in. It appears in no canonical output.
REGISTRY = bytes.fromhex("72656769737472792d6e657474696e676b697421")
SECRET_REGISTRY = bytes.fromhex("7365637265742d72656769737472792d6e6b2121")
TX_HASH = ZERO32
BLOCK_HASH = ZERO32


SIGNED_INPUTS = {
    "ReceiveLockedTransfer",
    "ReceiveUnlock",
    "ReceiveLockExpired",
    "ReceiveWithdrawRequest",
    "ReceiveWithdrawConfirmation",
    "ReceiveWithdrawExpired",
}


class Unsupported(Exception):
    pass


class BadRequest(Exception):
    pass


# --------------------------------------------------------------------------------------------
# message identifiers: NettingKit's SplitMix64 behind Raiden's random.Random interface
# --------------------------------------------------------------------------------------------


class SplitMix64Random(random.Random):
    """CHOICE message_identifiers: Raiden draws message identifiers with
    `prng.randint(0, UINT64_MAX)` (state.message_identifier_from_prng). NettingKit draws them from
    a SplitMix64 seeded in the state (deviation message_identifiers). This generator answers
    exactly that call with SplitMix64's next value, so every identifier Raiden draws is the one
    NettingKit's rule gives for the same draw, and the post state's prng is the generator's state
    after Raiden's draws: the number and order of draws is Raiden's own."""

    MASK = (1 << 64) - 1

    def __init__(self, state: int) -> None:
        self.sm_state = state
        self.draws = 0
        super().__init__(0)

    def next64(self) -> int:
        self.sm_state = (self.sm_state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.sm_state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def randint(self, a: int, b: int) -> int:  # type: ignore[override]
        if (a, b) != (0, UINT64_MAX):
            raise Unsupported(f"Raiden drew randint({a}, {b}); only message identifiers are modelled")
        self.draws += 1
        return self.next64()

    def seed(self, *args: Any, **kwargs: Any) -> None:  # random.Random.__init__ calls it
        super().seed(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# canonical scalars
# --------------------------------------------------------------------------------------------


def h(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise BadRequest(f"not hex: {value!r}")
    return bytes.fromhex(value[2:])


def i(value: Any) -> int:
    if not isinstance(value, str):
        raise BadRequest(f"not a decimal string: {value!r}")
    return int(value)


def oi(value: Any) -> Optional[int]:
    return None if value is None else i(value)


def hx(value: bytes) -> str:
    return "0x" + bytes(value).hex()


def s(value: int) -> str:
    return str(int(value))


def os_(value: Optional[int]) -> Optional[str]:
    return None if value is None else s(value)


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def canonical_id(obj: Dict[str, Any]) -> CanonicalIdentifier:
    return CanonicalIdentifier(
        chain_identifier=i(obj["chain_identifier"]),
        token_network_address=h(obj["token_network_address"]),
        channel_identifier=i(obj["channel_identifier"]),
    )


def canonical_id_out(cid: CanonicalIdentifier) -> Dict[str, str]:
    return {
        "chain_identifier": s(cid.chain_identifier),
        "token_network_address": hx(cid.token_network_address),
        "channel_identifier": s(cid.channel_identifier),
    }


def lock_in(obj: Dict[str, Any]) -> HashTimeLockState:
    return HashTimeLockState(i(obj["amount"]), i(obj["expiration"]), h(obj["secrethash"]))


def lock_out(lock: HashTimeLockState) -> Dict[str, str]:
    return {"amount": s(lock.amount), "expiration": s(lock.expiration), "secrethash": hx(lock.secrethash)}


def tx_in(obj: Optional[Dict[str, Any]]) -> Optional[TransactionExecutionStatus]:
    if obj is None:
        return None
    return TransactionExecutionStatus(
        started_block_number=oi(obj["started_block_number"]),
        finished_block_number=oi(obj["finished_block_number"]),
        result=obj["result"],
    )


def tx_out(tx: Any) -> Optional[Dict[str, Any]]:
    if tx is None:
        return None
    return {
        "started_block_number": os_(tx.started_block_number),
        "finished_block_number": os_(tx.finished_block_number),
        "result": getattr(tx, "result", "success"),
    }


# --------------------------------------------------------------------------------------------
# canonical ChannelState -> Raiden ChainState
# --------------------------------------------------------------------------------------------


class Built:
    """A Raiden ChainState built from one canonical state, with the handles to read it back."""

    def __init__(self) -> None:
        self.chain: ChainState
        self.prng: SplitMix64Random
        self.channel: Optional[NettingChannelState] = None
        self.token_network: TokenNetworkState
        self.pre: Dict[str, Any]
        self.cid: CanonicalIdentifier
        self.token_address: bytes
        self.our_address: bytes
        self.partner_address: bytes


def end_in(obj: Dict[str, Any], cid: CanonicalIdentifier, ours: bool) -> NettingChannelEndState:
    end = NettingChannelEndState(address=h(obj["address"]), contract_balance=i(obj["contract_balance"]))
    end.onchain_total_withdraw = i(obj["onchain_total_withdraw"])
    end.withdraws_pending = {
        i(w["total_withdraw"]): PendingWithdrawState(
            total_withdraw=i(w["total_withdraw"]), expiration=i(w["expiration"]), nonce=i(w["nonce"])
        )
        for w in obj["withdraws_pending"]
    }
    end.withdraws_expired = [
        ExpiredWithdrawState(total_withdraw=i(w["total_withdraw"]), expiration=i(w["expiration"]), nonce=i(w["nonce"]))
        for w in obj["withdraws_expired"]
    ]
    end.secrethashes_to_lockedlocks = {}
    for lk in obj["secrethashes_to_lockedlocks"]:
        lock = lock_in(lk)
        end.secrethashes_to_lockedlocks[lock.secrethash] = lock
    end.secrethashes_to_unlockedlocks = {}
    for ul in obj["secrethashes_to_unlockedlocks"]:
        lock = lock_in(ul["lock"])
        end.secrethashes_to_unlockedlocks[lock.secrethash] = UnlockPartialProofState(lock, h(ul["secret"]))
    end.secrethashes_to_onchain_unlockedlocks = {}
    for ul in obj["secrethashes_to_onchain_unlockedlocks"]:
        lock = lock_in(ul["lock"])
        end.secrethashes_to_onchain_unlockedlocks[lock.secrethash] = UnlockPartialProofState(lock, h(ul["secret"]))
    bp = obj["balance_proof"]
    if bp is None:
        end.balance_proof = None
    elif ours:
        # CHOICE our_balance_proof: ours is unsigned in both (message_hash and signature zero).
        end.balance_proof = BalanceProofUnsignedState(
            nonce=i(bp["nonce"]),
            transferred_amount=i(bp["transferred_amount"]),
            locked_amount=i(bp["locked_amount"]),
            locksroot=h(bp["locksroot"]),
            canonical_identifier=cid,
        )
    else:
        end.balance_proof = BalanceProofSignedState(
            nonce=i(bp["nonce"]),
            transferred_amount=i(bp["transferred_amount"]),
            locked_amount=i(bp["locked_amount"]),
            locksroot=h(bp["locksroot"]),
            message_hash=h(bp["message_hash"]),
            signature=h(bp["signature"]),
            sender=h(obj["address"]),
            canonical_identifier=cid,
        )
    end.pending_locks = PendingLocksState([lock_in(lk).encoded for lk in obj["pending_locks"]])
    end.onchain_locksroot = h(obj["onchain_locksroot"])
    end.nonce = i(obj["nonce"])
    return end


def build(state: Dict[str, Any], input_obj: Dict[str, Any]) -> Built:
    b = Built()
    b.pre = state
    if not state["config"]["verify_signatures"] and input_obj["type"] in SIGNED_INPUTS:
        # Raiden always checks signatures; a case that switches them off for a signed message is
        # outside what it models (for other inputs the setting changes nothing).
        raise Unsupported("config.verify_signatures = false: Raiden 3.0.1 always verifies signatures")
    cid = canonical_id(state["canonical_identifier"])
    b.token_address = h(state["token_address"])
    # CHOICE nonexistent_channel: before ContractReceiveChannelNew the canonical ids are zero; the
    # node still knows its token network (registry events precede channel events), so the token
    # network and chain id the input names stand in for them.
    in_cid = input_obj.get("canonical_identifier")
    if state["open_transaction"] is None and in_cid is not None:
        cid_for_network = canonical_id(in_cid)
        if b.token_address == ZERO20 and "token_address" in input_obj:
            b.token_address = h(input_obj["token_address"])
    else:
        cid_for_network = cid
    b.cid = cid
    b.our_address = h(state["our_state"]["address"])
    b.partner_address = h(state["partner_state"]["address"])
    b.prng = SplitMix64Random(i(state["prng"]["state"]))
    b.chain = ChainState(
        pseudo_random_generator=b.prng,
        block_number=i(state["block_number"]),
        block_hash=BLOCK_HASH,
        our_address=b.our_address,
        chain_id=cid_for_network.chain_identifier,
    )
    tn_address = cid_for_network.token_network_address
    b.token_network = TokenNetworkState(address=tn_address, token_address=b.token_address)
    registry = TokenNetworkRegistryState(address=REGISTRY, token_network_list=[b.token_network])
    b.chain.identifiers_to_tokennetworkregistries[REGISTRY] = registry
    b.chain.tokennetworkaddresses_to_tokennetworkregistryaddresses[tn_address] = REGISTRY

    if state["open_transaction"] is not None:
        ot = state["open_transaction"]
        channel = NettingChannelState(
            canonical_identifier=cid,
            token_address=b.token_address,
            token_network_registry_address=REGISTRY,
            reveal_timeout=i(state["reveal_timeout"]),
            settle_timeout=i(state["settle_timeout"]),
            fee_schedule=FeeScheduleState(),
            our_state=end_in(state["our_state"], cid, True),
            partner_state=end_in(state["partner_state"], cid, False),
            open_transaction=SuccessfulTransactionState(
                finished_block_number=i(ot["finished_block_number"]),
                started_block_number=oi(ot["started_block_number"]),
            ),
            close_transaction=tx_in(state["close_transaction"]),
            settle_transaction=tx_in(state["settle_transaction"]),
            update_transaction=tx_in(state["update_transaction"]),
        )
        b.channel = channel
        if not state["removed"]:
            # CHOICE removed: Raiden deletes a removed channel from its token network; the object
            # is kept here only to read back, and the tasks stay in the payment mapping.
            b.token_network.channelidentifiers_to_channels[cid.channel_identifier] = channel
            b.token_network.partneraddresses_to_channelidentifiers[b.partner_address].append(
                cid.channel_identifier
            )

    for task in state["initiator_tasks"]:
        add_initiator_task(b, task)
    for task in state["target_tasks"]:
        add_target_task(b, task)
    return b


def direct_route(b: Built) -> RouteState:
    return RouteState(route=[b.our_address, b.partner_address])


def add_initiator_task(b: Built, task: Dict[str, Any]) -> None:
    lock = lock_in(task["lock"])
    secret = h(task["secret"])
    route = direct_route(b)
    description = TransferDescriptionWithSecretState(
        token_network_registry_address=REGISTRY,
        payment_identifier=i(task["payment_identifier"]),
        amount=i(task["amount"]),
        token_network_address=b.cid.token_network_address,
        initiator=b.our_address,
        target=h(task["target"]),
        secret=secret,
        secrethash=lock.secrethash,
    )
    # CHOICE task_transfer: the canonical task keeps no copy of the LockedTransfer we sent; Raiden's
    # initiator reads only its lock and payment id. Its balance proof is rebuilt with the single
    # lock's locksroot (never read by initiator.py / initiator_manager.py).
    transfer = LockedTransferUnsignedState(
        payment_identifier=i(task["payment_identifier"]),
        token=b.token_address,
        lock=lock,
        initiator=b.our_address,
        target=h(task["target"]),
        balance_proof=BalanceProofUnsignedState(
            nonce=1,
            transferred_amount=0,
            locked_amount=lock.amount,
            locksroot=keccak(lock.encoded),
            canonical_identifier=b.cid,
        ),
        route_states=[route],
        secret=secret,
    )
    transfer_state = InitiatorTransferState(
        route=route,
        transfer_description=description,
        channel_identifier=b.cid.channel_identifier,
        transfer=transfer,
        received_secret_request=bool(task["received_secret_request"]),
        transfer_state=task["transfer_state"],
    )
    payment = InitiatorPaymentState(routes=[route], initiator_transfers={lock.secrethash: transfer_state})
    b.chain.payment_mapping.secrethashes_to_task[lock.secrethash] = InitiatorTask(
        token_network_address=b.cid.token_network_address, manager_state=payment
    )


def add_target_task(b: Built, task: Dict[str, Any]) -> None:
    lock = lock_in(task["lock"])
    sender = h(task["sender"])
    partner_bp = b.pre["partner_state"]["balance_proof"]
    # CHOICE task_transfer: the received LockedTransfer is rebuilt from the task; target.py reads
    # its lock, payment id, initiator and the balance proof's channel id only.
    bp = BalanceProofSignedState(
        nonce=i(partner_bp["nonce"]) if partner_bp else 1,
        transferred_amount=i(partner_bp["transferred_amount"]) if partner_bp else 0,
        locked_amount=i(partner_bp["locked_amount"]) if partner_bp else lock.amount,
        locksroot=h(partner_bp["locksroot"]) if partner_bp else keccak(lock.encoded),
        message_hash=h(partner_bp["message_hash"]) if partner_bp else ZERO32,
        signature=h(partner_bp["signature"]) if partner_bp else ZERO_SIG,
        sender=sender,
        canonical_identifier=b.cid,
    )
    transfer = LockedTransferSignedState(
        message_identifier=0,
        payment_identifier=i(task["payment_identifier"]),
        token=b.token_address,
        lock=lock,
        initiator=h(task["initiator"]),
        target=b.our_address,
        route_states=[RouteState(route=[h(task["initiator"]), b.our_address])],
        balance_proof=bp,
    )
    target_state = TargetTransferState(
        from_hop=HopState(node_address=sender, channel_identifier=b.cid.channel_identifier),
        transfer=transfer,
        secret=None if task["secret"] is None else h(task["secret"]),
        state=task["state"],
    )
    b.chain.payment_mapping.secrethashes_to_task[lock.secrethash] = TargetTask(
        canonical_identifier=b.cid, target_state=target_state
    )


# --------------------------------------------------------------------------------------------
# Raiden ChainState -> canonical ChannelState
# --------------------------------------------------------------------------------------------


def bp_out(bp: Any) -> Optional[Dict[str, str]]:
    if bp is None:
        return None
    signed = isinstance(bp, BalanceProofSignedState)
    return {
        "nonce": s(bp.nonce),
        "transferred_amount": s(bp.transferred_amount),
        "locked_amount": s(bp.locked_amount),
        "locksroot": hx(bp.locksroot),
        "message_hash": hx(bp.message_hash) if signed else hx(ZERO32),
        "signature": hx(bp.signature) if signed else hx(ZERO_SIG),
    }


def pending_lock_out(encoded: bytes) -> Dict[str, str]:
    encoded = bytes(encoded)
    return {
        "amount": s(int.from_bytes(encoded[32:64], "big")),
        "expiration": s(int.from_bytes(encoded[0:32], "big")),
        "secrethash": hx(encoded[64:96]),
    }


def end_out(end: NettingChannelEndState) -> Dict[str, Any]:
    return {
        "address": hx(end.address),
        "contract_balance": s(end.contract_balance),
        "onchain_total_withdraw": s(end.onchain_total_withdraw),
        "withdraws_pending": [
            {"total_withdraw": s(w.total_withdraw), "expiration": s(w.expiration), "nonce": s(w.nonce)}
            for w in end.withdraws_pending.values()
        ],
        "withdraws_expired": [
            {"total_withdraw": s(w.total_withdraw), "expiration": s(w.expiration), "nonce": s(w.nonce)}
            for w in end.withdraws_expired
        ],
        "secrethashes_to_lockedlocks": [lock_out(lk) for lk in end.secrethashes_to_lockedlocks.values()],
        "secrethashes_to_unlockedlocks": [
            {"lock": lock_out(u.lock), "secret": hx(u.secret)} for u in end.secrethashes_to_unlockedlocks.values()
        ],
        "secrethashes_to_onchain_unlockedlocks": [
            {"lock": lock_out(u.lock), "secret": hx(u.secret)}
            for u in end.secrethashes_to_onchain_unlockedlocks.values()
        ],
        "balance_proof": bp_out(end.balance_proof),
        "pending_locks": [pending_lock_out(e) for e in end.pending_locks.locks],
        "onchain_locksroot": hx(end.onchain_locksroot),
        "nonce": s(end.nonce),
    }


def read_back(b: Built, channel: Optional[NettingChannelState], removed: bool) -> Dict[str, Any]:
    pre = b.pre
    out: Dict[str, Any] = {
        "config": pre["config"],
        "block_number": s(b.chain.block_number),
        "prng": {"state": s(b.prng.sm_state)},
    }
    if channel is None:
        for key in (
            "canonical_identifier",
            "token_address",
            "reveal_timeout",
            "settle_timeout",
            "our_state",
            "partner_state",
            "open_transaction",
            "close_transaction",
            "settle_transaction",
            "update_transaction",
        ):
            out[key] = pre[key]
    else:
        out["canonical_identifier"] = canonical_id_out(channel.canonical_identifier)
        out["token_address"] = hx(channel.token_address)
        out["reveal_timeout"] = s(channel.reveal_timeout)
        out["settle_timeout"] = s(channel.settle_timeout)
        out["our_state"] = end_out(channel.our_state)
        out["partner_state"] = end_out(channel.partner_state)
        out["open_transaction"] = tx_out(channel.open_transaction)
        out["close_transaction"] = tx_out(channel.close_transaction)
        out["settle_transaction"] = tx_out(channel.settle_transaction)
        out["update_transaction"] = tx_out(channel.update_transaction)
    out["removed"] = removed
    initiators: List[Dict[str, Any]] = []
    targets: List[Dict[str, Any]] = []
    current_channel_id = channel.canonical_identifier.channel_identifier if channel is not None else None
    for secrethash, task in b.chain.payment_mapping.secrethashes_to_task.items():
        if isinstance(task, InitiatorTask):
            for transfer_state in task.manager_state.initiator_transfers.values():
                if current_channel_id is not None and transfer_state.channel_identifier != current_channel_id:
                    continue  # CHOICE one_channel: a reopen drops the old channel's tasks
                d = transfer_state.transfer_description
                initiators.append(
                    {
                        "payment_identifier": s(d.payment_identifier),
                        "amount": s(d.amount),
                        "target": hx(d.target),
                        "secret": hx(d.secret),
                        "lock": lock_out(transfer_state.transfer.lock),
                        "received_secret_request": bool(transfer_state.received_secret_request),
                        "transfer_state": transfer_state.transfer_state,
                    }
                )
        elif isinstance(task, TargetTask):
            if current_channel_id is not None and task.channel_identifier != current_channel_id:
                continue
            t = task.target_state
            targets.append(
                {
                    "payment_identifier": s(t.transfer.payment_identifier),
                    "initiator": hx(t.transfer.initiator),
                    "sender": hx(t.from_hop.node_address),
                    "lock": lock_out(t.transfer.lock),
                    "secret": None if t.secret is None else hx(t.secret),
                    "state": t.state,
                }
            )
        else:
            raise Unsupported(f"a {type(task).__name__} appeared (mediation is not modelled)")
    out["initiator_tasks"] = initiators
    out["target_tasks"] = targets
    return out


# --------------------------------------------------------------------------------------------
# the stand-in RaidenService the message handler asks
# --------------------------------------------------------------------------------------------


class _SecretRegistry:
    def __init__(self, registered: bool) -> None:
        self.registered = registered

    def is_secret_registered(self, secrethash: bytes, block_identifier: Any) -> bool:
        return self.registered


class _PFS:
    def query_address_metadata(self, address: bytes) -> None:
        return None


class StandInService:
    """What raiden.message_handler.MessageHandler asks of a RaidenService: our address, whether a
    secret is registered (the input's `secret_registered`), the PFS (no metadata)."""

    def __init__(self, address: bytes, secret_registered: bool) -> None:
        self.address = address
        self.default_secret_registry = _SecretRegistry(secret_registered)
        self.pfs_proxy = _PFS()


# --------------------------------------------------------------------------------------------
# canonical Input -> Raiden state changes
# --------------------------------------------------------------------------------------------

RECEIVE_MESSAGE = {
    "ReceiveLockedTransfer": ("LockedTransfer", MessageHandler.handle_message_lockedtransfer),
    "ReceiveSecretRequest": ("SecretRequest", MessageHandler.handle_message_secretrequest),
    "ReceiveSecretReveal": ("RevealSecret", MessageHandler.handle_message_revealsecret),
    "ReceiveUnlock": ("Unlock", MessageHandler.handle_message_unlock),
    "ReceiveLockExpired": ("LockExpired", MessageHandler.handle_message_lockexpired),
    "ReceiveWithdrawRequest": ("WithdrawRequest", MessageHandler.handle_message_withdrawrequest),
    "ReceiveWithdrawConfirmation": ("WithdrawConfirmation", MessageHandler.handle_message_withdraw_confirmation),
    "ReceiveWithdrawExpired": ("WithdrawExpired", MessageHandler.handle_message_withdraw_expired),
}


def decode_message(obj: Dict[str, Any], sender: bytes) -> Any:
    message = MessageSerializer.deserialize(json.dumps(obj))
    # CHOICE sender_field: the input's `sender` is what the message layer recovered; Raiden's
    # SignedMessage.sender is a cached recovery, so it is set to that answer. The channel still
    # recovers the signature itself (is_valid_signature), as Raiden's channel does.
    message.__dict__["sender"] = sender
    return message


def state_changes_for(b: Built, inp: Dict[str, Any]) -> List[Any]:
    t = inp["type"]
    if t == "Block":
        if i(inp["block_number"]) < b.chain.block_number:
            # CHOICE block_order: Raiden's node only ever sees the chain move forward (its block
            # poller); a lower block is outside its model (NettingKit deviation block_order).
            raise Unsupported("a Block below the current block: Raiden never receives one")
        return [SC.Block(block_number=i(inp["block_number"]), gas_limit=0, block_hash=BLOCK_HASH)]
    if t == "ContractReceiveChannelNew":
        cid = canonical_id(inp["canonical_identifier"])
        partner = h(inp["partner_address"])
        # NettingChannelState.__post_init__ raises ValueError for a zero timeout or ourselves as
        # partner (deviation constructor_errors): Raiden's blockchain-event decoder would crash.
        channel_state = NettingChannelState(
            canonical_identifier=cid,
            token_address=h(inp["token_address"]),
            token_network_registry_address=REGISTRY,
            reveal_timeout=i(inp["reveal_timeout"]),
            settle_timeout=i(inp["settle_timeout"]),
            fee_schedule=FeeScheduleState(),
            our_state=NettingChannelEndState(address=b.our_address, contract_balance=0),
            partner_state=NettingChannelEndState(address=partner, contract_balance=0),
            open_transaction=SuccessfulTransactionState(finished_block_number=i(inp["block_number"])),
        )
        return [
            SC.ContractReceiveChannelNew(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                channel_state=channel_state,
            )
        ]
    if t == "ContractReceiveChannelDeposit":
        return [
            SC.ContractReceiveChannelDeposit(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                deposit_transaction=TransactionChannelDeposit(
                    participant_address=h(inp["participant"]),
                    contract_balance=i(inp["contract_balance"]),
                    deposit_block_number=i(inp["block_number"]),
                ),
                fee_config=MediationFeeConfig(),
            )
        ]
    if t == "ContractReceiveChannelWithdraw":
        return [
            SC.ContractReceiveChannelWithdraw(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                participant=h(inp["participant"]),
                total_withdraw=i(inp["total_withdraw"]),
                fee_config=MediationFeeConfig(),
            )
        ]
    if t == "ContractReceiveChannelClosed":
        return [
            SC.ContractReceiveChannelClosed(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                transaction_from=h(inp["transaction_from"]),
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
            )
        ]
    if t == "ContractReceiveUpdateTransfer":
        return [
            SC.ContractReceiveUpdateTransfer(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                nonce=i(inp["nonce"]),
            )
        ]
    if t == "ContractReceiveChannelSettled":
        return [
            SC.ContractReceiveChannelSettled(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                our_onchain_locksroot=h(inp["our_onchain_locksroot"]),
                our_transferred_amount=i(inp["our_transferred_amount"]),
                partner_onchain_locksroot=h(inp["partner_onchain_locksroot"]),
                partner_transferred_amount=i(inp["partner_transferred_amount"]),
            )
        ]
    if t == "ContractReceiveChannelBatchUnlock":
        return [
            SC.ContractReceiveChannelBatchUnlock(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                receiver=h(inp["receiver"]),
                sender=h(inp["sender"]),
                locksroot=h(inp["locksroot"]),
                unlocked_amount=i(inp["unlocked_amount"]),
                returned_tokens=i(inp["returned_tokens"]),
            )
        ]
    if t == "ContractReceiveSecretReveal":
        secret = h(inp["secret"])
        return [
            SC.ContractReceiveSecretReveal(
                transaction_hash=TX_HASH,
                block_number=i(inp["block_number"]),
                block_hash=BLOCK_HASH,
                secret_registry_address=SECRET_REGISTRY,
                secrethash=h(inp["secrethash"]),
                secret=secret,
            )
        ]
    if t == "ActionChannelClose":
        return [SC.ActionChannelClose(canonical_identifier=canonical_id(inp["canonical_identifier"]))]
    if t == "ActionChannelWithdraw":
        return [
            SC.ActionChannelWithdraw(
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                total_withdraw=i(inp["total_withdraw"]),
                recipient_metadata=None,
            )
        ]
    if t == "ActionChannelSetRevealTimeout":
        return [
            SC.ActionChannelSetRevealTimeout(
                canonical_identifier=canonical_id(inp["canonical_identifier"]),
                reveal_timeout=i(inp["reveal_timeout"]),
            )
        ]
    if t == "ActionChannelCoopSettle":
        raise Unsupported("ActionChannelCoopSettle: NettingKit's vectors expect its deviation coop_settle")
    if t == "ActionInitInitiator":
        secret = h(inp["secret"])
        target = h(inp["target"])
        # CHOICE routes: NettingKit pays only the partner; the route Raiden's PFS would give for a
        # direct payment is [us, target].
        return [
            MSC.ActionInitInitiator(
                transfer=TransferDescriptionWithSecretState(
                    token_network_registry_address=REGISTRY,
                    payment_identifier=i(inp["payment_identifier"]),
                    amount=i(inp["amount"]),
                    token_network_address=b.token_network.address,
                    initiator=b.our_address,
                    target=target,
                    secret=secret,
                    secrethash=sha256(secret),
                    lock_timeout=oi(inp["lock_timeout"]),
                ),
                routes=[RouteState(route=[b.our_address, target])],
            )
        ]
    if t == "ReceiveProcessed":
        return [SC.ReceiveProcessed(sender=h(inp["sender"]), message_identifier=i(inp["message"]["message_identifier"]))]
    if t == "ReceiveDelivered":
        # MessageHandler.handle_message_delivered: the acknowledged message's identifier.
        return [
            SC.ReceiveDelivered(
                sender=h(inp["sender"]), message_identifier=i(inp["message"]["delivered_message_identifier"])
            )
        ]
    if t in RECEIVE_MESSAGE:
        wire_type, handler = RECEIVE_MESSAGE[t]
        if inp["message"].get("type") != wire_type:
            raise BadRequest(f"{t}: message.type is not {wire_type}")
        message = decode_message(inp["message"], h(inp["sender"]))
        service = StandInService(b.our_address, bool(inp.get("secret_registered", False)))
        return list(handler(service, message))
    raise Unsupported(f"input type {t}")


# --------------------------------------------------------------------------------------------
# Raiden events -> canonical outputs
# --------------------------------------------------------------------------------------------


def wire(event: SendMessageEvent) -> Dict[str, Any]:
    message = message_from_sendevent(event)
    message.signature = ZERO_SIG  # unsigned, as NettingKit's Send* outputs are
    return lower_hex(json.loads(MessageSerializer.serialize(message)))


def lower_hex(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: lower_hex(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_hex(v) for v in value]
    if isinstance(value, str) and value.startswith("0x"):
        return value.lower()
    return value


SEND_EVENTS = {
    ME.SendLockedTransfer: "SendLockedTransfer",
    ME.SendUnlock: "SendUnlock",
    ME.SendLockExpired: "SendLockExpired",
    ME.SendSecretRequest: "SendSecretRequest",
    ME.SendSecretReveal: "SendSecretReveal",
    E.SendProcessed: "SendProcessed",
    E.SendWithdrawRequest: "SendWithdrawRequest",
    E.SendWithdrawConfirmation: "SendWithdrawConfirmation",
    E.SendWithdrawExpired: "SendWithdrawExpired",
}


def event_out(ev: Any, ctx: "Context") -> Optional[Dict[str, Any]]:
    t = type(ev)
    if t in SEND_EVENTS:
        return {"type": SEND_EVENTS[t], "recipient": hx(ev.recipient), "message": wire(ev)}
    if t is E.ContractSendChannelClose:
        return {
            "type": "ContractSendChannelClose",
            "canonical_identifier": canonical_id_out(ev.canonical_identifier),
            "balance_proof": bp_out(ev.balance_proof),
        }
    if t is E.ContractSendChannelUpdateTransfer:
        return {"type": "ContractSendChannelUpdateTransfer", "expiration": s(ev.expiration), "balance_proof": bp_out(ev.balance_proof)}
    if t is E.ContractSendChannelSettle:
        # CHOICE settle_preview: expected_* are NettingKit's addition; Raiden has no such figures.
        return {
            "type": "ContractSendChannelSettle",
            "canonical_identifier": canonical_id_out(ev.canonical_identifier),
            "expected_our_transfer": None,
            "expected_partner_transfer": None,
        }
    if t is E.ContractSendChannelBatchUnlock:
        return {
            "type": "ContractSendChannelBatchUnlock",
            "canonical_identifier": canonical_id_out(ev.canonical_identifier),
            "sender": hx(ev.sender),
        }
    if t is E.ContractSendChannelWithdraw:
        return {
            "type": "ContractSendChannelWithdraw",
            "canonical_identifier": canonical_id_out(ev.canonical_identifier),
            "total_withdraw": s(ev.total_withdraw),
            "expiration": s(ev.expiration),
            "partner_signature": hx(ev.partner_signature),
        }
    if t is E.ContractSendSecretReveal:
        return {"type": "ContractSendSecretReveal", "expiration": s(ev.expiration), "secret": hx(ev.secret)}
    if t is E.EventPaymentSentSuccess:
        return {
            "type": "EventPaymentSentSuccess",
            "token_network_address": hx(ev.token_network_address),
            "identifier": s(ev.identifier),
            "amount": s(ev.amount),
            "target": hx(ev.target),
            "secret": hx(ev.secret),
        }
    if t is E.EventPaymentSentFailed:
        return {
            "type": "EventPaymentSentFailed",
            "token_network_address": hx(ev.token_network_address),
            "identifier": s(ev.identifier),
            "target": hx(ev.target),
            "reason": ev.reason,
            "code": ctx.payment_failed_code(ev),
        }
    if t is E.EventPaymentReceivedSuccess:
        return {
            "type": "EventPaymentReceivedSuccess",
            "token_network_address": hx(ev.token_network_address),
            "identifier": s(ev.identifier),
            "amount": s(ev.amount),
            "initiator": hx(ev.initiator),
        }
    if t in (ME.EventUnlockSuccess, ME.EventUnlockClaimSuccess):
        return {"type": t.__name__, "identifier": s(ev.identifier), "secrethash": hx(ev.secrethash)}
    if t in (ME.EventUnlockFailed, ME.EventUnlockClaimFailed):
        return {"type": t.__name__, "identifier": s(ev.identifier), "secrethash": hx(ev.secrethash), "reason": ev.reason}
    if t is ME.EventRouteFailed:
        return {"type": "EventRouteFailed", "secrethash": hx(ev.secrethash), "token_network_address": hx(ev.token_network_address)}
    if t is E.EventInvalidReceivedLockedTransfer:
        return {"type": t.__name__, "payment_identifier": s(ev.payment_identifier), "code": ctx.code(ev), "reason": ev.reason}
    if t in (E.EventInvalidReceivedUnlock, E.EventInvalidReceivedLockExpired):
        return {"type": t.__name__, "secrethash": hx(ev.secrethash), "code": ctx.code(ev), "reason": ev.reason}
    if t in (
        E.EventInvalidReceivedWithdrawRequest,
        E.EventInvalidReceivedWithdraw,
        E.EventInvalidReceivedWithdrawExpired,
        E.EventInvalidActionWithdraw,
        E.EventInvalidActionCoopSettle,
    ):
        return {"type": t.__name__, "attempted_withdraw": s(ev.attempted_withdraw), "code": ctx.code(ev), "reason": ev.reason}
    if t is E.EventInvalidActionSetRevealTimeout:
        return {"type": t.__name__, "reveal_timeout": s(ev.reveal_timeout), "code": ctx.code(ev), "reason": ev.reason}
    if t is E.EventInvalidSecretRequest:
        return {
            "type": "EventInvalidSecretRequest",
            "payment_identifier": s(ev.payment_identifier),
            "intended_amount": s(ev.intended_amount),
            "actual_amount": s(ev.actual_amount),
            "code": ctx.code(ev),
        }
    raise Unsupported(f"Raiden emitted {t.__name__}, which has no canonical output")


# --------------------------------------------------------------------------------------------
# guard codes from Raiden's reason texts (and, where one text covers two guards, Raiden's values)
# --------------------------------------------------------------------------------------------

BP_REASONS = [
    ("The channel is already closed.", "channel_not_open"),
    ("channel_identifier does not match", "channel_id_mismatch"),
    ("token_network_address does not match", "token_network_mismatch"),
    ("chain_id does not match", "chain_id_mismatch"),
    ("would overflow onchain", "amount_overflow"),
    ("Nonce did not change sequentially", "nonce_mismatch"),
    ("Signature invalid, could not be recovered", "signature_invalid"),
    ("Signature was valid but the expected address does not match", "signer_not_partner"),
]

REASONS = {
    "LockedTransfer": BP_REASONS
    + [
        ("Same lock handled twice", "duplicate_lock"),
        ("exceed the allowed limit", "pending_limit"),
        ("locksroot didn't match", "locksroot_mismatch"),
        ("transferred_amount changed", "transferred_amount_changed"),
        ("locked_amount is invalid", "locked_amount_mismatch"),
        ("larger than the available distributable", "insufficient_distributable"),
    ],
    "Unlock": [("There is no corresponding lock", "unknown_lock"), ("The lock is unknown", "unknown_lock")]
    + BP_REASONS
    + [
        ("locksroot didn't match", "locksroot_mismatch"),
        ("wrong transferred_amount", "transferred_amount_mismatch"),
        ("wrong locked_amount", "locked_amount_mismatch"),
    ],
    "LockExpired": [
        ("Lock was unlocked on-chain", "unlocked_onchain"),
        ("is not known", "unknown_lock"),
    ]
    + BP_REASONS
    + [
        ("Same lock handled twice", "duplicate_lock"),
        ("is not larger than lock.expiration", "not_expired"),
        ("lock has been unlocked on-chain", "unlocked_onchain"),
        ("locksroot didn't match", "locksroot_mismatch"),
        ("transferred_amount changed", "transferred_amount_changed"),
        ("locked_amount is invalid", "locked_amount_mismatch"),
    ],
    "WithdrawRequest": [
        ("Invalid canonical identifier", "chain_id_mismatch"),
        ("Invalid participant, it must be the partner", "participant_not_partner"),
        ("Invalid sender", "sender_not_partner"),
        ("decreased", "decreased"),
        ("Insufficient balance", "insufficient_balance"),
        ("Nonce did not change sequentially", "nonce_mismatch"),
        ("will cause an overflow", "overflow"),
        ("Signature invalid, could not be recovered", "signature_invalid"),
        ("Signature was valid but the expected address does not match", "signer_not_sender"),
        # CHOICE coop_settle: channel._handle_receive_withdraw_request records the request, then
        # runs its coop-settle checks; a refusal there is NettingKit's reject_committed guard
        # WithdrawRequest.coop_settle_not_supported (deviation coop_settle).
        ("Partner did not withdraw with maximum balance", "coop_settle_not_supported"),
        ("Partner has pending transfers", "coop_settle_not_supported"),
        ("Partner requested withdraw while we initiated a coop-settle", "coop_settle_not_supported"),
        ("Partner initiated coop-settle, but we have pending transfers", "coop_settle_not_supported"),
    ],
    "WithdrawConfirmation": [
        ("was not found in withdraw states", "unknown_withdraw"),
        ("Invalid canonical identifier", "chain_id_mismatch"),
        ("does not match our total withdraw", "total_withdraw_mismatch"),
        ("Nonce did not change sequentially", "nonce_mismatch"),
        ("Invalid expiration", "expiration_mismatch"),
        ("Invalid participant", "participant_not_us"),
        ("Invalid sender", "sender_not_partner"),
        ("will cause an overflow", "overflow"),
        ("Signature invalid, could not be recovered", "signature_invalid"),
        ("Signature was valid but the expected address does not match", "signer_not_sender"),
    ],
    "WithdrawExpired": [
        ("did not correspond to previous withdraw request", "unknown_withdraw"),
        ("has not yet expired", "not_expired"),
        ("Invalid canonical identifier", "chain_id_mismatch"),
        ("not from partner", "sender_not_partner"),
        ("amounts do not match", "total_withdraw_mismatch"),
        ("Nonce did not change sequentially", "nonce_mismatch"),
    ],
    "ActionWithdraw": [
        ("the channel is not opened", "channel_not_open"),
        ("decreased", "decreased"),
        ("did not increase", "not_increased"),
        ("Insufficient balance", "insufficient_balance"),
        ("will cause an overflow", "overflow"),
    ],
}

EVENT_PREFIX = {
    E.EventInvalidReceivedLockedTransfer: "LockedTransfer",
    E.EventInvalidReceivedUnlock: "Unlock",
    E.EventInvalidReceivedLockExpired: "LockExpired",
    E.EventInvalidReceivedWithdrawRequest: "WithdrawRequest",
    E.EventInvalidReceivedWithdraw: "WithdrawConfirmation",
    E.EventInvalidReceivedWithdrawExpired: "WithdrawExpired",
    E.EventInvalidActionWithdraw: "ActionWithdraw",
}

USABILITY_CODES = {
    rchannel.ChannelUsability.NOT_OPENED: "channel_not_open",
    rchannel.ChannelUsability.INVALID_SETTLE_TIMEOUT: "invalid_settle_timeout",
    rchannel.ChannelUsability.CHANNEL_REACHED_PENDING_LIMIT: "pending_limit",
    rchannel.ChannelUsability.CHANNEL_DOESNT_HAVE_ENOUGH_DISTRIBUTABLE: "insufficient_distributable",
    rchannel.ChannelUsability.CHANNEL_BALANCE_PROOF_WOULD_OVERFLOW: "balance_proof_would_overflow",
    rchannel.ChannelUsability.LOCKTIMEOUT_MISMATCH: "lock_timeout_mismatch",
}


class Context:
    def __init__(self, b: Built, inp: Dict[str, Any], pre_channel_copy: Optional[NettingChannelState]) -> None:
        self.b = b
        self.inp = inp
        self.pre_channel = pre_channel_copy

    def code(self, ev: Any) -> str:
        t = type(ev)
        if t is E.EventInvalidActionSetRevealTimeout:
            # One Raiden text for two conditions (channel._handle_action_set_reveal_timeout): the
            # code names the failing half of Raiden's own condition.
            return (
                "ActionSetRevealTimeout.below_minimum"
                if ev.reveal_timeout < 7
                else "ActionSetRevealTimeout.settle_timeout_too_short"
            )
        if t is E.EventInvalidActionCoopSettle:
            return "ActionCoopSettle.unknown"
        if t is E.EventInvalidSecretRequest:
            # initiator.handle_secretrequest 4: one event for both conditions; Raiden's values.
            if ev.actual_amount < ev.intended_amount:
                return "SecretRequest.amount_too_small"
            return "SecretRequest.expiration_mismatch"
        prefix = EVENT_PREFIX[t]
        reason = ev.reason or ""
        for needle, code in REASONS[prefix]:
            if needle in reason:
                return f"{prefix}.{code}"
        return f"{prefix}.unrecognised_reason"

    def payment_failed_code(self, ev: Any) -> Optional[str]:
        if ev.reason != "None of the available routes could be used" and not ev.reason.startswith(
            "None of the available routes"
        ):
            return None  # a lock expired: no guard code
        # Raiden's reason is the same for every unusable route; the code is what Raiden's own
        # channel.is_channel_usable_for_new_transfer says of the route's channel before the step.
        inp = self.inp
        channel = self.pre_channel
        if channel is None or h(inp["target"]) != channel.partner_state.address:
            return "ActionInitInitiator.no_route"
        usability = rchannel.is_channel_usable_for_new_transfer(
            channel, i(inp["amount"]), oi(inp["lock_timeout"])
        )
        code = USABILITY_CODES.get(usability)
        return None if code is None else "ActionInitInitiator." + code


# --------------------------------------------------------------------------------------------
# ignored inputs: which of Raiden's dispatch paths dropped it
# --------------------------------------------------------------------------------------------


def channel_matches(b: Built, cid_obj: Dict[str, Any], with_chain: bool = False) -> bool:
    """Raiden finds the channel by token network and channel id (node.subdispatch_by_canonical_id,
    token_network.state_transition); the node's token network is the channel's."""
    if b.channel is None or b.pre["removed"]:
        return False
    cid = canonical_id(cid_obj)
    if cid.token_network_address != b.cid.token_network_address or cid.channel_identifier != b.cid.channel_identifier:
        return False
    return not with_chain or cid.chain_identifier == b.cid.chain_identifier


def status(b: Built) -> str:
    if b.channel is None:
        return "nonexistent"
    if b.pre["removed"]:
        return "removed"
    return rchannel.get_status(b.channel).value


def task_for(b: Built, secrethash: bytes) -> Optional[Any]:
    return b.chain.payment_mapping.secrethashes_to_task.get(secrethash)


def ignore_code(b: Built, inp: Dict[str, Any], pre_tasks: Dict[bytes, Any]) -> Optional[str]:
    """CHOICE ignore_codes: Raiden drops these inputs silently (no event, no state change); the
    code names the dispatch path that dropped it, found by asking the same questions of the
    state before the step as Raiden's dispatch code asks (each line cites the Raiden function)."""
    t = inp["type"]
    st = status(b)
    if t == "Block":
        return "Block.block_number_decreased" if i(inp["block_number"]) < i(b.pre["block_number"]) else None
    if t == "ContractReceiveChannelNew":
        cid = canonical_id(inp["canonical_identifier"])
        if st not in ("nonexistent", "removed") and cid.channel_identifier == b.cid.channel_identifier:
            return "ChannelNew.channel_exists"  # token_network.handle_channelnew: known id
        return None
    simple = {
        "ContractReceiveChannelDeposit": "Deposit",
        "ContractReceiveChannelWithdraw": "ChannelWithdraw",
        "ContractReceiveChannelClosed": "Closed",
        "ContractReceiveUpdateTransfer": "UpdateTransfer",
        "ContractReceiveChannelSettled": "Settled",
        "ContractReceiveChannelBatchUnlock": "BatchUnlock",
        "ActionChannelClose": "ActionClose",
        "ActionChannelWithdraw": "ActionWithdraw",
        "ActionChannelSetRevealTimeout": "ActionSetRevealTimeout",
        "ReceiveWithdrawRequest": "WithdrawRequest",
        "ReceiveWithdrawConfirmation": "WithdrawConfirmation",
        "ReceiveWithdrawExpired": "WithdrawExpired",
    }
    if t in simple:
        cid_obj = inp["canonical_identifier"] if "canonical_identifier" in inp else inp["message"] and {
            "chain_identifier": inp["message"]["chain_id"],
            "token_network_address": inp["message"]["token_network_address"],
            "channel_identifier": inp["message"]["channel_identifier"],
        }
        if not channel_matches(b, cid_obj):
            return simple[t] + ".unknown_channel"
        if t == "ContractReceiveChannelDeposit" and h(inp["participant"]) not in (b.our_address, b.partner_address):
            return "Deposit.not_a_participant"  # channel._handle_channel_deposit
        if t == "ContractReceiveChannelWithdraw" and h(inp["participant"]) not in (b.our_address, b.partner_address):
            return "ChannelWithdraw.not_a_participant"  # channel._handle_channel_withdraw
        if t == "ContractReceiveChannelClosed" and st not in ("opened", "waiting_for_close"):
            return "Closed.not_prior_to_closed"  # channel._handle_channel_closed
        if t == "ContractReceiveChannelBatchUnlock" and st != "settled":
            return "BatchUnlock.not_settled"  # channel._handle_channel_batch_unlock
        if t == "ActionChannelClose" and st not in ("opened", "waiting_for_close"):
            return "ActionClose.already_closed"  # channel.events_for_close
        return None
    if t == "ContractReceiveSecretReveal":
        sh = h(inp["secrethash"])
        if sh not in pre_tasks:
            return "OnchainSecretReveal.no_task"  # node.subdispatch_to_paymenttask
        if st in ("nonexistent", "removed"):
            return "OnchainSecretReveal.channel_removed"
        return None
    if t == "ActionInitInitiator":
        if sha256(h(inp["secret"])) in pre_tasks:
            return "ActionInitInitiator.secrethash_in_use"  # initiator_manager.handle_init
        return None
    if t == "ReceiveLockedTransfer":
        msg = inp["message"]
        sh = h(msg["lock"]["secrethash"])
        if inp.get("secret_registered"):
            return "LockedTransfer.secret_registered"  # MessageHandler.handle_message_lockedtransfer
        if not msg["metadata"]["routes"]:
            return "LockedTransfer.no_routes"
        if h(msg["target"]) != b.our_address:
            return "LockedTransfer.not_for_us"
        task = pre_tasks.get(sh)
        if isinstance(task, InitiatorTask):
            return "LockedTransfer.secrethash_used_by_initiator"  # node.subdispatch_targettask
        cid = {
            "chain_identifier": msg["chain_id"],
            "token_network_address": msg["token_network_address"],
            "channel_identifier": msg["channel_identifier"],
        }
        if not channel_matches(b, cid):
            return "LockedTransfer.unknown_channel"
        if isinstance(task, TargetTask):
            return "LockedTransfer.duplicate_transfer"  # target.state_transition
        return None
    if t == "ReceiveSecretRequest":
        sh = h(inp["message"]["secrethash"])
        task = pre_tasks.get(sh)
        if not isinstance(task, InitiatorTask):
            return "SecretRequest.no_task"
        if st in ("nonexistent", "removed"):
            return "SecretRequest.channel_removed"
        transfer = task.manager_state.initiator_transfers[sh]
        d = transfer.transfer_description
        if h(inp["sender"]) != d.target:
            return "SecretRequest.sender_not_target"
        if i(inp["message"]["payment_identifier"]) != d.payment_identifier:
            return "SecretRequest.payment_identifier_mismatch"
        if transfer.received_secret_request:
            return "SecretRequest.already_received"
        return None
    if t == "ReceiveSecretReveal":
        sh = sha256(h(inp["message"]["secret"]))
        task = pre_tasks.get(sh)
        if task is None:
            return "SecretReveal.no_task"
        if st in ("nonexistent", "removed"):
            return "SecretReveal.channel_removed"
        if isinstance(task, InitiatorTask):
            if h(inp["sender"]) != b.partner_address:
                return "SecretReveal.sender_not_partner"
            if st != "opened":
                return "SecretReveal.channel_not_open"
            return "SecretReveal.lock_expired"
        return "SecretReveal.transfer_expired"
    if t == "ReceiveUnlock":
        sh = sha256(h(inp["message"]["secret"]))
        if not isinstance(pre_tasks.get(sh), TargetTask):
            return "Unlock.unknown_secrethash"
        if st in ("nonexistent", "removed"):
            return "Unlock.channel_removed"
        return None
    if t == "ReceiveLockExpired":
        sh = h(inp["message"]["secrethash"])
        if sh not in pre_tasks:
            return "LockExpired.unknown_secrethash"
        if st in ("nonexistent", "removed"):
            return "LockExpired.channel_removed"
        return None
    return None


REJECT_EVENTS = (
    E.EventInvalidReceivedLockedTransfer,
    E.EventInvalidReceivedUnlock,
    E.EventInvalidReceivedLockExpired,
    E.EventInvalidReceivedWithdrawRequest,
    E.EventInvalidReceivedWithdraw,
    E.EventInvalidReceivedWithdrawExpired,
    E.EventInvalidActionWithdraw,
    E.EventInvalidActionCoopSettle,
    E.EventInvalidActionSetRevealTimeout,
    E.EventInvalidSecretRequest,
)


# --------------------------------------------------------------------------------------------
# one step
# --------------------------------------------------------------------------------------------


def constructor_error_code(inp: Dict[str, Any], our_address: bytes, ex: Exception) -> str:
    # NettingChannelState / NettingChannelEndState.__post_init__ (deviation constructor_errors).
    text = str(ex)
    if "reveal_timeout" in text:
        return "ChannelNew.invalid_reveal_timeout"
    if "settle_timeout" in text:
        return "ChannelNew.invalid_settle_timeout"
    return "ChannelNew.partner_is_us"


def snapshot(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def step(state: Dict[str, Any], inp: Dict[str, Any]) -> Dict[str, Any]:
    b = build(state, inp)
    pre_tasks = dict(b.chain.payment_mapping.secrethashes_to_task)
    pre_canonical = read_back(b, b.channel, bool(state["removed"]))
    pre_channel_copy = copy.deepcopy(b.channel) if b.channel is not None and not state["removed"] else None

    try:
        changes = state_changes_for(b, inp)
    except ValueError as ex:
        if inp["type"] != "ContractReceiveChannelNew":
            raise
        code = constructor_error_code(inp, b.our_address, ex)
        return {"state": state, "outputs": [], "rejection": {"code": code, "reason": f"Raiden: {ex}"}}

    events: List[Any] = []
    for change in changes:
        iteration = node.state_transition(b.chain, change)
        b.chain = iteration.new_state
        events.extend(iteration.events)
    if inp["type"] == "ReceiveWithdrawRequest" and inp["message"].get("coop_settle") and not any(
        isinstance(ev, E.EventInvalidReceivedWithdrawRequest) for ev in events
    ):
        raise Unsupported("Raiden accepted a cooperative settle request (deviation coop_settle)")

    # Find the channel after the step: Raiden's token network, or the object Raiden deleted.
    tn = b.chain.identifiers_to_tokennetworkregistries[REGISTRY].tokennetworkaddresses_to_tokennetworks.get(
        b.token_network.address
    )
    channels = list(tn.channelidentifiers_to_channels.values()) if tn else []
    if len(channels) > 1:
        raise Unsupported("Raiden now tracks two channels (deviation one_channel)")
    removed = bool(state["removed"])
    channel = b.channel
    if channels:
        channel = channels[0]
        removed = False
    elif b.channel is not None and not state["removed"]:
        removed = True  # Raiden deleted it in this step (settled without locks, or unlocked)

    ctx = Context(b, inp, pre_channel_copy)
    outputs = [o for o in (event_out(ev, ctx) for ev in events) if o is not None]

    post = read_back(b, channel, removed)
    rejection = None
    for ev, out in zip(events, outputs):
        if isinstance(ev, REJECT_EVENTS) or (out["type"] == "EventPaymentSentFailed" and out.get("code")):
            rejection = {"code": out["code"], "reason": getattr(ev, "reason", None) or out["code"]}
            break
    if rejection is None and not outputs and snapshot(post) == snapshot(pre_canonical):
        code = ignore_code(b, inp, pre_tasks)
        if code is not None:
            rejection = {"code": code, "reason": "Raiden dropped the input without an event (see README: ignore_codes)"}
    return {"state": post, "outputs": outputs, "rejection": rejection}


def handle_request(request: Any) -> Dict[str, Any]:
    rid = request.get("id") if isinstance(request, dict) else None
    try:
        if not isinstance(request, dict) or "op" not in request:
            raise BadRequest("a request is an object with id and op")
        op = request["op"]
        if op == "hello":
            return {
                "id": rid,
                "ok": {
                    "protocol": PROTOCOL,
                    "name": "raiden",
                    "version": "3.0.1",
                    "capabilities": ["transitions", "traces"],
                },
            }
        if op == "step":
            return {"id": rid, "ok": step(request["state"], request["input"])}
        raise Unsupported(f"op {op!r}")
    except Unsupported as ex:
        return {"id": rid, "error": {"code": "adapter.unsupported", "reason": str(ex)}}
    except (BadRequest, KeyError) as ex:
        return {"id": rid, "error": {"code": "adapter.bad_request", "reason": f"{type(ex).__name__}: {ex}"}}
    except Exception as ex:  # noqa: BLE001
        tb = traceback.format_exc(limit=6)
        import sys

        sys.stderr.write(tb)
        return {"id": rid, "error": {"code": "adapter.internal", "reason": f"{type(ex).__name__}: {ex}"}}
