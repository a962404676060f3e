"""``BufferConformanceTests``: one base class, configured by class attributes, one test per contract.

Usage in a third party's own test suite (nothing to copy into ``conftest.py``)::

    from bufferspec.conformance import BufferConformanceTests

    class TestMyBackend(BufferConformanceTests):
        target = "mypackage.buffers:prototype"       # or the prototype / class itself
        capabilities = ("host_memory", "writable")   # None: what the backend declares
        expected_failures = {"buffer.combine.no_alias": "shares memory by design"}

Every contract becomes its own pytest item, ``test_contract[<contract id>]``,
so ``-k buffer.combine`` selects by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import pytest

from bufferspec.conformance._contract import catalogue, get_contract
from bufferspec.conformance._report import Status
from bufferspec.conformance._runner import DEFAULT_MAX_EXAMPLES, UnknownContractError, check_contract
from bufferspec.conformance._target import Target, resolve_target

__all__ = ["BufferConformanceTests", "outcome_to_pytest"]

_IDS = tuple(c.id for c in catalogue())


def outcome_to_pytest(result: Any) -> None:
    """Turn a kit result into the matching pytest outcome (pass, skip, xfail or fail)."""
    if result.status is Status.SKIP:
        pytest.skip(result.reason)
    if result.status is Status.XFAIL:
        pytest.xfail(result.reason)
    if result.status in (Status.FAIL, Status.XPASS):
        parts = [f"{result.id}: {result.reason}"]
        if result.counterexample:
            parts.append(f"counterexample: {result.counterexample}")
        if result.reproducer:
            parts.append("reproducer:\n" + result.reproducer)
        pytest.fail("\n".join(parts), pytrace=False)


class BufferConformanceTests:
    """Subclass it, set :attr:`target`, and pytest runs every contract against it.

    Attributes
    ----------
    target : object
        A ``BufferPrototype``, a Buffer class, an NDBuffer class or a
        ``"module:attr"`` string.  Required.
    capabilities : iterable of str or None
        Override the capabilities the backend declares.
    expected_failures : mapping of str to str
        ``{contract id: reason}``; ids must exist in the catalogue (checked when
        the class is defined).
    max_examples : int
        Hypothesis examples per property contract.
    seed : int or None
        Makes the run deterministic.
    """

    target: ClassVar[object] = None
    capabilities: ClassVar[Iterable[str] | None] = None
    expected_failures: ClassVar[Mapping[str, str]] = {}
    max_examples: ClassVar[int] = DEFAULT_MAX_EXAMPLES
    seed: ClassVar[int | None] = None
    _resolved: ClassVar[Target | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        unknown = sorted(set(cls.expected_failures) - set(_IDS))
        if unknown:
            raise UnknownContractError(
                f"{cls.__qualname__}.expected_failures: unknown contract ids {unknown}"
            )
        cls._resolved = None

    @classmethod
    def _target(cls) -> Target:
        if cls.target is None:
            raise TypeError(f"{cls.__qualname__}.target: set it to a BufferPrototype, a buffer class or 'module:attr'")
        if cls._resolved is None:
            cls._resolved = resolve_target(cls.target, capabilities=cls.capabilities)
        return cls._resolved

    @pytest.mark.parametrize("contract_id", _IDS)
    def test_contract(self, contract_id: str) -> None:
        """Check one contract of the catalogue against :attr:`target`."""
        cls = type(self)
        result = check_contract(
            get_contract(contract_id),
            cls._target(),
            xfail_reason=cls.expected_failures.get(contract_id),
            max_examples=cls.max_examples,
            seed=cls.seed,
        )
        outcome_to_pytest(result)
