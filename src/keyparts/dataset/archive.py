"""Bounded reading of zip archives: a zip of dataset CSV files, or an XLSX workbook (a zip).

A zip header states each member's compressed and uncompressed size; a zip bomb is a small
archive whose members inflate to gigabytes. Every archive is checked before any member is
read (member count, declared sizes, compression ratio, encryption, compression method), and
:func:`read_member` counts the bytes again while it decompresses, chunk by chunk, so that a
header that lies about the sizes cannot get past the budget either. Damaged archives (bad
CRC-32, truncated data, a lying header) become :class:`InputError`; archives beyond the limits
become :class:`ValidationError` naming the file and the member.

The zip format (sizes, general-purpose flag bit 0 = encrypted, compression methods 0 stored and
8 deflate) is PKWARE's APPNOTE.TXT, sections 4.3.7 and 4.4.4-4.4.5.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path
from typing import IO

from keyparts.errors import InputError, Problem, ValidationError

MAX_MEMBERS = 200
MAX_UNPACKED_BYTES = int(os.environ.get("KEYPARTS_MAX_UNZIPPED_MB", "32")) * 1024 * 1024
MAX_RATIO = 100                 # uncompressed / compressed size of one member
RATIO_FLOOR_BYTES = 1 << 20     # members smaller than this unpacked are never a bomb
CHUNK = 1 << 20
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


def _refuse(name: str, member: str | None, message: str) -> ValidationError:
    where = f"{name}/{member}" if member else name
    return ValidationError([Problem(where, None, None, message)])


def open_archive(source: bytes | Path | IO[bytes], name: str) -> zipfile.ZipFile:
    """The archive, checked by :func:`check_archive`; :class:`InputError` when it is not a zip."""
    try:
        zf = zipfile.ZipFile(source)
    except DAMAGED as exc:
        raise InputError(f"{name}: not a readable zip archive ({exc}); expected a .zip of CSV files "
                         "or an .xlsx workbook") from exc
    try:
        check_archive(zf, name)
    except Exception:
        zf.close()
        raise
    return zf


def check_archive(zf: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """The archive's file members after checking what the headers declare: at most
    ``MAX_MEMBERS`` files and ``MAX_UNPACKED_BYTES`` in all, no member inflating more than
    ``MAX_RATIO`` times, no encryption, only stored or deflate compression."""
    members = [m for m in zf.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        raise _refuse(name, None, f"has {len(members)} files, expected at most {MAX_MEMBERS}")
    total = 0
    for m in members:
        if m.flag_bits & 0x1:
            raise InputError(f"{name}/{m.filename}: is encrypted; expected an archive without a password")
        if m.compress_type not in METHODS:
            raise InputError(f"{name}/{m.filename}: compression method {m.compress_type} is not supported; "
                             "expected stored or deflate (the zip and XLSX default)")
        if m.file_size > RATIO_FLOOR_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise _refuse(name, m.filename, f"inflates {m.compress_size} bytes to {m.file_size} "
                          f"(ratio {m.file_size / max(m.compress_size, 1):.0f}), expected at most {MAX_RATIO}")
        total += m.file_size
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(name, None, f"unpacks to {total >> 20} MiB, expected at most "
                      f"{MAX_UNPACKED_BYTES >> 20} MiB (KEYPARTS_MAX_UNZIPPED_MB)")
    return members


def read_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, budget: int) -> bytes:
    """The member's bytes, decompressed in 1 MiB chunks and refused as soon as they exceed
    ``budget``, the member's declared size or ``MAX_RATIO`` times its compressed size."""
    cap = min(budget, member.file_size, max(MAX_RATIO * member.compress_size, RATIO_FLOOR_BYTES))
    chunks, size = [], 0
    try:
        with zf.open(member) as f:
            while chunk := f.read(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise _refuse(name, member.filename, f"inflates beyond {cap} bytes "
                                  f"(declared {member.file_size}); expected an archive within the limits")
                chunks.append(chunk)
    except DAMAGED as exc:
        raise InputError(f"{name}/{member.filename}: damaged archive member ({exc}); "
                         "expected a zip whose members unpack cleanly") from exc
    return b"".join(chunks)
