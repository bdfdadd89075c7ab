"""Dataset upload: validate (anyone signed in) and import (admin), as a zip of CSVs or an XLSX."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from keyparts.errors import InputError, ValidationError
from keyparts.web.deps import Admin, Caller
from keyparts.web.tenancy import audit_system
from keyparts.web.uploads import read_upload

router = APIRouter(tags=["datasets"])
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_MEMBERS = 200


def _extract(data: bytes, name: str, folder: Path) -> Path:
    """Write the upload under ``folder``: an XLSX as is, a zip's CSV/TOML files flattened."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not data.startswith(b"PK"):
            raise InputError(f"{name}: not an XLSX workbook (no zip signature); expected an .xlsx file")
        import re
        path = folder / (re.sub(r"[^\w.-]", "_", PurePosixPath(name.replace("\\", "/")).name)[:100] or "upload.xlsx")
        path.write_bytes(data)
        return path
    if not lower.endswith(".zip"):
        raise InputError(f"{name}: expected a .zip of CSV files or an .xlsx workbook")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"{name}: not a readable zip file ({exc})") from exc
    members = [m for m in zf.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise InputError(f"{name}: more than {MAX_MEMBERS} files or {MAX_UNZIPPED >> 20} MB unpacked")
    out = folder / "dataset"
    out.mkdir()
    for m in members:
        base = PurePosixPath(m.filename).name
        if base.startswith(".") or not base.endswith((".csv", ".toml")) or "__MACOSX" in m.filename:
            continue
        (out / base).write_bytes(zf.read(m))
    if not any(out.glob("*.csv")):
        raise InputError(f"{name}: no .csv files in the zip")
    return out


async def _read(file: UploadFile):
    from keyparts.dataset import read_dataset, validate_and_type

    data = await read_upload(file)
    with tempfile.TemporaryDirectory(prefix="kp_upload_") as tmp:
        path = _extract(data, file.filename or "upload", Path(tmp))
        try:
            ds = read_dataset(path)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
            raise InputError(f"{file.filename}: cannot read the dataset ({exc})") from exc
        return validate_and_type(ds)


def _report(ds) -> dict:
    return {"valid": True, "rows": {k: len(v) for k, v in ds.frames.items()},
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
    counts = do_import(ds, engine=request.app.state.engine, replace=replace)
    request.app.state.cache.bump()
    audit_system(request.app.state.engine, p, "import", "dataset", file.filename,
                 {"rows": counts, "replace": replace})
    return {**_report(ds), "imported": counts, "replace": replace}


@router.get("/datasets/summary", response_model=dict[str, Any], operation_id="dataset_summary")
def dataset_summary(p: Caller, request: Request) -> dict:
    """Row counts per table and the last import."""
    from keyparts.store.repository import summary
    s = summary(engine=request.app.state.engine)
    s.pop("database", None)
    return s


__all__ = ["ValidationError", "router"]
