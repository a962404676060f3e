"""``isolate=True``: run the contracts in a worker process that may crash.

One worker runs the contracts in sequence.  When a backend kills it (a
segfault, an abort, the out-of-memory killer, ``os._exit``) or hangs in C
code past the deadline, that contract gets a row saying so and the next one
starts a fresh worker.  The worker loads the target itself, by name: a
``"module:attr"`` string, or an object that pickles by reference.

Protocol: length-prefixed pickles.  The parent writes requests to the
worker's stdin; the worker answers on its original stdout and sends
everything else it (or the backend) prints to stderr, which goes to a
temporary file whose tail explains a crash (``faulthandler`` writes the
Python traceback of a fatal signal there).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Iterable
from types import TracebackType
from typing import IO, Any

from bufferspec.conformance._core.model import Contract, Level
from bufferspec.conformance._core.report import Result, Status
from bufferspec.conformance._core.target import TargetError
from bufferspec.conformance._engine.outcome import is_plumbing, safe_str, short_path

__all__ = ["IsolatedChecker", "check_memory_limit", "worker_main"]

_HEADER = struct.Struct("!Q")
_STARTUP_SECONDS = 60.0  # importing NumPy, Hypothesis and the target in a fresh interpreter
_STDERR_TAIL = 4000
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_WORKER = "from bufferspec.conformance._engine.isolate import worker_main; worker_main()"


def check_memory_limit(limit: object) -> int | None:
    """Validate a memory limit: ``None`` (no limit) or a positive number of bytes.

    Raises
    ------
    TypeError
        If *limit* is neither None nor an integer.
    ValueError
        If *limit* is not positive.
    """
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"memory_limit: expected a number of bytes (int) or None, got {limit!r}")
    if limit < 1:
        raise ValueError(f"memory_limit: expected a positive number of bytes (or None for no limit), got {limit!r}")
    return limit


def _write(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    """The next message, or None at end of file."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class _Worker:
    """One worker process, its answers (read by a thread) and its stderr file."""

    def __init__(self, stderr_path: str) -> None:
        self.stderr_path = stderr_path
        # The worker imports bufferspec before it gets the parent's sys.path: make this copy importable.
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            part for part in (_PACKAGE_ROOT, environment.get("PYTHONPATH", "")) if part
        )
        with open(stderr_path, "ab") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=environment,
            )
        self.answers: queue.Queue[Any] = queue.Queue()
        self.pump = threading.Thread(target=self._pump, name="bufferspec-worker-reader", daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        try:
            while (message := _read(self.process.stdout)) is not None:
                self.answers.put(message)
        except Exception as exc:  # noqa: BLE001 - a garbled answer ends the worker like a crash
            self.answers.put(("garbled", f"{type(exc).__name__}: {safe_str(exc, 200)}"))
        self.answers.put(None)

    def send(self, message: object) -> bool:
        assert self.process.stdin is not None
        try:
            _write(self.process.stdin, message)
        except OSError:  # it died before reading
            return False
        return True

    def receive(self, timeout: float | None) -> Any:
        """The next answer; None when the worker died; raises ``queue.Empty`` on timeout."""
        return self.answers.get(timeout=timeout)

    def stderr_size(self) -> int:
        try:
            return os.path.getsize(self.stderr_path)
        except OSError:
            return 0

    def stderr_since(self, offset: int) -> str:
        """What the worker wrote to stderr since *offset* (its tail), without faulthandler's module list."""
        try:
            with open(self.stderr_path, "rb") as stream:
                stream.seek(max(offset, self.stderr_size() - _STDERR_TAIL))
                text = stream.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return _tidy(text)

    def death(self) -> str:
        """Why the worker is gone: "crashed: signal 11 (SIGSEGV)", "exited with status 3", ..."""
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
            return "stopped answering"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = "unknown signal"
            killed = " (killed: out of memory?)" if -code == getattr(signal, "SIGKILL", None) else ""
            return f"crashed: signal {-code} ({name}){killed}"
        return f"the worker exited with status {code}"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def close(self) -> None:
        """End the worker (politely: end of requests, then killed after 5 s) and release its pipes."""
        self._close_stdin()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        self.pump.join(timeout=5)  # it has seen the end of the answers
        if self.process.stdout is not None and not self.pump.is_alive():
            self.process.stdout.close()

    def _close_stdin(self) -> None:
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()  # end of requests: the worker exits
            except OSError:  # it died with requests unread
                pass


def _tidy(text: str) -> str:
    """faulthandler's dumps in Python's order (most recent call last), without the kit's frames."""
    lines: list[str] = []
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("  File "):
            path = line.split('"')[1] if line.count('"') >= 2 else ""
            if not is_plumbing(path):
                block.append(line.replace(f'"{path}"', f'"{short_path(path)}"', 1) if path else line)
            continue
        if block:
            lines.extend(reversed(block))
            block = []
        if not line.startswith("Extension modules:"):
            lines.append(line.replace("(most recent call first)", "(most recent call last)"))
    return "\n".join(lines).rstrip() + "\n" if text.strip() else ""


def _cleanup(holder: list[_Worker], stderr_path: str) -> None:
    for worker in holder:
        worker.close()
    holder.clear()
    for path in (stderr_path, _journal_path(stderr_path)):
        try:
            os.unlink(path)
        except OSError:
            pass


def _journal_path(stderr_path: str) -> str:
    """Where the worker writes the reproducer of the running check before each step (read after a crash)."""
    return stderr_path + ".journal"


class IsolatedChecker:
    """Check contracts of one target in a worker process, restarting it after a crash.

    Raises
    ------
    TargetError
        When created, if the worker cannot load the target (it does not
        import, is not a prototype or buffer class, does not pickle by
        reference, or crashes the worker while loading).
    """

    def __init__(
        self,
        target: object,
        *,
        capabilities: Iterable[str] | None = None,
        memory_limit: int | None,
        deadline: float | None,
    ) -> None:
        if isinstance(target, str):
            payload: object = target
        else:
            try:
                payload = pickle.dumps(target)
            except Exception as exc:  # noqa: BLE001 - any pickling problem means "not importable by name"
                raise TargetError(
                    "target: isolate needs a target the worker can import by name ('module:attr', or a "
                    f"module-level class or prototype); {safe_str(target, 200)} does not pickle: "
                    f"{type(exc).__name__}: {safe_str(exc, 200)}"
                ) from None
        descriptor, self._stderr_path = tempfile.mkstemp(prefix="bufferspec-worker-", suffix=".log")
        os.close(descriptor)
        self._init = {
            "sys_path": list(sys.path),
            "target": payload,
            "capabilities": None if capabilities is None else list(capabilities),
            "memory_limit": memory_limit,
            "journal": _journal_path(self._stderr_path),
        }
        self._startup = None if deadline is None else deadline + _STARTUP_SECONDS
        self._workers: list[_Worker] = []
        self._finalizer = weakref.finalize(self, _cleanup, self._workers, self._stderr_path)
        self.name = ""
        self.restarts = 0
        try:
            self.name = self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> str:
        """Start a worker, load the target in it; return the target's name."""
        worker = _Worker(self._stderr_path)
        self._workers[:] = [worker]
        try:
            answer = worker.receive(self._startup) if worker.send(("init", self._init)) else None
        except queue.Empty:
            answer = ("timeout", f"timed out after {self._startup:g} s")
        if isinstance(answer, tuple) and answer[0] == "ready":
            return str(answer[1])
        self._workers.clear()
        if isinstance(answer, tuple) and answer[0] == "target_error":
            worker.close()
            raise TargetError(str(answer[1]))
        if answer is None:
            problem = worker.death()
        elif isinstance(answer, tuple) and answer[0] == "timeout":
            problem = str(answer[1])
        else:
            problem = f"garbled answer {safe_str(answer, 200)}"
        worker.kill()
        worker.close()
        raise TargetError(f"target: loading it in the worker failed: {problem}")

    def check(
        self, item: Contract, *, xfail_reason: str | None, max_examples: int, seed: int | None,
        deadline: float | None,
    ) -> Result:
        """Check one contract in the worker (restarting it first if the last one died)."""
        if not self._workers:
            try:
                self._start()
            except TargetError as exc:
                return self._verdict(item, xfail_reason, Status.ERROR, f"could not restart the worker: {exc}", "")
            self.restarts += 1
        worker = self._workers[0]
        offset = worker.stderr_size()
        with contextlib.suppress(OSError):
            os.unlink(_journal_path(self._stderr_path))
        request = ("check", item.id, xfail_reason, max_examples, seed, deadline)
        try:
            answer = worker.receive(None if deadline is None else deadline + _grace(deadline)) \
                if worker.send(request) else None
        except queue.Empty:
            worker.kill()
            worker.close()
            self._workers.clear()
            return self._verdict(item, xfail_reason, Status.FAIL,
                                 f"timed out after {deadline:g} s (stuck outside the interpreter; the worker was "
                                 "killed)", worker.stderr_since(offset), self._journal())
        if isinstance(answer, tuple) and answer[0] == "result" and isinstance(answer[1], Result):
            return answer[1]
        self._workers.clear()
        if answer is None:  # end of its answers: it died
            death = worker.death()
        else:
            worker.kill()
            death = f"the worker's answer was garbled ({safe_str(answer, 300)})"
        worker.close()
        output = worker.stderr_since(offset)
        if "MemoryError" in output or "out of memory" in output.lower():
            death = f"ran out of memory ({death})"
        return self._verdict(item, xfail_reason, Status.ERROR, death, output, self._journal())

    def static_rows(self, checkers: tuple[str, ...], *, timeout: float | None) -> list[Result]:
        """The static rows (``static.<checker>.*``) of the target as the worker resolved it.

        The parent never imports the target; the type checkers run from the
        worker.  A worker that dies or hangs here gives one ERROR row.
        """
        if not self._workers:
            try:
                self._start()
            except TargetError as exc:
                return [Result("static.worker", Status.ERROR, f"could not restart the worker: {exc}")]
        worker = self._workers[0]
        from bufferspec.conformance._static.checkers import DEFAULT_STATIC_TIMEOUT

        wait = (DEFAULT_STATIC_TIMEOUT if timeout is None else timeout) * max(1, len(checkers)) + _STARTUP_SECONDS
        try:
            answer = worker.receive(wait) if worker.send(("static", checkers, timeout)) else None
        except queue.Empty:
            answer = None
        if isinstance(answer, tuple) and answer[0] == "static" and isinstance(answer[1], list):
            return answer[1]
        self._workers.clear()
        worker.kill()
        worker.close()
        return [Result("static.worker", Status.ERROR, "the worker died or stopped answering while the type checkers ran")]

    def _journal(self) -> str:
        """The reproducer the worker wrote before the step that killed it or hung ("" if none)."""
        try:
            with open(_journal_path(self._stderr_path), encoding="utf-8") as journal:
                return journal.read()
        except OSError:
            return ""

    @staticmethod
    def _verdict(item: Contract, xfail_reason: str | None, status: Status, reason: str, output: str,
                 reproducer: str = "") -> Result:
        if xfail_reason is not None:
            detail = reason if status is Status.FAIL else f"error: {reason}"
            return Result(item.id, Status.XFAIL, xfail_reason, level=item.level.value, detail=detail,
                          traceback=output, reproducer=reproducer)
        if status is Status.FAIL and item.level is Level.SHOULD:
            status = Status.WARN
        return Result(item.id, status, reason, level=item.level.value, traceback=output, reproducer=reproducer)

    def close(self) -> None:
        """Stop the worker and remove its stderr file."""
        self._finalizer()

    def __enter__(self) -> IsolatedChecker:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _grace(deadline: float) -> float:
    """How long past the deadline the parent waits for the worker's own interruption to answer."""
    return max(1.0, min(deadline, 5.0))


# -- the worker side ---------------------------------------------------------------------------


def _limit_memory(extra: int) -> None:
    """Cap the address space at its current size plus *extra* bytes (Linux; elsewhere nothing)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _static_rows(resolved: Any, checkers: tuple[str, ...], timeout: float | None) -> list[Result]:
    """The static rows of the target the worker resolved (the type checkers run without the memory limit)."""
    from bufferspec.conformance._static.assertions import static_check

    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit[1], limit[1]))  # the checkers are not the backend
    except (ImportError, OSError, ValueError):
        return list(static_check(resolved, checkers=checkers, timeout=timeout))
    try:
        return list(static_check(resolved, checkers=checkers, timeout=timeout))
    finally:  # contracts checked after the static rows (the base class's order) keep the limit
        resource.setrlimit(resource.RLIMIT_AS, limit)


def worker_main() -> None:
    """The worker's loop: load the target, then check contracts until stdin closes."""
    import faulthandler

    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the backend prints goes to stderr, not into the answers
    faulthandler.enable()
    requests = sys.stdin.buffer
    message = _read(requests)
    if message is None or message[0] != "init":
        return
    settings = message[1]
    sys.path[:] = settings["sys_path"]
    from bufferspec.conformance._core.registry import get_contract
    from bufferspec.conformance._core.target import resolve_target
    from bufferspec.conformance._engine.execute import execute_contract

    try:
        target = settings["target"]
        loaded = target if isinstance(target, str) else pickle.loads(target)
        resolved = resolve_target(loaded, capabilities=settings["capabilities"])
    except KeyboardInterrupt:
        raise
    except TargetError as exc:
        _write(answers, ("target_error", str(exc)))
        return
    except BaseException as exc:  # noqa: BLE001 - whatever loading the target raised is the user's to see
        _write(answers, ("target_error", f"target: the worker cannot load it: {type(exc).__name__}: "
                                         f"{safe_str(exc, 300)}"))
        return
    if settings["memory_limit"] is not None:
        _limit_memory(settings["memory_limit"])
    _write(answers, ("ready", resolved.name))
    while (message := _read(requests)) is not None:
        if message[0] == "static":
            _write(answers, ("static", _static_rows(resolved, *message[1:])))
            continue
        _, contract_id, xfail_reason, max_examples, seed, deadline = message
        if deadline is not None:
            # Stuck in C code, the check cannot be interrupted; faulthandler can still show
            # where it is stuck (to stderr, which the parent reads) before the parent kills it.
            try:
                faulthandler.dump_traceback_later(deadline + _grace(deadline) / 2)
            except (RuntimeError, MemoryError):  # no thread to be had: go without the diagnosis
                pass
        result = execute_contract(get_contract(contract_id), resolved, xfail_reason=xfail_reason,
                                  max_examples=max_examples, seed=seed, deadline=deadline, journal=settings["journal"])
        faulthandler.cancel_dump_traceback_later()
        _write(answers, ("result", result))
