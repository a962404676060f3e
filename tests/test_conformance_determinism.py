"""A run's examples depend on the contract, the backend and the seed only, never on the caller's modules."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bufferspec.conformance._engine.determinism import local_constants_switchable

_RECORDER = '''
from bufferspec import cpu

SEEN = []


class Recording(cpu.Buffer):
    """The reference, logging every byte string from_bytes is given."""

    __slots__ = ()

    @classmethod
    def from_bytes(cls, bytes_like):
        SEEN.append(bytes(bytes_like).hex())
        return super().from_bytes(bytes_like)
'''

#: A caller's module full of distinctive constants, which Hypothesis would otherwise draw now and then.
_CONSTANTS = "\n".join(f"NAME_{i} = {bytes([i, 255 - i, 7, i]) * 3!r}" for i in range(200))

_SCRIPT = '''
import json, sys
sys.path.insert(0, {folder!r})
if {with_constants}:
    import caller_constants  # a local module of the caller: not the kit's business
import recorder
from bufferspec.conformance import run
report = run(recorder.Recording, select="buffer.from_bytes.roundtrip", seed=0, max_examples=300)
assert report.ok, report.to_table()
print(json.dumps(recorder.SEEN))
'''


def _examples(folder: Path, with_constants: bool) -> list[str]:
    script = _SCRIPT.format(folder=str(folder), with_constants=with_constants)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=folder)
    assert done.returncode == 0, done.stderr
    seen: list[str] = json.loads(done.stdout)
    return seen


@pytest.mark.skipif(not local_constants_switchable(), reason="this Hypothesis draws no constants from local modules")
def test_the_callers_modules_do_not_change_the_examples(tmp_path: Path) -> None:
    (tmp_path / "recorder.py").write_text(textwrap.dedent(_RECORDER))
    (tmp_path / "caller_constants.py").write_text(_CONSTANTS)
    plain = _examples(tmp_path, with_constants=False)
    assert len(plain) >= 25
    assert _examples(tmp_path, with_constants=True) == plain
