"""Dataset upload: validate (anyone signed in) and import (admin), as a zip of CSVs or an XLSX."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from keyparts.errors import InputError, ValidationError
from keyparts.web.deps import Admin, Caller, Repo
from keyparts.web.tenancy import audit_system
from keyparts.web.uploads import heavy, read_upload

router = APIRouter(tags=["datasets"])


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


def _read_sync(data: bytes, filename: str):
    """Unpack, read and validate an upload (CPU-heavy: runs in a worker thread)."""
    from keyparts.dataset import read_dataset, validate_and_type

    with tempfile.TemporaryDirectory(prefix="kp_upload_") as tmp:
        path = _extract(data, filename, Path(tmp))
        try:
            ds = read_dataset(path)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
            raise InputError(f"{filename}: cannot read the dataset ({exc})") from exc
        return validate_and_type(ds)


async def _read(file: UploadFile):
    """The validated dataset of an upload, read off the event loop (:func:`heavy`)."""
    data = await read_upload(file)
    return await heavy(_read_sync, data, file.filename or "upload")


def _report(ds) -> dict:
    return {"valid": True, "rows": {k: len(v) for k, v in ds.frames.items()},
            "read_as": dict(ds.read_as),  # files not in UTF-8 with ',', e.g. "read as GB18030, delimiter ';'"
            "warnings": [{"field": ":".join(str(x) for x in (w.file, w.row, w.column) if x not in (None, "")),
                          "reason": w.message} for w in ds.warnings]}


@router.post("/datasets/validate", response_model=dict[str, Any], operation_id="validate_dataset")
async def validate_dataset(p: Caller, file: Annotated[UploadFile, File()]) -> dict:
    """Validate a dataset upload; 422 lists every problem as file:row:column with the reason."""
    return _report(await _read(file))


@router.post("/datasets/import", response_model=dict[str, Any], operation_id="import_dataset")
async def import_dataset(request: Request, p: Admin, file: Annotated[UploadFile, File()],
                         replace: bool = Form(False)) -> dict:
    """Validate and import a dataset in one transaction (admin)."""
    from keyparts.store.repository import import_dataset as do_import

    ds = await _read(file)
    counts = await heavy(lambda: do_import(ds, engine=request.app.state.engine, replace=replace))
    request.app.state.cache.bump()
    audit_system(request.app.state.engine, p, "import", "dataset", file.filename,
                 {"rows": counts, "replace": replace})
    return {**_report(ds), "imported": counts, "replace": replace}


@router.get("/datasets/summary", response_model=dict[str, Any], operation_id="dataset_summary")
def dataset_summary(repo: Repo) -> dict:
    """Row counts per table as the caller may know them (owned tables: only the rows it sees)
    and the last import's time and size, without any server-side path."""
    return repo.dataset_summary()


__all__ = ["ValidationError", "router"]
