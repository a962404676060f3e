"""``BufferConformanceTests``: one base class, configured by class attributes, one test per contract.

Usage in a third party's own test suite (nothing to copy into ``conftest.py``)::

    from bufferspec.conformance import BufferConformanceTests

    class TestMyBackend(BufferConformanceTests):
        target = "mypackage.buffers:prototype"       # or the prototype / class itself
        capabilities = ("host_memory", "writable")   # None: what the backend declares
        expected_failures = {"buffer.combine.no_alias": "shares memory by design"}
        deadline = 10.0                              # seconds per contract; None: no limit
        isolate = True                               # survive segfaults (one worker process per class)

Every contract becomes its own pytest item, ``test_contract[<contract id>]``,
so ``-k buffer.combine`` selects by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from bufferspec.conformance._contract import catalogue, get_contract
from bufferspec.conformance._deadline import check_deadline
from bufferspec.conformance._report import Result, Status
from bufferspec.conformance._runner import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_MEMORY_LIMIT,
    UnknownContractError,
    check_contract,
)
from bufferspec.conformance._target import Target, TargetError, resolve_target

if TYPE_CHECKING:
    from bufferspec.conformance._isolate import IsolatedChecker

__all__ = ["BufferConformanceTests", "outcome_to_pytest"]

_IDS = tuple(c.id for c in catalogue())


def outcome_to_pytest(result: Any) -> None:
    """Turn a kit result into the matching pytest outcome (pass, skip, xfail or fail).

    FAIL, ERROR and XPASS fail the test; the message starts with the status
    and carries the counterexample, the reproducer and (for ERROR) the traceback.
    """
    if result.status is Status.SKIP:
        pytest.skip(result.reason)
    if result.status is Status.XFAIL:
        pytest.xfail(result.reason)
    if result.status.is_failure:
        parts = [f"{result.id}: {result.status.name}: {result.reason}"]
        if result.counterexample:
            parts.append(f"counterexample: {result.counterexample}")
        if result.reproducer:
            parts.append("reproducer:\n" + result.reproducer)
        if result.traceback:
            parts.append(result.traceback.rstrip())
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
    deadline : float or None
        Seconds each contract may take (default 60); a contract still
        running then FAILs as timed out.  None: no limit.
    isolate : bool
        Run the contracts in a worker process (one per class, restarted after
        a crash), so that a segfault or an exhausted memory fails one
        contract instead of the test session.  :attr:`target` must then be
        importable by name.
    memory_limit : int or None
        With :attr:`isolate`: bytes the worker may add to its start-up size
        (default 4 GiB); None: no limit.
    """

    target: ClassVar[object] = None
    capabilities: ClassVar[Iterable[str] | None] = None
    expected_failures: ClassVar[Mapping[str, str]] = {}
    max_examples: ClassVar[int] = DEFAULT_MAX_EXAMPLES
    seed: ClassVar[int | None] = None
    deadline: ClassVar[float | None] = DEFAULT_DEADLINE
    isolate: ClassVar[bool] = False
    memory_limit: ClassVar[int | None] = DEFAULT_MEMORY_LIMIT
    _resolved: ClassVar[Target | None] = None
    _checker: ClassVar[IsolatedChecker | str | None] = None  # a str: why the worker cannot load the target

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        unknown = sorted(set(cls.expected_failures) - set(_IDS))
        if unknown:
            raise UnknownContractError(
                f"{cls.__qualname__}.expected_failures: unknown contract ids {unknown}"
            )
        check_deadline(cls.deadline, f"{cls.__qualname__}.deadline")
        cls._resolved = None
        cls._checker = None

    @classmethod
    def _target(cls) -> Target:
        if cls.target is None:
            raise TypeError(f"{cls.__qualname__}.target: set it to a BufferPrototype, a buffer class or 'module:attr'")
        if cls._resolved is None:
            cls._resolved = resolve_target(cls.target, capabilities=cls.capabilities)
        return cls._resolved

    @classmethod
    def _isolated(cls) -> IsolatedChecker:
        """The class's worker, started on first use (a target it cannot load fails every test the same way)."""
        from bufferspec.conformance._isolate import IsolatedChecker, check_memory_limit

        if cls.target is None:
            raise TypeError(f"{cls.__qualname__}.target: set it to a BufferPrototype, a buffer class or 'module:attr'")
        if cls._checker is None:
            try:
                cls._checker = IsolatedChecker(cls.target, capabilities=cls.capabilities, deadline=cls.deadline,
                                               memory_limit=check_memory_limit(cls.memory_limit))
            except TargetError as exc:
                cls._checker = str(exc)
        if isinstance(cls._checker, str):
            raise TargetError(cls._checker)
        return cls._checker

    def _check(self, contract_id: str) -> Result:
        cls = type(self)
        options: dict[str, Any] = {
            "xfail_reason": cls.expected_failures.get(contract_id),
            "max_examples": cls.max_examples,
            "seed": cls.seed,
            "deadline": cls.deadline,
        }
        if cls.isolate:
            return cls._isolated().check(get_contract(contract_id), **options)
        return check_contract(get_contract(contract_id), cls._target(), **options)

    @pytest.mark.parametrize("contract_id", _IDS)
    def test_contract(self, contract_id: str) -> None:
        """Check one contract of the catalogue against :attr:`target`."""
        outcome_to_pytest(self._check(contract_id))
