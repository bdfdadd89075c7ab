"""Bounded uploads: read at most ``MAX_UPLOAD_BYTES`` (413 beyond); CPU-heavy work on them
(parsing, validation, fits) goes off the event loop through :func:`keyparts.web.concurrency.heavy`."""

from __future__ import annotations

import os

from fastapi import HTTPException, UploadFile

from keyparts.web.concurrency import heavy

MAX_UPLOAD_BYTES = int(os.environ.get("KEYPARTS_MAX_UPLOAD_MB", "20")) * 1024 * 1024


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


__all__ = ["MAX_UPLOAD_BYTES", "heavy", "read_upload"]
