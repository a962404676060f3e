"""``BufferConformanceTests``: one base class, configured by class attributes, one test per contract.

Usage in a third party's own test suite (nothing to copy into ``conftest.py``)::

    from bufferspec.conformance import BufferConformanceTests

    class TestMyBackend(BufferConformanceTests):
        target = "mypackage.buffers:prototype"       # or the prototype / class itself
        capabilities = ("host_memory", "writable")   # None: what the backend declares
        expected_failures = {"buffer.combine.no_alias": "shares memory by design"}
        deadline = 10.0                              # seconds per contract; None: no limit
        isolate = True                               # survive segfaults (one worker process per class)
        strict = True                                # a failed SHOULD contract fails its test
        static = True                                # also check the classes with type checkers
        static_checkers = ("mypy", "pyright")        # which ones (default: every one installed)

Every contract becomes its own pytest item, ``test_contract[<contract id>]``,
so ``-k buffer.combine`` selects by id.  The target is resolved when pytest
collects the class: a missing or misspelt target is one collection error,
not a failure per contract.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from bufferspec.conformance._core.registry import catalogue, get_contract
from bufferspec.conformance._core.report import ConformanceWarning, Result, Status
from bufferspec.conformance._core.target import Target, TargetError, resolve_target
from bufferspec.conformance._engine.deadline import check_deadline
from bufferspec.conformance._engine.run import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_MEMORY_LIMIT,
    check_contract,
    check_expected_failures,
)

if TYPE_CHECKING:
    from bufferspec.conformance._engine.isolate import IsolatedChecker

__all__ = ["BufferConformanceTests", "outcome_to_pytest", "static_outcome_to_pytest"]


#: The class attributes that configure a test class (a name close to one of these is a typo).
_SETTINGS = ("target", "capabilities", "expected_failures", "max_examples", "seed", "deadline", "isolate",
             "memory_limit", "strict", "static", "static_checkers")


def outcome_to_pytest(result: Result, *, strict: bool = False) -> None:
    """Turn a kit result into the matching pytest outcome.

    PASS passes, SKIP skips, XFAIL is an xfail; FAIL, ERROR and XPASS fail the
    test with the status, the reason, the counterexample, the reproducer and
    (where an exception was raised) the traceback.  WARN fails under
    *strict*; otherwise the test passes with a :class:`ConformanceWarning`
    that carries the same details.
    """
    if result.status is Status.SKIP:
        pytest.skip(result.reason)
    if result.status is Status.XFAIL:
        pytest.xfail(result.reason)
    if result.status.is_failure or result.status is Status.WARN:
        if result.status is Status.WARN and not strict:
            warnings.warn(ConformanceWarning(_details(result)), stacklevel=2)
            return
        pytest.fail(_details(result), pytrace=False)


def _details(result: Result) -> str:
    """Status, reason, fix, counterexample, reproducer and traceback of a result, as a test's message."""
    parts = [f"{result.id}: {result.level} {result.status.name}: {result.reason}"]
    if result.hint:
        parts.append(f"fix: {result.hint}")
    if result.counterexample:
        parts.append(f"counterexample: {result.counterexample}")
    if result.reproducer:
        parts.append("reproducer:\n" + result.reproducer)
    if result.traceback:
        parts.append(result.traceback.rstrip())
    return "\n".join(parts)


