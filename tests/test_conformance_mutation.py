"""The kit still kills a fixed sample of the mutants a mutmut run killed (conformance/mutation/sample.toml).

Each sampled mutant is a one-line patch of the reference implementation:
it is applied to a copy of the ``bufferspec`` package, first on ``sys.path``
of a fresh interpreter, and the contract recorded as its killer must FAIL
there (strict).  The unpatched copy must pass the same contracts, so the
test can fail.  Needs neither mutmut nor ``mutants/``
(``python -m conformance.mutation`` is the full run).
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conformance.mutation import SAMPLE, Patch, apply_patch, check_contracts, copy_package, load_sample

SAMPLE_PATCHES = load_sample()


def test_the_sample_is_varied() -> None:
    assert len(SAMPLE_PATCHES) >= 8
    modules = Counter(patch.file for patch in SAMPLE_PATCHES)
    assert len(modules) >= 5, modules
    assert len({patch.contract for patch in SAMPLE_PATCHES}) >= len(SAMPLE_PATCHES) - 2
    for patch in SAMPLE_PATCHES:
        assert patch.original != patch.mutated, patch.mutant


def _patched_statuses(tmp_path: Path, patch: Patch) -> str:
    root = tmp_path / patch.mutant.rsplit(".", 1)[1].replace("ǁ", "_")
    root.mkdir()
    apply_patch(copy_package(root), patch)
    return check_contracts(root, [patch.contract])[patch.contract]


def test_each_sampled_mutant_is_killed_and_the_reference_passes(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    copy_package(clean)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = pool.submit(check_contracts, clean, sorted({p.contract for p in SAMPLE_PATCHES}))
        killed = dict(zip((p.mutant for p in SAMPLE_PATCHES),
                          pool.map(lambda patch: _patched_statuses(tmp_path, patch), SAMPLE_PATCHES), strict=True))
        passed = reference.result()
    assert passed == dict.fromkeys(passed, "PASS"), "the unpatched reference fails a sampled contract"
    survivors = {mutant: status for mutant, status in killed.items() if status != "FAIL"}
    assert not survivors, f"sampled mutants of {SAMPLE.name} no longer killed by their contract: {survivors}"


def test_a_patch_whose_line_is_gone_says_to_resample(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    patch = Patch(mutant="m", file="_cpu_common.py", line=1, original="no such line", mutated="x", contract="c")
    with pytest.raises(ValueError, match="re-pick the sample"):
        apply_patch(package, patch)
