"""pytest plugin: ``pytest --bufferspec-target module:attr`` checks a backend, one item per contract.

``--bufferspec-deadline SECONDS`` bounds each contract, ``--bufferspec-isolate``
runs them in a worker process that may crash (``--bufferspec-memory-limit``),
``--bufferspec-strict`` makes a failed SHOULD contract fail its item (by
default it passes with a ``ConformanceWarning``), ``--bufferspec-static`` adds
one item per type checker and static assertion (``--bufferspec-static-checker``
chooses the checkers; default: every one installed).

Registered under the ``pytest11`` entry point.  Without ``--bufferspec-target``
it adds its options and nothing else: the kit is imported only when asked for,
and when its dependencies are missing pytest stops with one line saying what
to install.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

import pytest

__all__ = ["ContractItem", "ContractsCollector"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the ``--bufferspec-*`` command-line options (a pytest hook)."""
    group = parser.getgroup("bufferspec", "bufferspec conformance kit")
    group.addoption("--bufferspec-target", metavar="MODULE:ATTR", default=None,
                    help="check this BufferPrototype / buffer class against every contract")
    group.addoption("--bufferspec-xfail", metavar="FILE", default=None,
                    help="TOML file with an [expected_failures] table (id = reason)")
    group.addoption("--bufferspec-max-examples", metavar="N", type=int, default=None,
                    help="Hypothesis examples per property contract")
    group.addoption("--bufferspec-seed", metavar="N", type=int, default=None,
                    help="draw another fixed set of examples (runs are deterministic without it too)")
    group.addoption("--bufferspec-deadline", metavar="SECONDS", type=float, default=None,
                    help="time limit per contract (default 60, 0: none); a contract still running FAILs as timed out")
    group.addoption("--bufferspec-isolate", action="store_true", default=False,
                    help="run the contracts in a worker process that may crash (the target must import by name)")
    group.addoption("--bufferspec-memory-limit", metavar="SIZE", default=None,
                    help="with --bufferspec-isolate: memory the worker may add to its start-up size "
                         "(bytes or K/M/G suffix; default 4G, 0: no limit)")
    group.addoption("--bufferspec-strict", action="store_true", default=False,
                    help="make SHOULD contracts binding: a WARN fails its item")
    group.addoption("--bufferspec-static", action="store_true", default=False,
                    help="also check the classes against the protocols with type checkers (items static.*)")
    group.addoption("--bufferspec-static-checker", metavar="NAME", action="append", default=None,
                    help="with --bufferspec-static: mypy, pyright, pyrefly or all (repeat it or separate names "
                         "with commas; default: every one installed)")


def pytest_configure(config: pytest.Config) -> None:
    """With ``--bufferspec-target``, stop at once (exit status 2, one line) when the kit cannot load."""
    if not config.getoption("--bufferspec-target"):
        return
    from bufferspec._console import kit_missing_message, missing_kit_dependencies

    missing = missing_kit_dependencies()
    if missing:
        pytest.exit(f"bufferspec: {kit_missing_message(missing, '--bufferspec-target')}", returncode=2)
    names = config.getoption("--bufferspec-static-checker")
    if names and not config.getoption("--bufferspec-static"):
        raise pytest.UsageError("--bufferspec-static-checker: only with --bufferspec-static")
    if config.getoption("--bufferspec-static"):
        from bufferspec.conformance._static.checkers import require_checkers

        try:
            require_checkers(",".join(names) if names else None, "--bufferspec-static-checker")
        except ValueError as exc:
            raise pytest.UsageError(str(exc)) from None
        except ModuleNotFoundError as exc:
            pytest.exit(f"bufferspec: {exc}", returncode=2)


