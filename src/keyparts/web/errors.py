"""Errors as 4xx JSON: ``{"detail": message, "problems": [{"field", "reason"}]}``; for a
browser (``Accept: text/html`` or an htmx request, outside ``/api/``) the same error in HTML: a
page with the status in words (404, 403, 405, 500, ...), or the ``_error.html`` fragment that
htmx shows in place. An unexpected exception is a 500 without internals.

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
    """A browser's page or htmx request (not under /api/): answered in HTML, else JSON."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "") or bool(request.headers.get("hx-request"))


def html_error(request: Request, status: int, message: str, problems: list[dict] | None = None,
               headers: dict | None = None):
    """The error in HTML: the ``_error.html`` fragment for htmx (shown in place by
    static/ui.js), else a whole page (``error_page.html``) with the status in words."""
    from keyparts.web.pages import TEMPLATES
    me = getattr(request.state, "principal", None)
    if me is None and status != 500:  # the page's header shows the signed-in user's menu
        from keyparts.web.deps import optional_principal
        try:
            me = optional_principal(request)
        except Exception:  # the database cannot answer: the page without a menu
            me = None
    if message in ("Not Found", "Method Not Allowed"):  # Starlette's words: the page's title says it
        message = ""
    ctx = {"me": me, "message": message, "problems": problems or [],
           "status": status}
    name = "_error.html" if request.headers.get("hx-request") else "error_page.html"
    return TEMPLATES.TemplateResponse(request, name, ctx, status_code=status, headers=headers)


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
            return html_error(request, status_of(exc), msg, problems_of(exc))
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
        if _wants_html(request):  # a form field: "quantity: a value is required", translated
            probs = [{**p, "field": p["field"].removeprefix("body.").removeprefix("query.")} for p in probs]
            return html_error(request, 422, f"{probs[0]['field']}: {probs[0]['reason']}" if probs else "invalid request",
                              probs[1:])
        return JSONResponse({"detail": f"invalid request: {head}", "problems": probs}, status_code=422)

    @app.exception_handler(Exception)
    async def _server(request: Request, exc: Exception):
        """An unexpected failure: 500 with no internals (the traceback goes to the log)."""
        msg = "the server failed to answer this request; it has been logged, try again or tell the operator"
        if _wants_html(request):
            return html_error(request, 500, msg)
        return JSONResponse({"detail": msg, "problems": []}, status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 401 and _wants_html(request):
            from urllib.parse import quote

            from fastapi.responses import RedirectResponse
            login = f"/login?next={quote(request.url.path)}"
            if request.headers.get("hx-request"):  # the whole page goes to sign-in, not the fragment
                page = request.headers.get("hx-current-url", "")
                path = page.split("://", 1)[-1].partition("/")[2]
                login = f"/login?next={quote('/' + path)}" if page else login
                return JSONResponse({"detail": exc.detail, "problems": []}, status_code=401,
                                    headers={"HX-Redirect": login})
            return RedirectResponse(login, status_code=303)
        if _wants_html(request):
            return html_error(request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))
        return JSONResponse({"detail": exc.detail, "problems": []}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
