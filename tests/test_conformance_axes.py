"""The kit's axes: construction paths, layouts and memory kinds, size classes (``_axes``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bufferspec import cpu
from bufferspec.conformance import CheckContext, resolve_target
from bufferspec.conformance._core.step_helpers import pattern, pattern_array, same_bits
from bufferspec.conformance._inputs.domains import (
    BUFFER_PATHS,
    BUFFER_SIZES,
    LARGE,
    NDBUFFER_SOURCES,
    NDBUFFER_VIEWS,
    buffer_subjects,
    draw_array,
    draw_data,
    draw_subject,
)

TARGET = resolve_target("bufferspec.cpu:buffer_prototype")
_DRAWS = settings(max_examples=60, database=None, derandomize=True, deadline=None,
                  suppress_health_check=list(HealthCheck))


def context(draw: Any = None) -> CheckContext:
    return CheckContext(TARGET, draw=draw)


@pytest.mark.parametrize("size", BUFFER_SIZES)
def test_every_path_holds_exactly_the_data(size: str) -> None:
    ctx = context()
    ctx.run(f"data = {size}")
    made = list(buffer_subjects(ctx))
    assert len(made) == len(BUFFER_PATHS)
    for path in BUFFER_PATHS:  # the same, evaluated here: each path is a different buffer with the same bytes
        buf = eval(path.source("data", "bytearray"), dict(ctx.ns))  # noqa: S307 - the kit's own templates
        assert type(buf) is cpu.Buffer
        assert buf.to_bytes() == ctx["data"], path.name


def test_paths_are_writable_exactly_when_they_say() -> None:
    ctx = context()
    ctx.run("data = b'abcdef'")
    for path in BUFFER_PATHS:
        buf = eval(path.source("data", "bytearray"), dict(ctx.ns))  # noqa: S307
        assert bool(buf.as_numpy_array().flags.writeable) is path.writable, path.name


def test_writes_leaves_out_read_only_paths_and_a_case_per_path_is_dropped_when_it_passes() -> None:
    ctx = context()
    ctx.run("data = b'xyz'")
    before = list(ctx.lines)
    made = list(buffer_subjects(ctx, writes=True))
    assert len(made) == sum(path.writable for path in BUFFER_PATHS) < len(BUFFER_PATHS)
    assert ctx.lines == before  # passing cases leave nothing in the reproducer


def test_a_failing_path_stays_in_the_reproducer() -> None:
    ctx = context()
    ctx.run("data = b'xyz'")
    with pytest.raises(AssertionError):
        for _ in buffer_subjects(ctx):
            ctx.check("len(buf) == 99", "wrong on purpose")
    assert ctx.lines[-2] == f"buf = {BUFFER_PATHS[0].source('data', 'bytearray')}"


def test_draw_data_reaches_every_size_class() -> None:
    sizes: list[int] = []

    @_DRAWS
    @given(st.data())
    def draw(data: Any) -> None:
        ctx = context(data.draw)
        sizes.append(len(draw_data(ctx)))
        if sizes[-1] > 65536:
            assert ctx.lines[-1].startswith("data = pattern(")  # short reproducer, not a 128 KiB literal

    draw()
    assert 0 in sizes and any(0 < n <= 64 for n in sizes)
    assert any(n > 65536 for n in sizes)
    assert sum(n > 65536 for n in sizes) < len(sizes) / 2  # large now and then, not every time


def test_draw_subject_reaches_every_source_and_view_and_binds_numpys_view() -> None:
    seen: Counter[str] = Counter()

    @_DRAWS
    @given(st.data())
    def draw(data: Any) -> None:
        ctx = context(data.draw)
        draw_array(ctx, np.dtype("<i4"))
        draw_subject(ctx)
        seen.update(f"{label}={value}" for label, value in ctx.draws if label in ("source", "view"))
        assert same_bits(np.asarray(ctx["src"].as_numpy_array()), np.asarray(ctx["expected"]))

    draw()
    sources = {key for key in seen if key.startswith("source=")}
    views = {key for key in seen if key.startswith("view=")}
    assert len(sources) == len(NDBUFFER_SOURCES)
    assert len(views) == len(NDBUFFER_VIEWS)


def test_draw_subject_for_writes_never_uses_read_only_memory() -> None:
    @_DRAWS
    @given(st.data())
    def draw(data: Any) -> None:
        ctx = context(data.draw)
        draw_array(ctx, np.dtype("<f8"))
        draw_subject(ctx, writes=True)
        assert ctx["nd"].as_numpy_array().flags.writeable

    draw()


def test_draw_array_makes_large_arrays_now_and_then() -> None:
    sizes: list[int] = []

    @_DRAWS
    @given(st.data())
    def draw(data: Any) -> None:
        ctx = context(data.draw)
        sizes.append(int(draw_array(ctx, np.dtype("<f4")).size))

    draw()
    assert any(n > 65536 for n in sizes) and any(n <= 1 for n in sizes)


@pytest.mark.parametrize("dtype", ["|b1", "<i2", ">f8", "<c8", "|S3", "<U2", "<M8[s]", ">m8[ms]", "O", "|V4"])
def test_pattern_array_is_exactly_the_dtype_and_repeatable(dtype: str) -> None:
    first = pattern_array((3, 5), dtype, 7)
    assert first.dtype == np.dtype(dtype) and first.shape == (3, 5) and first.flags.c_contiguous
    assert same_bits(first, pattern_array((3, 5), dtype, 7))
    assert not same_bits(first, pattern_array((3, 5), dtype, 8))


def test_pattern_is_repeatable_and_large() -> None:
    assert pattern(LARGE, 1) == pattern(LARGE, 1) != pattern(LARGE, 2)
    assert len(pattern(LARGE, 1)) == LARGE > 2 * 65536


def test_same_bits_tells_nan_payloads_signs_and_zero_signs_apart() -> None:
    nan = np.array([np.nan])
    other_nan = np.frombuffer(b"\xff" * 8, "<f8").copy()
    assert same_bits(nan, nan.copy())
    assert not same_bits(nan, other_nan)
    assert not same_bits(np.array([0.0]), np.array([-0.0]))
    assert not same_bits(np.array([complex(0.0, -0.0)]), np.array([complex(0.0, 0.0)]))
    assert not same_bits(np.array([1], "<i4"), np.array([1], ">i4"))  # dtypes differ
