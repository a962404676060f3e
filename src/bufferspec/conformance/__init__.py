"""The bufferspec conformance kit: check any buffer backend against the specification.

``run(target)`` checks a ``BufferPrototype``, a Buffer class or an NDBuffer class
against every contract in :func:`catalogue` and returns a :class:`Report`.  The
same core drives the ``bufferspec check`` command, the
:class:`BufferConformanceTests` base class and the pytest plugin.  Nothing here
imports pytest.

A half-written backend cannot break a run: each contract is isolated, so an
exception, a wrong return value or a missing member becomes that contract's
FAIL or ERROR (see :class:`Status`), a hang past the per-contract deadline
(:data:`DEFAULT_DEADLINE`) a FAIL "timed out after N s", and with
``isolate=True`` a segfault or an exhausted memory an ERROR, after which a
fresh worker process goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bufferspec._console import kit_missing_message, missing_kit_dependencies

if missing_kit_dependencies():  # one clear line instead of a traceback from deep inside the kit
    raise ModuleNotFoundError(kit_missing_message(missing_kit_dependencies(), "bufferspec.conformance"))

from bufferspec.conformance._core.capabilities import CAPABILITIES
from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.model import Contract, ContractFailure, Level
from bufferspec.conformance._core.registry import catalogue, get_contract
from bufferspec.conformance._core.report import ConformanceWarning, Report, Result, Status
from bufferspec.conformance._core.target import DEFAULT_TARGET, Target, TargetError, resolve_target
from bufferspec.conformance._engine.run import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_MEMORY_LIMIT,
    UnknownContractError,
    check_contract,
    run,
)
from bufferspec.conformance._frontends.expected import load_expected_failures
from bufferspec.conformance._static.assertions import STATIC_IDS, static_check

# Public names show their public path (in tracebacks, reprs and pickles), not the private module.
for _public in (CheckContext, ConformanceWarning, Contract, ContractFailure, Level, Report, Result, Status, Target,
                TargetError, UnknownContractError):
    _public.__module__ = __name__
del _public

__all__ = [
    "BufferConformanceTests",
    "CAPABILITIES",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TARGET",
    "STATIC_IDS",
    "CheckContext",
    "ConformanceWarning",
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
    "load_expected_failures",
    "resolve_target",
    "run",
    "static_check",
]

if TYPE_CHECKING:
    from bufferspec.conformance._frontends.testclass import BufferConformanceTests


def __getattr__(name: str) -> object:
    # The base test class imports pytest, so it is loaded only when asked for.
    if name == "BufferConformanceTests":
        from bufferspec.conformance._frontends.testclass import BufferConformanceTests

        return BufferConformanceTests
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
