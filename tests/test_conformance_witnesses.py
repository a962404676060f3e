"""Every contract has a witness: a committed broken backend it convicts (``python -m conformance.witnesses``)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.witnesses import TABLE, Verdict, _print, catalogue_ids, load, own_reason, render, verify

ROOT = Path(__file__).resolve().parent.parent


def test_the_command_lists_every_contract_with_a_witness_that_convicts_it() -> None:
    done = subprocess.run([sys.executable, "-m", "conformance.witnesses"], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    lines = done.stdout.splitlines()
    ids = catalogue_ids()
    assert [line.split()[0] for line in lines] == ids
    table = load()
    for line in lines:
        contract_id, target = line.split()[:2]
        assert target == table[contract_id]
        assert ":" in target and target.startswith("conformance.backends.")
    assert f"{len(ids)} of {len(ids)} contracts have a witness that convicts them" in done.stderr


def test_a_random_sample_of_pairs_fails_as_listed_through_the_public_cli() -> None:
    table = load()
    seed = random.randrange(2**32)
    pairs = random.Random(seed).sample(sorted(table.items()), 4)
    for contract_id, target in pairs:
        done = subprocess.run([sys.executable, "-m", "bufferspec", "check", target, "--select", contract_id,
                               "--strict"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
        row = next((line for line in done.stdout.splitlines() if line.startswith(contract_id + " ")), "")
        if "SKIP" in row and "Python" in done.stdout:  # buffer.pep688.* before Python 3.12
            continue
        assert done.returncode == 1 and (" FAIL" in row or " WARN" in row), (
            f"sample seed {seed}: {target} --select {contract_id}: exit {done.returncode}\n{done.stdout[-2000:]}")


def test_a_contract_without_a_witness_or_with_one_that_passes_fails_the_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    ids = ["buffer.len.nbytes", "buffer.to_bytes.contents"]
    verdicts = verify({"buffer.len.nbytes": "bufferspec.cpu:buffer_prototype"}, ids, processes=1)
    assert [(v.status, v.target) for v in verdicts] == [("pass", "bufferspec.cpu:buffer_prototype"), ("none", None)]
    assert _print(verdicts) == 2
    out = capsys.readouterr().out
    assert "buffer.to_bytes.contents  -  (no witness)" in out
    assert "(does not convict: PASS" in out


def test_a_witness_that_only_crashes_in_set_up_is_not_the_contracts_own_reason() -> None:
    crash = "raised NotImplementedError: from_bytes is not implemented yet (at from_bytes, line 75)"
    assert not own_reason("buffer.getitem.view", crash)
    assert own_reason("buffer.from_bytes.roundtrip", crash)
    assert own_reason("buffer.getitem.view", "buf[1:3] does not share memory with buf") == 2
    # An exception raised while the member under test runs, wherever the innermost frame is.
    trace = 'File "x.py", line 3, in all_equal\n    ...\nFile "<bufferspec step 4>", line 3, in __eq__\n'
    assert own_reason("ndbuffer.all_equal.incomparable", "raised RuntimeError: boom (at __eq__, line 3)", trace) == 2
    assert own_reason("buffer.setitem.uint8_array", "missing attribute '__setitem__': the Buffer class X ...") == 1
    verdict = Verdict("buffer.getitem.view", "conformance.backends.hostile:FromBytesRaises", "fail", crash)
    assert verdict.convicts and not verdict.own
    assert _print([verdict]) == 1


def test_the_table_is_in_catalogue_order_and_names_only_contracts() -> None:
    assert TABLE.read_text("utf-8") == render(load(), catalogue_ids())
    assert set(load()) == set(catalogue_ids())