class ContractItem(pytest.Item):
    """One contract (or one static assertion) checked against the target given on the command line."""

    def __init__(self, *, contract_id: str, settings: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.contract_id = contract_id
        self.settings = settings

    def runtest(self) -> None:
        """Check the contract (or static assertion) against the target and report it to pytest."""
        from bufferspec.conformance._core.registry import get_contract
        from bufferspec.conformance._engine.run import check_contract
        from bufferspec.conformance._frontends.testclass import outcome_to_pytest

        settings = self.settings
        if self.contract_id.startswith("static."):
            self._static()
            return
        options = {
            "xfail_reason": settings["xfails"].get(self.contract_id),
            "max_examples": settings["max_examples"],
            "seed": settings["seed"],
            "deadline": settings["deadline"],
        }
        checker = settings["checker"]
        if checker is not None:
            result = checker.check(get_contract(self.contract_id), **options)
        else:
            result = check_contract(get_contract(self.contract_id), settings["target"], **options)
        outcome_to_pytest(result, strict=settings["strict"])

    def _static(self) -> None:
        from bufferspec.conformance._frontends.testclass import static_outcome_to_pytest
        from bufferspec.conformance._static.assertions import static_check

        settings = self.settings
        if settings.get("static_rows") is None:
            checker = settings["checker"]
            if checker is not None:  # isolated: the worker resolved the target, the checkers run from there
                settings["static_rows"] = tuple(checker.static_rows(tuple(settings["static_checkers"]),
                                                                    timeout=settings["deadline"]))
            else:
                settings["static_rows"] = static_check(settings["target"], checkers=settings["static_checkers"],
                                                       timeout=settings["deadline"])
        static_outcome_to_pytest(settings["static_rows"], self.contract_id)

    def reportinfo(self) -> tuple[str, int | None, str]:
        """Where pytest reports this item: the contract, not a file line."""
        return ("bufferspec", None, f"bufferspec contract {self.contract_id}")


class ContractsCollector(pytest.Collector):
    """The contracts of the catalogue as items of one collector, so pytest counts them as collected."""

    def __init__(self, *, settings: dict[str, Any], ids: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.ids = ids

    def collect(self) -> Iterator[ContractItem]:
        """One item per selected contract id."""
        for contract_id in self.ids:
            yield ContractItem.from_parent(self, name=contract_id, contract_id=contract_id, settings=self.settings)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add the contract items when ``--bufferspec-target`` is given (a pytest hook)."""
    spec = config.getoption("--bufferspec-target")
    if not spec:
        return
    from bufferspec.conformance._core.registry import catalogue
    from bufferspec.conformance._core.target import TargetError, resolve_target
    from bufferspec.conformance._engine.run import (
        DEFAULT_DEADLINE,
        DEFAULT_MAX_EXAMPLES,
        DEFAULT_MEMORY_LIMIT,
        UnknownContractError,
        check_expected_failures,
    )
    from bufferspec.conformance._frontends.cli import parse_size
    from bufferspec.conformance._frontends.expected import load_expected_failures
    from bufferspec.conformance._static.assertions import require_checkers, static_ids

    deadline: float | None = config.getoption("--bufferspec-deadline")
    if deadline is None:
        deadline = DEFAULT_DEADLINE
    if not 0 <= deadline < float("inf"):
        raise pytest.UsageError(f"--bufferspec-deadline: expected a positive number of seconds (0: none), got {deadline}")
    size = config.getoption("--bufferspec-memory-limit")
    try:
        memory_limit = DEFAULT_MEMORY_LIMIT if size is None else parse_size(size)
    except argparse.ArgumentTypeError as exc:
        raise pytest.UsageError(f"--bufferspec-memory-limit: {exc}") from None
    checker: Any = None
    target: Any = None
    try:
        xfail_file = config.getoption("--bufferspec-xfail")
        xfails = load_expected_failures(xfail_file) if xfail_file else {}
        check_expected_failures(xfails, "--bufferspec-xfail")
        if config.getoption("--bufferspec-isolate"):
            from bufferspec.conformance._engine.isolate import IsolatedChecker

            checker = IsolatedChecker(spec, deadline=deadline or None, memory_limit=memory_limit or None)
            config.add_cleanup(checker.close)
        else:
            target = resolve_target(spec)
    except (TargetError, UnknownContractError, ValueError) as exc:
        raise pytest.UsageError(str(exc)) from None
    settings = {
        "spec": spec,
        "target": target,
        "checker": checker,
        "xfails": xfails,
        "max_examples": config.getoption("--bufferspec-max-examples") or DEFAULT_MAX_EXAMPLES,
        "seed": config.getoption("--bufferspec-seed"),
        "deadline": deadline or None,
        "strict": config.getoption("--bufferspec-strict"),
        "static_rows": None,
        "static_checkers": (),
    }
    ids = [c.id for c in catalogue()]
    if config.getoption("--bufferspec-static"):
        names = config.getoption("--bufferspec-static-checker")
        settings["static_checkers"] = require_checkers(",".join(names) if names else None,
                                                       "--bufferspec-static-checker")
        ids += list(static_ids(settings["static_checkers"]))
    collector = ContractsCollector.from_parent(session, name="bufferspec", nodeid="bufferspec", settings=settings,
                                               ids=ids)
    # genitems reports the collector like any other, so "collected N items" counts the contracts
    items.extend(session.genitems(collector))
