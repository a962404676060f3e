"""pytest plugin: ``pytest --bufferspec-target module:attr`` checks a backend, one item per contract.

``--bufferspec-deadline SECONDS`` bounds each contract, ``--bufferspec-isolate``
runs them in a worker process that may crash (``--bufferspec-memory-limit``).

Registered under the ``pytest11`` entry point.  Without ``--bufferspec-target``
it adds its options and nothing else: the kit is imported only when asked for.
"""

from __future__ import annotations

import argparse
from typing import Any

import pytest

__all__ = ["ContractItem"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bufferspec", "bufferspec conformance kit")
    group.addoption("--bufferspec-target", metavar="MODULE:ATTR", default=None,
                    help="check this BufferPrototype / buffer class against every contract")
    group.addoption("--bufferspec-xfail", metavar="FILE", default=None,
                    help="TOML file with an [expected_failures] table (id = reason)")
    group.addoption("--bufferspec-max-examples", metavar="N", type=int, default=None,
                    help="Hypothesis examples per property contract")
    group.addoption("--bufferspec-seed", metavar="N", type=int, default=None,
                    help="make the kit deterministic")
    group.addoption("--bufferspec-deadline", metavar="SECONDS", type=float, default=None,
                    help="time limit per contract (default 60, 0: none); a contract still running FAILs as timed out")
    group.addoption("--bufferspec-isolate", action="store_true", default=False,
                    help="run the contracts in a worker process that may crash (the target must import by name)")
    group.addoption("--bufferspec-memory-limit", metavar="SIZE", default=None,
                    help="with --bufferspec-isolate: memory the worker may add to its start-up size "
                         "(bytes or K/M/G suffix; default 4G, 0: no limit)")


class ContractItem(pytest.Item):
    """One contract checked against the target given on the command line."""

    def __init__(self, *, contract_id: str, settings: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.contract_id = contract_id
        self.settings = settings

    def runtest(self) -> None:
        from bufferspec.conformance._contract import get_contract
        from bufferspec.conformance._runner import check_contract
        from bufferspec.conformance._testclass import outcome_to_pytest

        options = {
            "xfail_reason": self.settings["xfails"].get(self.contract_id),
            "max_examples": self.settings["max_examples"],
            "seed": self.settings["seed"],
            "deadline": self.settings["deadline"],
        }
        checker = self.settings["checker"]
        if checker is not None:
            result = checker.check(get_contract(self.contract_id), **options)
        else:
            result = check_contract(get_contract(self.contract_id), self.settings["target"], **options)
        outcome_to_pytest(result)

    def reportinfo(self) -> tuple[str, int | None, str]:
        return ("bufferspec", None, f"bufferspec contract {self.contract_id}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    spec = config.getoption("--bufferspec-target")
    if not spec:
        return
    from bufferspec.conformance._cli import load_expected_failures, parse_size
    from bufferspec.conformance._contract import catalogue
    from bufferspec.conformance._runner import (
        DEFAULT_DEADLINE,
        DEFAULT_MAX_EXAMPLES,
        DEFAULT_MEMORY_LIMIT,
        UnknownContractError,
    )
    from bufferspec.conformance._target import TargetError, resolve_target

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
        if config.getoption("--bufferspec-isolate"):
            from bufferspec.conformance._isolate import IsolatedChecker

            checker = IsolatedChecker(spec, deadline=deadline or None, memory_limit=memory_limit or None)
            config.add_cleanup(checker.close)
        else:
            target = resolve_target(spec)
        xfail_file = config.getoption("--bufferspec-xfail")
        xfails = load_expected_failures(xfail_file) if xfail_file else {}
    except (TargetError, ValueError) as exc:
        raise pytest.UsageError(str(exc)) from None
    ids = [c.id for c in catalogue()]
    unknown = sorted(set(xfails) - set(ids))
    if unknown:
        raise pytest.UsageError(str(UnknownContractError(f"--bufferspec-xfail: unknown contract ids {unknown}")))
    settings = {
        "target": target,
        "checker": checker,
        "xfails": xfails,
        "max_examples": config.getoption("--bufferspec-max-examples") or DEFAULT_MAX_EXAMPLES,
        "seed": config.getoption("--bufferspec-seed"),
        "deadline": deadline or None,
    }
    for contract_id in ids:
        items.append(ContractItem.from_parent(session, name=f"bufferspec[{contract_id}]",
                                              contract_id=contract_id, settings=settings))
