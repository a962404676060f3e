"""mutmut-only shim: the conformance kit's pytest-plugin items, addressable by node id.

The test suite of the mutation run is the kit run through its pytest plugin
(``--bufferspec-target bufferspec.cpu:buffer_prototype --bufferspec-strict``,
see ``[tool.mutmut]`` in pyproject.toml); this folder adds nothing to what is
checked.  It exists because of how mutmut 3 runs tests: it records which test
reaches which function by *node id* and later passes those ids to pytest as
arguments.  The plugin's items hang off the session (``bufferspec::<id>``), and
pytest cannot select such an item from the command line.  So:

* ``contracts.kit`` in this folder collects one placeholder item per contract
  of the catalogue, ``conformance/mutation/kit_suite/contracts.kit::<id>``,
  which pytest can select by argument;
* after the plugin has built its own items (same options, same settings), each
  selected placeholder takes the plugin item of its contract and runs exactly
  that (``ContractItem.runtest``); the plugin's items are deselected.

Two more things make the measurement honest for code the reference runs
while it is imported (the table ``_all_equal._FLOAT_PATHS`` is built by a
function call), which mutmut's model (import once, fork one worker per
mutant) would otherwise never test:

* while mutmut collects which tests reach which function, the reference is
  imported afresh; the mutated functions that run then are recorded in
  ``mutants/bufferspec-import-time-functions.json`` and credited to every
  contract (they shape what every contract sees), not only to the first one;
* a worker testing a mutant of such a function imports the reference afresh
  (the modules in :data:`REFERENCE_MODULES`), so that the mutant takes
  effect; a reference that no longer imports ends the run with exit status 1
  (the mutant is killed: every contract would fail).

Two more make the count honest about *how* a mutant is caught (issue 25):

* every worker starts with the reference's caches empty (module-level
  ``*CACHE*`` dicts, ``functools`` caches), whatever the mutant: no mutant
  survives or dies because of a cache filled before mutmut forked it;
* each placeholder runs its contract itself and appends the outcome of every
  contract that does not PASS to ``mutants/kit-outcomes/<mutant>.jsonl``.  An
  ERROR (the kit could not run the check) does not fail the item, so it never
  counts as a kill: ``python -m conformance.mutation`` reports mutants caught
  only by ERROR in a column of their own, and the contract whose FAIL or WARN
  killed every other mutant.

Without ``--bufferspec-target`` this folder collects nothing.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

#: The reference implementation under mutation (imported afresh where its import-time code is mutated).
REFERENCE_PACKAGE = "bufferspec"
REFERENCE_MODULES = ("cpu", "_cpu_buffer", "_cpu_common", "_cpu_ndarray_tools", "_cpu_ndbuffer", "_cpu_ndbuffer_views",
                     "_cpu_values", "_all_equal")

#: One file per mutant (in ``mutants/``): a JSON line per contract that did not PASS.
OUTCOMES_FOLDER = "kit-outcomes"

#: Written while mutmut collects its stats (in ``mutants/``, the root of the runs): the mutated
#: functions the reference calls while it is imported, e.g. ``bufferspec._all_equal.x__float_paths``.
IMPORT_TIME_FILE = "bufferspec-import-time-functions.json"

_IMPORT_TIME_HITS = pytest.StashKey[frozenset[str]]()


def _mutant_under_test() -> str:
    return os.environ.get("MUTANT_UNDER_TEST", "")


def _mutmut_state() -> Any:
    """mutmut's process state (only under mutmut, which is then installed; imported by name, it is optional)."""
    return importlib.import_module("mutmut.state").state()


def _reimport_reference() -> None:
    """Drop the reference modules and import them again (under the mutant being tested, if any).

    Raises
    ------
    pytest.exit
        With exit status 1 when the reference no longer imports: every contract would fail.
    """
    for name in REFERENCE_MODULES:
        sys.modules.pop(f"{REFERENCE_PACKAGE}.{name}", None)
    try:
        importlib.import_module(f"{REFERENCE_PACKAGE}.cpu")
    except Exception as exc:  # noqa: BLE001 - a mutant may break the import any way
        pytest.exit(f"bufferspec.cpu does not import under {_mutant_under_test() or 'no mutant'}: "
                    f"{type(exc).__name__}: {exc}", returncode=1)


