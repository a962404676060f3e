"""pytest plugin for the runs of zarr's test suite: outcomes of every test, and a spy on the stores.

Loaded with ``-p conformance.zarr_suite.plugin`` in the suite's own virtual
environment.  It writes one JSON document to the path in
``BUFFERSPEC_ZARR_SUITE_OUT``:

``outcomes``
    test id -> ``passed``, ``failed``, ``error``, ``skipped``, ``xfailed`` or
    ``xpassed``;
``messages``
    test id -> the last line of the failure (failed and error only);
``stored``
    ``module.Class`` of the values zarr's stores received in ``set`` -> how
    many: the proof of which Buffer class carried the chunks;
``mode``
    the run's mode (``BUFFERSPEC_ZARR_SUITE_MODE``).

With ``BUFFERSPEC_ZARR_SUITE_MODE=control`` it imports
:mod:`conformance.zarr_suite.control`, which registers the control classes
with zarr's registry before any test runs (a ``.pth`` hook of the suite's
environment does the same in every child process).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

_outcomes: dict[str, str] = {}
_messages: dict[str, str] = {}
_stored: Counter[str] = Counter()

#: Rank of outcomes: a test's final outcome is the worst of its phases.
_RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 2, "failed": 3, "error": 4}


def _spy(store_class: type) -> None:
    original = store_class.__dict__.get("set")
    if original is None or getattr(original, "_bufferspec_spy", False):
        return

    @functools.wraps(original)
    async def set(self: Any, key: str, value: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A001 - zarr's name
        _stored[f"{type(value).__module__}.{type(value).__qualname__}"] += 1
        return await original(self, key, value, *args, **kwargs)

    set._bufferspec_spy = True  # type: ignore[attr-defined]
    store_class.set = set  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    """Register the control classes (control mode) and put the spy on zarr's stores."""
    if os.environ.get("BUFFERSPEC_ZARR_SUITE_MODE") == "control":
        import conformance.zarr_suite.control  # noqa: F401 - registers the classes

    import zarr.storage

    for name in ("MemoryStore", "LocalStore", "ZipStore", "GpuMemoryStore"):
        store_class = getattr(zarr.storage, name, None)
        if isinstance(store_class, type):
            _spy(store_class)


def _outcome(report: pytest.TestReport) -> str:
    if hasattr(report, "wasxfail"):
        return "xfailed" if report.skipped else "xpassed"
    if report.when != "call" and report.failed:
        return "error"
    return str(report.outcome)


_EXCEPTION_LINE = re.compile(r"^E\s+[A-Za-z_][\w.]*(Error|Exception|Warning|Exit|Interrupt)\b")


def _last_line(report: pytest.TestReport) -> str:
    """The exception line of a failure (``E   ValueError: ...``), else its last ``E`` line."""
    text = report.longreprtext.strip().splitlines()
    errors = [line for line in text if line.startswith("E ")]
    line = next((line for line in errors if _EXCEPTION_LINE.match(line)), errors[-1] if errors else
                (text[-1] if text else ""))
    return " ".join(line.removeprefix("E ").split())[:400]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep the worst outcome of every phase of a test."""
    if report.when == "call" or report.outcome != "passed":
        outcome = _outcome(report)
        previous = _outcomes.get(report.nodeid)
        if previous is None or _RANK[outcome] > _RANK[previous]:
            _outcomes[report.nodeid] = outcome
            if outcome in ("failed", "error"):
                _messages[report.nodeid] = _last_line(report)
    else:
        _outcomes.setdefault(report.nodeid, "passed")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the outcomes and the spy's counts."""
    path = os.environ.get("BUFFERSPEC_ZARR_SUITE_OUT")
    if not path:
        return
    document = {
        "mode": os.environ.get("BUFFERSPEC_ZARR_SUITE_MODE", ""),
        "exit_status": int(exitstatus),
        "outcomes": dict(sorted(_outcomes.items())),
        "messages": dict(sorted(_messages.items())),
        "stored": dict(_stored.most_common()),
    }
    Path(path).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
