"""Import-time workarounds that let Raiden 3.0.1's own code run on Python 3.11.

See /work/shared/reference/raiden-on-python311.md (and README.md beside this file). Two of the
five workarounds are applied at install time by setup.sh (patch_venv.py: the installed raiden
METADATA loses its Requires-Dist pins, raiden/settings.py gets default_factory fields); the other
three are applied here, before anything imports raiden, without touching any installed file:

3. marshmallow_dataclass 8.0.0 recognises typing.NewType with inspect.isfunction; since Python 3.10
   NewType is a class. Its module gets an `inspect` whose isfunction also accepts NewType.
4. parsimonious 0.8.1 imports inspect.getargspec (removed in 3.11): alias it to getfullargspec.
5. raiden/__init__ imports aioice (to monkey-patch it); metadata validation can reach the Matrix
   transport, which imports aiortc. Neither runs without a transport: empty stand-in modules.
"""

import inspect
import sys
import types
import typing

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True

    # 4. parsimonious 0.8.1: `from inspect import getargspec`.
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = inspect.getfullargspec  # type: ignore[attr-defined]

    # 5. Stand-ins for the WebRTC stack (aioice, aiortc), never used without a transport.
    if "aioice" not in sys.modules:
        aioice = types.ModuleType("aioice")
        aioice_ice = types.ModuleType("aioice.ice")

        class StunProtocol:  # raiden._monkey replaces its connection_lost
            pass

        aioice_ice.StunProtocol = StunProtocol
        aioice.ice = aioice_ice
        sys.modules["aioice"] = aioice
        sys.modules["aioice.ice"] = aioice_ice
    if "aiortc" not in sys.modules:

        class _Anything(types.ModuleType):
            def __getattr__(self, name):  # any class the transport imports
                if name.startswith("__"):
                    raise AttributeError(name)
                return type(name, (), {})

        for name in ("aiortc", "aiortc.sdp", "aiortc.rtcdatachannel", "aiortc.exceptions"):
            sys.modules[name] = _Anything(name)

    # 3. marshmallow_dataclass: typing.NewType is a class since Python 3.10.
    import marshmallow_dataclass

    real_inspect = marshmallow_dataclass.inspect
    if not getattr(real_inspect, "_nettingkit_patched", False):
        proxy = types.ModuleType("inspect")
        proxy.__dict__.update(real_inspect.__dict__)

        def isfunction(obj):  # type: ignore[no-untyped-def]
            return real_inspect.isfunction(obj) or isinstance(obj, typing.NewType)

        proxy.isfunction = isfunction
        proxy._nettingkit_patched = True
        marshmallow_dataclass.inspect = proxy
