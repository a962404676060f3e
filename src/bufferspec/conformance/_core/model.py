"""The contract model: one stable id per normative rule, its level and the check that verifies it."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bufferspec.conformance._core.context import CheckContext

__all__ = ["MESSAGE_SUFFIX", "Contract", "ContractFailure", "Level"]

#: Suffix of the id of the SHOULD contract on the wording of a MUST contract's error messages.
MESSAGE_SUFFIX = ".names_argument"


class Level(enum.Enum):
    """How binding a contract is (RFC 2119)."""

    MUST = "MUST"
    SHOULD = "SHOULD"


class ContractFailure(AssertionError):  # noqa: N818 - public name since 0.1
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
