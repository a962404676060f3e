"""Contracts and the catalogue: one stable id per normative rule."""

from __future__ import annotations

import enum
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bufferspec.conformance._context import CheckContext

__all__ = [
    "CAPABILITIES",
    "MESSAGE_SUFFIX",
    "Contract",
    "ContractFailure",
    "Level",
    "catalogue",
    "contract",
    "get_contract",
]

#: Capabilities a contract may need.  ``buffer``/``nd_buffer``: the target has that
#: class; ``host_memory``: its memory is host memory (zero-copy NumPy views are
#: possible); ``writable``: buffers it makes can be written to.
CAPABILITIES = frozenset({"buffer", "nd_buffer", "host_memory", "writable"})

_ID_PATTERN = re.compile(r"^(buffer|ndbuffer|prototype|wrapper)(\.[a-z0-9_]+){2,}$")


class Level(enum.Enum):
    """How binding a contract is (RFC 2119)."""

    MUST = "MUST"
    SHOULD = "SHOULD"


class ContractFailure(AssertionError):
    """A violation found by a check outside its steps (the steps' own ``assert`` statements count the same)."""


@dataclass(frozen=True)
class Contract:
    """One normative rule of the specification and the check that verifies it.

    Attributes
    ----------
    id : str
        Stable dotted id, e.g. ``"buffer.from_bytes.roundtrip"``.  Never reused.
    member : str
        The protocol member the rule is about, e.g. ``"BufferClass.from_bytes"``.
    level : Level
        MUST or SHOULD.
    text : str
        The normative sentence.
    needs : frozenset of str
        Capabilities (see :data:`CAPABILITIES`) without which the contract is skipped.
    check : callable
        ``check(ctx)``; raises :class:`ContractFailure` on a violation.
    examples : bool
        Whether the check draws inputs with Hypothesis (``ctx.draw``); such checks
        run many times, the others once.
    unavailable : str or None
        Why the contract cannot be checked in this interpreter (e.g. a Python
        feature it relies on is missing), or None.  Such a contract is SKIP
        with this reason, for every backend.
    message_of : str or None
        For the SHOULD contract on the wording of the error messages of a
        contract about raising (``<id>.names_argument``): the id of that
        contract.  The same check runs in its message mode (see
        :class:`CheckContext`).  None for every other contract.
    """

    id: str
    member: str
    level: Level
    text: str
    needs: frozenset[str]
    check: Callable[[CheckContext], None] = field(repr=False, compare=False)
    examples: bool = False
    unavailable: str | None = None
    message_of: str | None = None


#: Suffix of the id of the SHOULD contract on the wording of a MUST contract's error messages.
MESSAGE_SUFFIX = ".names_argument"

_CATALOGUE: dict[str, Contract] = {}


def contract(
    id: str,
    *,
    member: str,
    text: str,
    needs: tuple[str, ...] = (),
    level: Level = Level.MUST,
    examples: bool = False,
    unavailable: str | None = None,
    names_argument: str | None = None,
) -> Callable[[Callable[[CheckContext], None]], Callable[[CheckContext], None]]:
    """Register the decorated function as the check of a new contract.

    *unavailable*, when given, is why the check cannot run in this
    interpreter: the contract is then SKIP with that reason (never a PASS
    that checked nothing).

    *names_argument*, for a contract that requires an exception, also
    registers its SHOULD twin ``<id>.names_argument``: the exception's
    message names that argument.  The behaviour (exception type, objects
    left unchanged) keeps the contract's level; the wording is SHOULD, so a
    backend that raises the right exceptions with other messages gets
    warnings, not failures.
    """
    if not _ID_PATTERN.match(id):
        raise ValueError(f"id: {id!r} is not a dotted lower-case contract id")
    unknown = set(needs) - CAPABILITIES
    if unknown:
        raise ValueError(f"needs: unknown capabilities {sorted(unknown)} for {id}")
    root = id.split(".", 1)[0]
    implied = {"buffer": ("buffer",), "ndbuffer": ("nd_buffer",)}.get(root, ())

    def register(check: Callable[[CheckContext], None]) -> Callable[[CheckContext], None]:
        twin = f"{id}{MESSAGE_SUFFIX}"
        for new in (id, twin) if names_argument is not None else (id,):
            if new in _CATALOGUE:
                raise ValueError(f"id: contract {new!r} is defined twice")

        def entry(new: str, new_level: Level, new_text: str, message_of: str | None = None) -> Contract:
            return Contract(id=new, member=member, level=new_level, text=" ".join(new_text.split()),
                            needs=frozenset(needs) | frozenset(implied), check=check, examples=examples,
                            unavailable=unavailable, message_of=message_of)

        _CATALOGUE[id] = entry(id, level, text)
        if names_argument is not None:
            wording = (f"The exceptions that {id} requires carry a message that names the argument "
                       f"{names_argument}, so a user sees which argument was wrong.")
            _CATALOGUE[twin] = entry(twin, Level.SHOULD, wording, message_of=id)
        return check

    return register


_CHECK_MODULES = (
    "bufferspec.conformance._checks_all_equal_edges",
    "bufferspec.conformance._checks_buffer",
    "bufferspec.conformance._checks_buffer_ops",
    "bufferspec.conformance._checks_ndbuffer",
    "bufferspec.conformance._checks_ndbuffer_create",
    "bufferspec.conformance._checks_ndbuffer_kinds",
    "bufferspec.conformance._checks_ndbuffer_ops",
    "bufferspec.conformance._checks_ndbuffer_values",
    "bufferspec.conformance._checks_prototype",
)


def _load_checks() -> None:
    """Import the check modules, which fill the catalogue as they are defined."""
    for name in _CHECK_MODULES:
        importlib.import_module(name)


def catalogue() -> tuple[Contract, ...]:
    """Every contract, in a stable order (by id)."""
    _load_checks()
    return tuple(_CATALOGUE[key] for key in sorted(_CATALOGUE))


def get_contract(id: str) -> Contract:
    """The contract with this exact id.

    Raises
    ------
    KeyError
        If no contract has that id.
    """
    _load_checks()
    try:
        return _CATALOGUE[id]
    except KeyError:
        raise KeyError(f"id: no contract {id!r} in the catalogue") from None