class BufferConformanceTests:
    """Subclass it, set :attr:`target`, and pytest runs every contract against it.

    Attributes
    ----------
    target : object
        A ``BufferPrototype``, a Buffer class, an NDBuffer class or a
        ``"module:attr"`` string.  Required: a class without one (or with one
        that does not resolve) is a collection error.
    capabilities : iterable of str or None
        Override the capabilities the backend declares.
    expected_failures : mapping of str to str
        ``{contract id: reason}``; ids must exist in the catalogue (checked when
        the class is defined).
    max_examples : int
        Hypothesis examples per property contract.
    seed : int or None
        Which fixed set of examples to draw (the run is deterministic either way).
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
    strict : bool
        Make SHOULD contracts binding: a WARN fails its test (by default it
        passes with a :class:`ConformanceWarning`).
    static : bool
        Also check the classes against the protocols with type checkers: one
        more test per checker and static assertion,
        ``test_static[static.mypy.buffer.instance]``...
    static_checkers : str, iterable of str or None
        With :attr:`static`: the checkers, ``"mypy"``, ``"pyright"``,
        ``"pyrefly"`` or ``"all"`` (checked when the class is defined).
        None: every installed one; one named but not installed skips its
        tests with the install hint.  Each checker run is bound by
        :attr:`deadline` (600 s without one).
    """

    target: ClassVar[object] = None
    capabilities: ClassVar[Iterable[str] | None] = None
    expected_failures: ClassVar[Mapping[str, str]] = {}
    max_examples: ClassVar[int] = DEFAULT_MAX_EXAMPLES
    seed: ClassVar[int | None] = None
    deadline: ClassVar[float | None] = DEFAULT_DEADLINE
    isolate: ClassVar[bool] = False
    memory_limit: ClassVar[int | None] = DEFAULT_MEMORY_LIMIT
    strict: ClassVar[bool] = False
    static: ClassVar[bool] = False
    static_checkers: ClassVar[str | Iterable[str] | None] = None
    _resolved: ClassVar[Target | None] = None
    _checker: ClassVar[IsolatedChecker | str | None] = None  # a str: why the worker cannot load the target
    _static_rows: ClassVar[tuple[Result, ...] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in vars(cls):
            if name.startswith("_") or name in _SETTINGS or name.startswith(("test", "pytest_")):
                continue
            close = difflib.get_close_matches(name, _SETTINGS, n=1, cutoff=0.75)
            if close:
                raise TypeError(f"{cls.__qualname__}.{name}: not a setting of BufferConformanceTests; "
                                f"did you mean {close[0]!r}?")
        check_expected_failures(cls.expected_failures, f"{cls.__qualname__}.expected_failures")
        check_deadline(cls.deadline, f"{cls.__qualname__}.deadline")
        if cls.static:
            from bufferspec.conformance._static.checkers import parse_checkers

            parse_checkers(cls.static_checkers, f"{cls.__qualname__}.static_checkers")
        cls._resolved = None
        cls._checker = None
        cls._static_rows = None
        if cls.static and "test_static" not in vars(cls):
            cls.test_static = _test_static  # type: ignore[attr-defined]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Resolve the target once, at collection (one error for a bad target), and make one item per id."""
        cls = type(self)
        if cls.target is None:
            raise TargetError(f"{cls.__qualname__}.target: not set; set it to a BufferPrototype, a Buffer or "
                              "NDBuffer class, or 'module:attr'")
        if not cls.isolate:
            cls._target()
        elif isinstance(cls._isolated_or_reason(), str):
            raise TargetError(str(cls._checker))
        if "contract_id" in metafunc.fixturenames:
            ids = [c.id for c in catalogue()]
            metafunc.parametrize("contract_id", ids, ids=ids)
        elif "static_id" in metafunc.fixturenames:
            from bufferspec.conformance._static.assertions import require_checkers, static_ids

            checkers = require_checkers(cls.static_checkers, f"{cls.__qualname__}.static_checkers")
            metafunc.parametrize("static_id", static_ids(checkers), ids=static_ids(checkers))

    @classmethod
    def _target(cls) -> Target:
        if cls._resolved is None:
            cls._resolved = resolve_target(cls.target, capabilities=cls.capabilities)
        return cls._resolved

    @classmethod
    def _isolated_or_reason(cls) -> IsolatedChecker | str:
        """The class's worker, started on first use, or why it cannot load the target."""
        from bufferspec.conformance._engine.isolate import IsolatedChecker, check_memory_limit

        if cls._checker is None:
            try:
                cls._checker = IsolatedChecker(cls.target, capabilities=cls.capabilities, deadline=cls.deadline,
                                               memory_limit=check_memory_limit(cls.memory_limit))
            except TargetError as exc:
                cls._checker = str(exc)
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
            checker = cls._isolated_or_reason()
            if isinstance(checker, str):
                raise TargetError(checker)
            return checker.check(get_contract(contract_id), **options)
        return check_contract(get_contract(contract_id), cls._target(), **options)

    def test_contract(self, contract_id: str) -> None:
        """Check one contract of the catalogue against :attr:`target`."""
        outcome_to_pytest(self._check(contract_id), strict=type(self).strict)

    def _static(self, static_id: str) -> None:
        """Check one static assertion against :attr:`target`; a failure lists every broken member."""
        from bufferspec.conformance._static.assertions import require_checkers, static_check

        cls = type(self)
        if cls._static_rows is None:
            checkers = require_checkers(cls.static_checkers, f"{cls.__qualname__}.static_checkers")
            if cls.isolate:  # the worker resolved the target; the type checkers run from there too
                checker = cls._isolated_or_reason()
                if isinstance(checker, str):
                    raise TargetError(checker)
                cls._static_rows = tuple(checker.static_rows(checkers, timeout=cls.deadline))
            else:
                cls._static_rows = static_check(cls._target(), checkers=checkers, timeout=cls.deadline)
        static_outcome_to_pytest(cls._static_rows, static_id)


def static_outcome_to_pytest(rows: tuple[Result, ...], static_id: str) -> None:
    """The pytest outcome of one static assertion: every row of a broken member in one failure, else its row."""
    mine = [r for r in rows if r.id == static_id or r.id.startswith(static_id + ".")]
    failed = [r for r in mine if r.status.is_failure]
    if failed:
        pytest.fail("\n\n".join(_details(r) for r in failed), pytrace=False)
    outcome_to_pytest(mine[0] if mine else Result(static_id, Status.SKIP, "the target has no such class"))


def _test_static(self: BufferConformanceTests, static_id: str) -> None:
    """Check one static assertion (``static.mypy.buffer.instance``, ...) against the target."""
    self._static(static_id)
