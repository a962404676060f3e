"""How each mutant of a mutmut run was caught, and whether each survivor is mechanically equivalent.

Used by ``python -m conformance.mutation run`` after mutmut has tested every
mutant (see :mod:`conformance.mutation`):

* a **killed** mutant is credited to the contract whose verdict killed it,
  read from ``mutants/kit-outcomes/<mutant>.jsonl`` (written by the
  ``kit_suite`` shim): ``assertion`` when an assertion of the check failed,
  ``exception`` when the reference raised where it had to succeed (the
  contract's FAIL, issue 25), ``timeout`` when the check ran past its deadline;
* a mutant mutmut saw **survive** but whose outcomes include an ERROR was
  caught only because the kit could not run a check: ``error``;
* every other survivor runs :mod:`conformance.mutation_battery` in a fresh
  process (no state inherited from another mutant), and so does the unmutated
  reference, in the same ``mutants/`` tree.  Equal observations on both
  channels: ``equivalent``.  Equal on the ``spec`` channel only: ``wording``
  (an error message's wording or a warning, which the specification leaves
  open).  Otherwise ``differs``, with the first differing observation: a kit
  miss or an ``unspecified`` behaviour, which ``survivors.toml`` must say.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

__all__ = ["OUTCOMES", "battery_verdict", "caught_by", "judge_survivors", "run_battery"]

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
OUTCOMES = MUTANTS / "kit-outcomes"
#: Seconds a battery run may take before the mutant counts as differing (it hangs).
BATTERY_TIMEOUT = 180

_EXCEPTION = re.compile(r"^raised [\w.]+: ")


def _outcomes(name: str) -> list[dict[str, str]]:
    path = OUTCOMES / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def caught_by(name: str, mutmut_status: str) -> dict[str, str]:
    """How the kit caught mutant *name*: ``{"how": ..., "contract": ..., "reason": ...}``.

    *how* is ``assertion``, ``exception``, ``timeout`` (a contract's verdict),
    ``import`` (killed before any contract ran: the reference does not import),
    ``error`` (only an ERROR), or ``survived``.
    """
    rows = _outcomes(name)
    if mutmut_status == "killed":
        for row in rows:
            if row["status"] in ("fail", "warn"):
                reason = row["reason"]
                how = ("timeout" if reason.startswith("timed out after")
                       else "exception" if _EXCEPTION.match(reason) else "assertion")
                return {"how": how, "contract": row["contract"], "reason": reason[:200]}
        return {"how": "import", "contract": "", "reason": "killed before any contract reported (no kit outcome)"}
    errors = [row for row in rows if row["status"] == "error"]
    if errors:
        return {"how": "error", "contract": errors[0]["contract"], "reason": errors[0]["reason"][:200]}
    return {"how": "survived", "contract": "", "reason": ""}


def run_battery(mutant: str, out: Path) -> str | None:
    """Run the battery on *mutant* ("" for the unmutated reference) in a fresh process; None or why it failed."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "MUTANT_UNDER_TEST")}
    env["PYTHONPATH"] = str(MUTANTS / "src")
    env["MUTANT_UNDER_TEST"] = mutant
    try:
        done = subprocess.run([sys.executable, "-m", "conformance.mutation_battery", str(out)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=BATTERY_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return f"the battery timed out after {BATTERY_TIMEOUT} s"
    if done.returncode != 0:
        return f"the battery crashed (exit status {done.returncode}): {done.stderr.strip()[-300:]}"
    return None


def battery_verdict(reference: dict[str, list[str]], mutant: dict[str, list[str]]) -> dict[str, str]:
    """``equivalent``, ``wording`` or ``differs`` (with the first differing observation of each side)."""
    if mutant["spec"] == reference["spec"]:
        return {"battery": "equivalent" if mutant["strict"] == reference["strict"] else "wording"}
    for index, (ours, theirs) in enumerate(zip(reference["spec"], mutant["spec"], strict=False)):
        if ours != theirs:
            return {"battery": "differs", "observation": str(index), "reference": ours[:300], "mutant": theirs[:300]}
    shorter = min(len(reference["spec"]), len(mutant["spec"]))
    return {"battery": "differs", "observation": str(shorter),
            "reference": f"{len(reference['spec'])} observations", "mutant": f"{len(mutant['spec'])} observations"}


def judge_survivors(names: list[str], *, workers: int = 2) -> dict[str, dict[str, str]]:
    """The battery's verdict on each survivor in *names* (needs the ``mutants/`` of the run)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        failed = run_battery("", folder / "reference.json")
        if failed is not None:
            raise RuntimeError(f"the battery does not run on the unmutated reference: {failed}")
        reference = json.loads((folder / "reference.json").read_text("utf-8"))

        def one(name: str) -> tuple[str, dict[str, str]]:
            out = folder / f"{abs(hash(name))}.json"
            problem = run_battery(name, out)
            if problem is not None:
                return name, {"battery": "differs", "observation": "-", "reference": "runs", "mutant": problem}
            verdict = battery_verdict(reference, json.loads(out.read_text("utf-8")))
            out.unlink()
            return name, verdict

        with ThreadPoolExecutor(max_workers=workers) as pool:
            found = dict(pool.map(one, names))
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m conformance.mutation_judge NAME...``: the battery's verdict on these mutants of ``mutants/``."""
    names = sys.argv[1:] if argv is None else argv
    for name, verdict in judge_survivors(names).items():
        print(name, json.dumps(verdict, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
