"""Errors as 4xx JSON: ``{"detail": message, "problems": [{"field", "reason"}]}``.

KeypartsError subclasses map to: NotFoundError 404, ConflictError 409, ValidationError 422 (every problem as
``file:row:column``), InsufficientDataError 422, any other (InputError, ...) 400. Request
validation errors (wrong JSON types, missing fields) are 422 with the field path and reason.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from keyparts.errors import ConflictError, InsufficientDataError, KeypartsError, NotFoundError, ValidationError


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def status_of(exc: KeypartsError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
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
