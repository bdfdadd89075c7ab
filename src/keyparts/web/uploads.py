"""Bounded uploads: read at most ``MAX_UPLOAD_BYTES`` (413 beyond); CPU-heavy work on them
(parsing, validation, fits) in a bounded pool of worker threads, off the event loop."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import anyio
from anyio.lowlevel import RunVar
from fastapi import HTTPException, UploadFile

MAX_UPLOAD_BYTES = int(os.environ.get("KEYPARTS_MAX_UPLOAD_MB", "20")) * 1024 * 1024
HEAVY_WORKERS = int(os.environ.get("KEYPARTS_HEAVY_WORKERS", "2"))
_heavy_limiter: RunVar[anyio.CapacityLimiter] = RunVar("keyparts_heavy_limiter")


async def read_upload(file: UploadFile, limit: int | None = None) -> bytes:
    limit = limit or MAX_UPLOAD_BYTES
    chunks, size = [], 0
    while chunk := await file.read(1 << 20):
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"{file.filename or 'upload'}: larger than {limit // (1024 * 1024)} MB "
                                     "(KEYPARTS_MAX_UPLOAD_MB)")
        chunks.append(chunk)
    if size == 0:
        raise HTTPException(400, f"{file.filename or 'upload'}: empty file")
    return b"".join(chunks)


async def heavy(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` in a worker thread, at most ``KEYPARTS_HEAVY_WORKERS`` (default 2)
    at a time, so that the event loop keeps answering every other request meanwhile."""
    try:
        limiter = _heavy_limiter.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(HEAVY_WORKERS)
        _heavy_limiter.set(limiter)
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=limiter)