def _clear_reference_caches() -> None:
    """Empty every cache of the reference: module-level ``*CACHE*`` dicts and ``functools`` caches."""
    for name in REFERENCE_MODULES:
        module = sys.modules.get(f"{REFERENCE_PACKAGE}.{name}")
        if module is None:
            continue
        for attribute, value in vars(module).items():
            if isinstance(value, dict) and "CACHE" in attribute.upper():
                value.clear()
            elif callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--bufferspec-target", default=None):
        return
    mutant = _mutant_under_test()
    record = config.rootpath / IMPORT_TIME_FILE
    if mutant == "stats":
        # Import the reference while mutmut records which mutated functions run: those that
        # run now run at import time; they are credited to every contract (KitItem.setup).
        stats = _mutmut_state()._stats
        before = set(stats)
        _reimport_reference()
        hits = frozenset(set(stats) - before)
        config.stash[_IMPORT_TIME_HITS] = hits
        record.write_text(json.dumps(sorted(hits)), encoding="utf-8")
    elif "__mutmut_" in mutant:
        # A forked worker inherits the reference as imported before the fork: its caches, and
        # the results of code that runs at import time.  A mutant of such code only takes
        # effect when the reference is imported again (about a second: mutmut's modules are
        # large); for every other mutant the caches are emptied.
        import_time = record.exists() and mutant.partition("__mutmut_")[0] in json.loads(record.read_text("utf-8"))
        if import_time:
            _reimport_reference()
        else:
            _clear_reference_caches()


def _record(config: pytest.Config, row: dict[str, str]) -> None:
    """Append *row* to the outcome file of the mutant under test (none outside a mutant's run)."""
    mutant = _mutant_under_test()
    if "__mutmut_" not in mutant:
        return
    folder = config.rootpath / OUTCOMES_FOLDER
    folder.mkdir(exist_ok=True)
    with (folder / f"{mutant}.jsonl").open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(row) + "\n")


def pytest_collect_file(file_path: Any, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name == "contracts.kit" and parent.config.getoption("--bufferspec-target", default=None):
        kit: pytest.Collector = KitFile.from_parent(parent, path=file_path)
        return kit
    return None


class KitFile(pytest.File):
    """One placeholder per contract of the catalogue, named by the contract id."""

    def collect(self) -> Iterator[pytest.Item]:
        from bufferspec.conformance._core.registry import catalogue

        for contract in catalogue():
            yield KitItem.from_parent(self, name=contract.id)


class KitItem(pytest.Item):
    """Runs the plugin's item for the contract of the same id."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.delegate: pytest.Item | None = None

    def setup(self) -> None:
        hits = self.config.stash.get(_IMPORT_TIME_HITS, frozenset())
        if hits:
            _mutmut_state()._stats.update(hits)

    def runtest(self) -> None:
        if self.delegate is None:
            raise pytest.UsageError(f"the bufferspec plugin made no item for contract {self.name}")
        from bufferspec.conformance._core.registry import get_contract
        from bufferspec.conformance._core.report import Status
        from bufferspec.conformance._engine.run import check_contract
        from bufferspec.conformance._frontends.testclass import outcome_to_pytest

        settings: dict[str, Any] = self.delegate.settings  # type: ignore[attr-defined]
        result = check_contract(get_contract(self.name), settings["target"], max_examples=settings["max_examples"],
                                seed=settings["seed"], deadline=settings["deadline"])
        if result.status is not Status.PASS:
            _record(self.config, {"contract": self.name, "status": result.status.value, "reason": result.reason[:300]})
        if result.status is Status.ERROR:
            return  # the kit could not run the check: not a kill (reported as an ERROR catch)
        outcome_to_pytest(result, strict=settings["strict"])

    def reportinfo(self) -> tuple[str, int | None, str]:
        return (str(self.path), None, f"bufferspec contract {self.name}")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Hand each selected placeholder the plugin's item of its contract; deselect the plugin's items."""
    from bufferspec.pytest_plugin import ContractItem

    plugin_items = [item for item in items if isinstance(item, ContractItem)]
    if not plugin_items:
        return
    by_id = {item.contract_id: item for item in plugin_items}
    for item in items:
        if isinstance(item, KitItem):
            item.delegate = by_id.get(item.name)
    config.hook.pytest_deselected(items=plugin_items)
    items[:] = [item for item in items if not isinstance(item, ContractItem)]
