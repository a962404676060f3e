"""The ``prototype.value.*`` contracts: ``BufferPrototype``."""

from __future__ import annotations

from bufferspec.conformance._core.context import CheckContext
from bufferspec.conformance._core.registry import contract
from bufferspec.conformance._inputs.buffer_steps import make_prototype

__all__: list[str] = []


@contract(
    "prototype.value.pickle_hash_equality",
    member="BufferPrototype",
    text="A prototype is picklable, hashable and compared by value.",
    needs=("buffer", "nd_buffer"),
)
def check_pickle_hash_equality(ctx: CheckContext) -> None:
    make_prototype(ctx)
    ctx.run("try:\n    restored = pickle.loads(pickle.dumps(prototype))\nexcept Exception as exc:\n"
            "    raise AssertionError(f\"the prototype does not pickle: {type(exc).__name__}: {exc}\")")
    ctx.check("restored == prototype", "an unpickled prototype is not equal to the original")
    ctx.check("hash(restored) == hash(prototype)", "equal prototypes hash differently")
    ctx.run("twin = BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)")
    ctx.check("twin == prototype and {prototype: 1}[twin] == 1", "prototypes are not compared by value")
