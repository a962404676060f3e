"""The bufferspec conformance kit: check any buffer backend against the specification.

``run(target)`` checks a ``BufferPrototype``, a Buffer class or an NDBuffer class
against every contract in :func:`catalogue` and returns a :class:`Report`.  The
same core drives the ``bufferspec check`` command, the
:class:`BufferConformanceTests` base class and the pytest plugin.  Nothing here
imports pytest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bufferspec.conformance._contract import (
    CAPABILITIES,
    Contract,
    ContractFailure,
    Level,
    catalogue,
    get_contract,
)
from bufferspec.conformance._context import CheckContext
from bufferspec.conformance._report import Report, Result, Status
from bufferspec.conformance._runner import DEFAULT_MAX_EXAMPLES, UnknownContractError, check_contract, run
from bufferspec.conformance._target import DEFAULT_TARGET, Target, TargetError, resolve_target

__all__ = [
    "BufferConformanceTests",
    "CAPABILITIES",
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_TARGET",
    "CheckContext",
    "Contract",
    "ContractFailure",
    "Level",
    "Report",
    "Result",
    "Status",
    "Target",
    "TargetError",
    "UnknownContractError",
    "catalogue",
    "check_contract",
    "get_contract",
    "resolve_target",
    "run",
]

if TYPE_CHECKING:
    from bufferspec.conformance._testclass import BufferConformanceTests


def __getattr__(name: str) -> object:
    # The base test class imports pytest, so it is loaded only when asked for.
    if name == "BufferConformanceTests":
        from bufferspec.conformance._testclass import BufferConformanceTests

        return BufferConformanceTests
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
