"""Errors as 4xx JSON: ``{"detail": message, "problems": [{"field", "reason"}]}``.

KeypartsError subclasses map to: NotFoundError 404, ForbiddenError 403, ConflictError 409, ValidationError 422 (every problem as
``file:row:column``), InsufficientDataError 422, any other (InputError, ...) 400. An engine's
arithmetic failure (overflow, division by zero, singular matrix) is 422 too. Request
validation errors (wrong JSON types, missing fields) are 422 with the field path and reason.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import exc as sa_exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from keyparts.errors import ConflictError, ForbiddenError, InputError, InsufficientDataError, KeypartsError, NotFoundError, ValidationError


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def status_of(exc: KeypartsError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, ForbiddenError):
        return 403
    if isinstance(exc, (ValidationError, InsufficientDataError)):
        return 422
    return 400


def problems_of(exc: KeypartsError) -> list[dict]:
    if isinstance(exc, ValidationError):
        return [{"field": ":".join(str(x) for x in (p.file, p.row, p.column) if x not in (None, "")),
                 "reason": p.message} for p in exc.problems]
    return []


def install(app: FastAPI) -> None:
    @app.exception_handler(KeypartsError)
    async def _keyparts(request: Request, exc: KeypartsError):
        msg = str(exc).splitlines()[0] if isinstance(exc, ValidationError) else str(exc)
        if _wants_html(request):
            from keyparts.web.pages import TEMPLATES
            return TEMPLATES.TemplateResponse(request, "error_page.html", {
                "me": getattr(request.state, "principal", None), "message": msg,
                "problems": problems_of(exc), "status": status_of(exc)}, status_code=status_of(exc))
        return JSONResponse({"detail": msg, "problems": problems_of(exc)}, status_code=status_of(exc))

    @app.exception_handler(ArithmeticError)  # ZeroDivisionError, OverflowError, FloatingPointError
    @app.exception_handler(np.linalg.LinAlgError)
    async def _numeric(request: Request, exc: Exception):
        """An engine's float arithmetic failed on inputs within the schemas' ranges: a 422 that
        says so (not a 500, which also resets a kept-alive connection)."""
        return await _keyparts(request, InsufficientDataError(
            f"the result could not be computed for these inputs ({type(exc).__name__}: {exc}); "
            "expected values in a realistic range (extreme counts, times or ratios)"))

    @app.exception_handler(sa_exc.DataError)
    async def _data(request: Request, exc: sa_exc.DataError):
        """A value the database refuses (PostgreSQL: NUL in text, an integer beyond 4 bytes)
        that slipped past the schemas: 400 with the database's reason, without the SQL."""
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        return await _keyparts(request, InputError(f"a value cannot be stored: {reason}; expected plain text "
                                                   "without NUL characters and numbers in the documented ranges"))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        probs = [{"field": ".".join(str(x) for x in e.get("loc", ())), "reason": e.get("msg", "")}
                 for e in exc.errors()]
        head = "; ".join(f"{p['field']}: {p['reason']}" for p in probs[:5])
        return JSONResponse({"detail": f"invalid request: {head}", "problems": probs}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 401 and _wants_html(request):
            from fastapi.responses import RedirectResponse
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return JSONResponse({"detail": exc.detail, "problems": []}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
