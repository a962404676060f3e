"""conformance/snapshot.py: the kit's verdicts on the committed backends, snapshotted and compared."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.snapshot import REFERENCE, compare, normalise, targets, write

BROKEN = "conformance.backends.broken:SliceOffByOne"


def test_targets_are_the_reference_and_every_committed_backend() -> None:
    found = targets()
    assert found[0] == REFERENCE and BROKEN in found
    assert "conformance.backends.heldout_input_kinds:FromBytesAcceptsFortran" in found
    assert not any(name.endswith(":ToBytesSegfaults") for name in found)  # needs isolate
    assert len(found) > 200


def test_two_snapshots_of_the_same_tree_agree_and_a_changed_row_is_listed(tmp_path: Path) -> None:
    write(tmp_path / "a", processes=1, only=[REFERENCE, BROKEN])
    write(tmp_path / "b", processes=1, only=[REFERENCE, BROKEN])
    assert compare(tmp_path / "a", tmp_path / "b") == []
    path = tmp_path / "b" / (BROKEN.replace(":", "__") + ".json")
    data = json.loads(path.read_text(encoding="utf-8"))
    failing = next(key for key, row in data["results"].items() if row["status"] == "fail")
    data["results"][failing]["status"] = "pass"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert compare(tmp_path / "a", tmp_path / "b") == [f"{path.name}: {failing} status: 'fail' -> 'pass'"]


def test_a_renamed_backend_module_compares_under_its_new_name(tmp_path: Path) -> None:
    write(tmp_path / "a", processes=1, only=[BROKEN])
    (tmp_path / "b").mkdir()
    old = tmp_path / "a" / (BROKEN.replace(":", "__") + ".json")
    renamed = old.read_text(encoding="utf-8").replace("backends.broken", "backends.broken_renamed")
    (tmp_path / "b" / old.name.replace("backends.broken", "backends.broken_renamed")).write_text(renamed)
    assert compare(tmp_path / "a", tmp_path / "b") != []
    rename = {"conformance.backends.broken": "conformance.backends.broken_renamed"}
    assert compare(tmp_path / "a", tmp_path / "b", rename) == []


def test_normalise_drops_what_a_refactor_may_change() -> None:
    text = ('Traceback (most recent call last):\n'
            '  File "/x/src/bufferspec/conformance/_engine/execute.py", line 12, in run\n    test()\n'
            '  File "<bufferspec step 77>", line 1, in <module>\n    buf[0] = 1\n            ^^^^\n'
            '  File "src/bufferspec/_cpu_buffer.py", line 343, in __setitem__\n'
            'ValueError: <object at 0x7f59676dabd0> (at __setitem__, line 343)')
    assert normalise(text) == ('Traceback (most recent call last):\n  File "<kit>"\n'
                               '  File "<bufferspec step>", line N, in <module>\n    buf[0] = 1\n'
                               '  File "src/bufferspec/_cpu_buffer.py", line N, in __setitem__\n'
                               'ValueError: <object at 0x?> (at __setitem__, line N)')
