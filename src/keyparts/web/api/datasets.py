"""Dataset upload: validate (anyone signed in) and import (admin), as a zip of CSVs or an XLSX.
The work is :mod:`keyparts.web.services.datasets`; the import and its audit entry are one
transaction."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from keyparts.errors import ValidationError
from keyparts.web.api.schemas import Problem
from keyparts.web.deps import Admin, Caller, Repo
from keyparts.web.services import datasets as svc

router = APIRouter(tags=["datasets"])


class ValidationReport(BaseModel):
    valid: bool
    rows: dict[str, int] = Field(description="rows per table")
    read_as: dict[str, str] = Field(description="files not in UTF-8 with ',': how they were read")
    warnings: list[Problem]


class ImportReport(ValidationReport):
    imported: dict[str, int] = Field(description="rows written per table")
    replace: bool


class LastImport(BaseModel):
    at: str
    rows: int
    replaced: bool


class DatasetSummary(BaseModel):
    dataset: dict[str, Any] = Field(description="the dataset's metadata (dataset.toml)")
    rows: dict[str, int] = Field(description="rows per table the caller may know of")
    last_import: LastImport | None


@router.post("/datasets/validate", response_model=ValidationReport, operation_id="validate_dataset")
async def validate_dataset(p: Caller, file: Annotated[UploadFile, File()]) -> dict:
    """Validate a dataset upload; 422 lists every problem as file:row:column with the reason."""
    return svc.report(await svc.read(file))


@router.post("/datasets/import", response_model=ImportReport, operation_id="import_dataset")
async def import_dataset(request: Request, p: Admin, file: Annotated[UploadFile, File()],
                         replace: bool = Form(False)) -> dict:
    """Validate and import a dataset and its audit entry in one transaction (admin)."""
    return await svc.upload_and_import(file, request.app.state.engine, request.app.state.cache, p, replace=replace)


@router.get("/datasets/summary", response_model=DatasetSummary, operation_id="dataset_summary")
def dataset_summary(repo: Repo) -> dict:
    """Row counts per table as the caller may know them (owned tables: only the rows it sees)
    and the last import's time and size, without any server-side path."""
    return repo.dataset_summary()


__all__ = ["ValidationError", "router"]
