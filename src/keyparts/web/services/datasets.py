"""Dataset uploads: unpack (zip of CSVs or XLSX), read and validate off the event loop, report,
and import with its audit entry in ONE transaction (a failed import changes nothing and
records no success). Called by the REST API (``/api/v1/datasets``) and the import page alike;
only admins import (:func:`keyparts.web.deps.admin`, :func:`keyparts.web.deps.import_action`)."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from fastapi import UploadFile

from keyparts.errors import InputError
from keyparts.web.auth import Principal
from keyparts.web.uploads import heavy, read_upload


def _extract(data: bytes, name: str, folder: Path) -> Path:
    """Write the upload under ``folder``: an XLSX as is (its bounds are checked by the reader),
    a zip's CSV/TOML files flattened, each decompressed within the archive's budget
    (:mod:`keyparts.dataset.archive`)."""
    from keyparts.dataset.archive import MAX_UNPACKED_BYTES, open_archive, read_member

    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise InputError(f"{name}: not an XLSX workbook (no zip signature); expected an .xlsx file")
        path = folder / (re.sub(r"[^\w.-]", "_", PurePosixPath(name.replace("\\", "/")).name)[:100] or "upload.xlsx")
        path.write_bytes(data)
        return path
    if not lower.endswith(".zip"):
        raise InputError(f"{name}: expected a .zip of CSV files or an .xlsx workbook")
    out = folder / "dataset"
    out.mkdir()
    budget = MAX_UNPACKED_BYTES
    with open_archive(io.BytesIO(data), name) as zf:
        for m in zf.infolist():
            base = PurePosixPath(m.filename).name
            if (m.is_dir() or base.startswith(".") or not base.endswith((".csv", ".toml"))
                    or "__MACOSX" in m.filename):
                continue
            content = read_member(zf, m, name, budget)
            budget -= len(content)
            (out / base).write_bytes(content)
    if not any(out.glob("*.csv")):
        raise InputError(f"{name}: no .csv files in the zip")
    return out


def read_sync(data: bytes, filename: str):
    """Unpack, read and validate an upload (CPU-heavy: runs in a worker thread)."""
    from keyparts.dataset import read_dataset, validate_and_type

    with tempfile.TemporaryDirectory(prefix="kp_upload_") as tmp:
        path = _extract(data, filename, Path(tmp))
        try:
            ds = read_dataset(path)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
            raise InputError(f"{filename}: cannot read the dataset ({exc})") from exc
        return validate_and_type(ds)


async def read(file: UploadFile):
    """The validated dataset of an upload, read off the event loop (:func:`heavy`)."""
    data = await read_upload(file)
    return await heavy(read_sync, data, file.filename or "upload")


def report(ds) -> dict:
    return {"valid": True, "rows": {k: len(v) for k, v in ds.frames.items()},
            "read_as": dict(ds.read_as),  # files not in UTF-8 with ',', e.g. "read as GB18030, delimiter ';'"
            "warnings": [{"field": ":".join(str(x) for x in (w.file, w.row, w.column) if x not in (None, "")),
                          "reason": w.message} for w in ds.warnings]}


def import_with_audit(ds, engine, p: Principal, filename: str | None, *, replace: bool = False) -> dict[str, int]:
    """Import ``ds`` and write its audit entry (action ``import``, table ``dataset``, the rows
    per table) in the import's own transaction (:func:`keyparts.store.repository.import_dataset`
    ``before_commit``): both are committed, or neither."""
    from keyparts.store.repository import import_dataset
    from keyparts.web.tenancy import audit_row

    def audit(conn, counts: dict[str, int]) -> None:
        audit_row(conn, p, "import", "dataset", filename, {"rows": counts, "replace": replace})
    return import_dataset(ds, engine=engine, replace=replace, before_commit=audit)


async def upload_and_import(file: UploadFile, engine, cache, p: Principal, *, replace: bool = False) -> dict:
    """Read, validate and import an upload (off the event loop); the report with ``imported``."""
    ds = await read(file)
    counts = await heavy(import_with_audit, ds, engine, p, file.filename, replace=replace)
    cache.bump()
    return {**report(ds), "imported": counts, "replace": replace}
