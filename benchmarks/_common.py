"""Shared helpers for benchmarks: timing and the side-by-side line."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best wall time (s) of ``repeat`` calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def report(workload: str, ours_s: float, peer_name: str | None = None, peer_s: float | None = None,
           target: str | None = None) -> None:
    """Print one benchmark line: workload, our time, the peer's time and the ratio."""
    line = f"{workload}: keyparts {ours_s * 1e3:.2f} ms"
    if peer_name and peer_s is not None:
        line += f" | {peer_name} {peer_s * 1e3:.2f} ms | ratio {peer_s / ours_s:.1f}x faster"
    if target:
        line += f" | target: {target}"
    print(line, flush=True)
