"""What runs off the event loop, and how much of it at once.

Each server worker has one event loop. Everything that may take more than a few milliseconds
of CPU runs in a worker thread through :func:`heavy`, at most ``KEYPARTS_HEAVY_WORKERS``
(default 2, the machine's cores) at a time per worker; the others wait for a slot without
holding a thread. That covers the engines (life fits, scenarios, assessment, matching,
allocation), uploads (parsing, validation, import) and every (re)build of a cached item after
the data changed. A request whose cached items are current runs where it is, on the loop
(:func:`cached`): a search or a dashboard then costs a dictionary look-up and the query of
the data version, so it never waits behind a slow request.

Threads, not processes: the engines read the worker's :class:`~keyparts.web.data.DataCache`
(memory-mapped Arrow files and frames built from them), which a process pool would have to
load again per process; NumPy and the database drivers release the GIL for most of their work,
and a pure-Python stretch gives the loop the GIL back every ``sys.getswitchinterval()`` (5 ms).
Parallelism across cores comes from ``keyparts serve --workers N`` (one process per worker).
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Callable, Iterable
from typing import Any

import anyio
from anyio.lowlevel import RunVar

HEAVY_WORKERS = int(os.environ.get("KEYPARTS_HEAVY_WORKERS", "2"))
_heavy_limiter: RunVar[anyio.CapacityLimiter] = RunVar("keyparts_heavy_limiter")


def heavy_limiter() -> anyio.CapacityLimiter:
    """The worker's limiter of heavy work (one per event loop)."""
    try:
        return _heavy_limiter.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(HEAVY_WORKERS)
        _heavy_limiter.set(limiter)
        return limiter


async def heavy(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a worker thread, at most ``KEYPARTS_HEAVY_WORKERS`` (default 2)
    at a time, so that the event loop keeps answering every other request meanwhile."""
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=heavy_limiter())


async def cached(cache: Any, names: Iterable[str], fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` on the loop when every cached item of ``names`` is current (it then
    only reads them), else through :func:`heavy` (it will build some of them)."""
    if all(cache.ready(n) for n in names):
        return fn(*args, **kwargs)
    return await heavy(fn, *args, **kwargs)


def off_loop(route: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a plain (sync) route so that it runs through :func:`heavy`: bounded, unlike
    the thread pool FastAPI gives sync routes (40 threads). FastAPI reads the parameters of
    the wrapped function."""
    @functools.wraps(route)
    async def run(*args: Any, **kwargs: Any) -> Any:
        return await heavy(route, *args, **kwargs)
    return run


_jobs: RunVar[dict[str, asyncio.Future]] = RunVar("keyparts_background_jobs")


async def within(key: str, wait_s: float, fn: Callable[[], Any]) -> tuple[bool, Any]:
    """Run ``fn()`` through :func:`heavy` as a background job named ``key`` (joining the job
    already running under that name, if any) and wait at most ``wait_s`` seconds for it:
    ``(True, result)``, or ``(False, None)`` while it goes on (its result is expected to land
    in a cache, for a later request). Used where a page can show the rest first."""
    try:
        jobs = _jobs.get()
    except LookupError:
        jobs = {}
        _jobs.set(jobs)
    job = jobs.get(key)
    if job is None or job.done():
        job = jobs[key] = asyncio.ensure_future(heavy(fn))
        job.add_done_callback(lambda j: jobs.pop(key, None) if jobs.get(key) is j else None)
    done, _ = await asyncio.wait({job}, timeout=wait_s)
    return (True, job.result()) if done else (False, None)


__all__ = ["HEAVY_WORKERS", "cached", "heavy", "heavy_limiter", "off_loop", "within"]
