"""The held-out corpus :mod:`conformance.backends.heldout_rule_classes`: really broken, and caught by the kit?

Three things per backend:

* its witness passes on the reference classes and raises ``AssertionError`` on
  the backend (so the backend is broken, not an equivalent rewrite);
* the rule it names is quoted verbatim from the protocol docstrings;
* ``bufferspec.conformance.run(<class>)`` reports at least one FAIL on a MUST
  contract (a WARN on a SHOULD contract for the SHOULD-level pickle classes).
  Backends the kit misses today are listed in :data:`KNOWN_MISSES`; their test
  is a strict xfail, so when the kit learns to catch one the entry must go.

The kit runs in one child process for the whole corpus.  Hypothesis draws some
examples from the constants of the local modules that are loaded (its "local
constants"), so in-process the examples, and so the verdicts, would depend on
which other test modules the session happened to import; the child process
always loads the same modules.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bufferspec import cpu, protocols
from conformance.backends.heldout_rule_classes import RULE_CLASS_BACKENDS, RULE_CLASSES, RuleClassWitness

ROOT = Path(__file__).resolve().parent.parent

#: Backends the kit does not catch today (class name -> what the kit would have to try).
#: The first blind run (kit of commit 6a89b62) missed 11 of the 37 MUST backends; each miss became a case
#: of the contract named in the closing note of issue 13, so none is left.  A new miss goes here, with
#: what the kit would have to try, until the kit catches it (the xfail is strict).
KNOWN_MISSES: dict[str, str] = {}

# The kit over the whole corpus, in a fresh interpreter: {class name: [[id, level, status, reason], ...]}
# for every row that is neither PASS nor SKIP.
_DRIVER = """
import json, sys
sys.path.insert(0, sys.argv[1])
from bufferspec.conformance import Status, run
from conformance.backends.heldout_rule_classes import RULE_CLASS_BACKENDS
rows = {}
for cls in RULE_CLASS_BACKENDS:
    report = run(cls)
    rows[cls.__name__] = [[r.id, r.level, r.status.name, r.reason] for r in report.results
                          if r.status not in (Status.PASS, Status.SKIP)]
print(json.dumps(rows))
"""


def _namespace(cls: type | None) -> dict[str, Any]:
    """``Buffer``/``NDBuffer`` bound to *cls* where it is one of them, else to the reference."""
    buffer = cls if cls is not None and issubclass(cls, cpu.Buffer) else cpu.Buffer
    nd_buffer = cls if cls is not None and issubclass(cls, cpu.NDBuffer) else cpu.NDBuffer
    return {"Buffer": buffer, "NDBuffer": nd_buffer, "np": np}


def _run_witness(cls: type | None, witness: RuleClassWitness, name: str) -> None:
    code = compile(textwrap.dedent(witness.witness), f"<witness of {name}>", "exec")
    exec(code, _namespace(cls))


def _names(classes: Any) -> list[str]:
    return [cls.__name__ for cls in classes]


def _normalised(text: str | None) -> str:
    return " ".join((text or "").split())


def _spec_text(member: str) -> str:
    """The docstring a witness quotes: ``protocols`` (module), ``Protocol`` or ``Protocol.member``."""
    if member == "protocols":
        return _normalised(protocols.__doc__)
    owner, _, attribute = member.partition(".")
    obj: Any = getattr(protocols, owner)
    if attribute:
        obj = getattr(obj, attribute)
    return _normalised(obj.__doc__)


# -- the corpus itself ---------------------------------------------------------------------------


def test_reference_passes_every_witness() -> None:
    for cls, witness in RULE_CLASS_BACKENDS.items():
        _run_witness(None, witness, cls.__name__)


@pytest.mark.parametrize("cls", list(RULE_CLASS_BACKENDS), ids=_names(RULE_CLASS_BACKENDS))
def test_witness_fails_on_the_backend(cls: type) -> None:
    with pytest.raises(AssertionError):
        _run_witness(cls, RULE_CLASS_BACKENDS[cls], cls.__name__)


@pytest.mark.parametrize("cls", list(RULE_CLASS_BACKENDS), ids=_names(RULE_CLASS_BACKENDS))
def test_rule_is_quoted_from_the_spec(cls: type) -> None:
    witness = RULE_CLASS_BACKENDS[cls]
    text = _spec_text(witness.member)
    position = 0
    for piece in witness.rule.split(" […] "):
        found = text.find(_normalised(piece), position)
        assert found >= 0, f"{cls.__name__}: {piece!r} is not in the docstring of {witness.member}"
        position = found + len(piece)
    assert re.search(rf"\b{witness.level}\b", witness.rule), f"{cls.__name__}: the quote lacks {witness.level}"


def test_the_corpus_covers_every_rule_class() -> None:
    must = [cls for cls, w in RULE_CLASS_BACKENDS.items() if w.level == "MUST"]
    assert len(must) >= 25
    for rule_class in RULE_CLASSES:
        assert sum(w.rule_class == rule_class for w in RULE_CLASS_BACKENDS.values()) >= 2, rule_class
    for cls, witness in RULE_CLASS_BACKENDS.items():
        assert witness.rule_class in RULE_CLASSES
        assert witness.level in ("MUST", "SHOULD")
        assert (witness.level == "SHOULD") == (witness.rule_class == "pickle"), cls.__name__
        assert issubclass(cls, (cpu.Buffer, cpu.NDBuffer)), cls.__name__
        doc = (cls.__doc__ or "").strip()
        assert doc and "\n" not in doc, f"{cls.__name__}: the docstring says the bug in one line"
    names = set(_names(RULE_CLASS_BACKENDS))
    assert set(KNOWN_MISSES) <= names, set(KNOWN_MISSES) - names


# -- the kit on the corpus -------------------------------------------------------------------


@pytest.fixture(scope="module")
def kit_rows() -> dict[str, list[list[str]]]:
    completed = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(ROOT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    rows: dict[str, list[list[str]]] = json.loads(completed.stdout)
    return rows


def _kit_param(cls: type) -> Any:
    reason = KNOWN_MISSES.get(cls.__name__)
    marks = [pytest.mark.xfail(strict=True, reason=f"the kit misses it; it would have to try: {reason}")]
    if reason is None:
        marks = []
    return pytest.param(cls, id=cls.__name__, marks=marks)


@pytest.mark.parametrize("cls", [_kit_param(cls) for cls in RULE_CLASS_BACKENDS])
def test_the_kit_catches_the_backend(cls: type, kit_rows: dict[str, list[list[str]]]) -> None:
    witness = RULE_CLASS_BACKENDS[cls]
    rows = kit_rows[cls.__name__]
    if witness.level == "MUST":
        caught = [row for row in rows if row[1] == "MUST" and row[2] == "FAIL"]
    else:
        caught = [row for row in rows if row[1] == "SHOULD" and row[2] in ("WARN", "FAIL")]
    assert caught, (
        f"no {witness.level} contract failed on {cls.__name__} ({witness.member}: {witness.rule}); other rows: {rows}"
    )
