"""Timing helpers: repeat a callable and keep every sample."""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.report import Figure


def samples(fn: Callable[[], object], runs: int, *, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    result = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        result.append(time.perf_counter() - started)
    return result


def measure(
    name: str, fn: Callable[[], object], runs: int, *, warmup: int = 1
) -> Figure:
    return Figure(name, tuple(samples(fn, runs, warmup=warmup)))


def side_by_side(
    fns: dict[str, Callable[[], object]], runs: int
) -> dict[str, list[float]]:
    """Interleaves the callables run by run, so that a noisy moment of the machine hits them alike."""
    for fn in fns.values():
        fn()
    result: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            result[name].append(time.perf_counter() - started)
    return result


def ratios(numerators: list[float], denominators: list[float]) -> tuple[float, ...]:
    """Run-by-run ratios of two interleaved series."""
    return tuple(n / d for n, d in zip(numerators, denominators, strict=True))
