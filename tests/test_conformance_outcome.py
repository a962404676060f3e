"""ERROR is the kit's failure only: an exception from the backend's code is the backend's FAIL or WARN.

Mirrors ``bufferspec.conformance._engine.outcome``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bufferspec.conformance import Status, resolve_target, run
from bufferspec.conformance._core.registry import catalogue
from bufferspec.conformance._engine.outcome import classify

_ITEM = next(item for item in catalogue() if item.id == "ndbuffer.all_equal.incomparable")
_TARGET = resolve_target("bufferspec.cpu:buffer_prototype")


def _compiled(source: str, filename: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"np": np}
    exec(compile(textwrap.dedent(source), filename, "exec"), namespace)  # noqa: S102 - test fixture code
    return namespace


# Calls *function* from code without a source file, as the kit's engine would (this test file's
# own frames would otherwise count as the backend's).
_raised = _compiled("""
def raised(function, *args):
    try:
        function(*args)
    except Exception as exc:
        return exc
    raise AssertionError("expected an exception")
""", "<caller>")["raised"]


def test_an_exception_raised_below_the_backends_code_is_its_failure(tmp_path: Path) -> None:
    # A "backend" file that calls NumPy, which raises: a frame of the backend lies below the call.
    backend_file = tmp_path / "some_backend.py"
    backend = _compiled("def member(a):\n    return np.broadcast_to(a, (5,))\n", str(backend_file))
    outcome = classify(_raised(backend["member"], np.zeros(3)), _ITEM, _TARGET, None)
    assert outcome.status is Status.FAIL
    assert outcome.reason.startswith("raised ValueError:")
    assert "some_backend.py" in outcome.traceback


def test_an_exception_without_a_backend_frame_is_an_error() -> None:
    # The same NumPy call made by code that is nobody's (no source file): the kit cannot blame the backend.
    kit_like = _compiled("def helper(a):\n    return np.broadcast_to(a, (5,))\n", "<generated>")
    outcome = classify(_raised(kit_like["helper"], np.zeros(3)), _ITEM, _TARGET, None)
    assert outcome.status is Status.ERROR
    # ... and so is an exception the standard library raises on its own.
    assert classify(_raised(int, "x"), _ITEM, _TARGET, None).status is Status.ERROR


def test_a_backend_exception_caught_inside_a_kit_helper_is_the_contracts_failure() -> None:
    # The element's __eq__ is the kit's (a step defines it) and raises RuntimeError; the backend's
    # all_equal lets it escape.  Before issue 25 the kit called this ERROR (its own frame raised).
    witness = "conformance.backends.witnesses_ndbuffer_values:AllEqualCatchesFewErrors"
    result = run(witness, select="ndbuffer.all_equal.incomparable", seed=0).by_id("ndbuffer.all_equal.incomparable")
    assert result.status is Status.FAIL, result.reason
    assert result.reason.startswith("raised RuntimeError: comparison failed")
    assert "witnesses_ndbuffer_values.py" in result.traceback


@pytest.mark.parametrize("contract_id", ["buffer.combine.concatenation", "buffer.getitem.rejects_bad_bounds"])
def test_a_set_up_step_that_raises_in_the_backend_fails_the_contract(contract_id: str) -> None:
    result = run("conformance.backends.hostile:FromBytesRaises", select=contract_id, seed=0).by_id(contract_id)
    assert result.status is Status.FAIL
    assert result.reason.startswith("raised NotImplementedError: from_bytes is not implemented yet")
