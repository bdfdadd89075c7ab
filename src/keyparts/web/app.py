"""The FastAPI application: REST API v1, pages, static assets (no CDN), docs at /docs."""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from keyparts import __version__ as PACKAGE_VERSION
from keyparts.store.analysis import NOT_BEFORE
from keyparts.store.db import make_engine, upgrade
from keyparts.web import errors
from keyparts.web.auth import SESSION_COOKIE, LoginLimiter, principal_cache
from keyparts.web.data import DataCache
from keyparts.web.uploads import MAX_UPLOAD_BYTES
from keyparts.web.i18n import LocaleMiddleware
from keyparts.web.version import API_VERSION

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")

DOCS_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>keyparts API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger/init.js"></script></body></html>"""


SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]


# Body limits per route, enforced while the body streams in and before authentication.
LOGIN_PATHS = frozenset({"/api/v1/auth/login", "/login"})
UPLOAD_PATHS = re.compile(r"/api/v1/(datasets/(validate|import)|life/(fit-csv|fit|compare)|parts/[^/]+/tests)"
                          r"|/(life|import)")  # file uploads and life data (JSON of up to 100 000 times)
SMALL_BODY_BYTES = 16 * 1024        # sign-in forms and any request without credentials
JSON_BODY_BYTES = 1024 * 1024       # every other JSON or form body


def body_limit(scope) -> int:
    """Most bytes of request body accepted for this request: uploads and life data
    (``MAX_UPLOAD_BYTES``), sign-in and requests without credentials (16 KiB: they can
    only be answered 401), anything else 1 MiB."""
    path = scope.get("path", "")
    if path in LOGIN_PATHS:
        return SMALL_BODY_BYTES
    headers = dict(scope.get("headers", ()))
    cookie = headers.get(b"cookie", b"")
    if b"authorization" not in headers and SESSION_COOKIE.encode() + b"=" not in cookie:
        return SMALL_BODY_BYTES
    return MAX_UPLOAD_BYTES if UPLOAD_PATHS.fullmatch(path) else JSON_BODY_BYTES


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"request body larger than {_size(limit)} for this route"
                              f"{' (KEYPARTS_MAX_UPLOAD_MB)' if limit == MAX_UPLOAD_BYTES else ''}")


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n >> 10} KiB"


# A random name of this server process, sent as X-Keyparts-Worker and in /healthz: tells the
# workers of `keyparts serve --workers N` apart (for checks and load tests) without saying more.
WORKER_ID = secrets.token_hex(4)


class GuardMiddleware:
    """Pure ASGI middleware: bound the request body per route (413 on a declared
    ``Content-Length`` before reading; otherwise counted while streaming, so a chunked body
    is never buffered beyond the limit), add the security headers and the worker's name to
    every response, and mark when the request began (:data:`NOT_BEFORE`: the request sees
    every write committed before then, whichever worker or process made it)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        NOT_BEFORE.set(time.monotonic())
        limit = body_limit(scope)
        started = False
        if b"%00" in scope.get("raw_path", b"") or b"%00" in scope.get("query_string", b"") \
                or "\x00" in scope.get("path", ""):
            resp = JSONResponse({"detail": "the URL contains a NUL character (%00), expected plain text",
                                 "problems": []}, status_code=400)
            return await resp(scope, receive, send)

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", ())}
                message["headers"] = list(message.get("headers", ())) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in present] + [
                    (b"x-keyparts-worker", WORKER_ID.encode())]
            await send(message)

        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            return await _too_large(limit)(scope, receive, send_with_headers)
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(limit)(scope, receive, send_with_headers)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": BodyTooLarge(limit).detail, "problems": []}, status_code=413,
                        headers={"connection": "close"})


class Health(BaseModel):
    ok: bool
    worker: str = Field(description="this server process's random name (X-Keyparts-Worker)")


def warm(cache: DataCache) -> None:
    """Open what nearly every request reads (the categories and the public search index, from
    the analysis store's files) so that the first search after a start does not pay for it."""
    try:
        cache.categories()
        cache.index()
    except Exception:  # an empty or unreachable database: the first request reports it
        logging.getLogger("keyparts.web").warning("could not open the search index at start", exc_info=True)


@asynccontextmanager
async def lifespan(app: FastAPI):
    """At start, :func:`warm` the worker's cache in a background thread (the server answers
    meanwhile: a request that needs the index waits for it, off the event loop)."""
    threading.Thread(target=warm, args=(app.state.cache,), name="keyparts-warm", daemon=True).start()
    yield


def create_app(db_url: str | None = None) -> FastAPI:
    """The app on ``db_url`` (else KEYPARTS_DATABASE_URL, else sqlite:///keyparts.db); applies
    pending migrations at start. Also the factory of each worker of ``keyparts serve --workers N``
    (``uvicorn keyparts.web:create_app --factory``): a worker holds no state of its own that the
    database does not version (sessions, sign-in throttling, data versions are rows there;
    ``app.state.cache`` and ``app.state.principals`` are checked against those rows)."""
    engine = make_engine(db_url)
    upgrade(engine)
    app = FastAPI(title="keyparts", version=f"{API_VERSION}",
                  summary=f"Key industrial basic parts platform (keyparts {PACKAGE_VERSION}), REST API v1",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  generate_unique_id_function=lambda route: route.name, lifespan=lifespan)
    app.state.engine = engine
    app.state.cache = DataCache(engine)
    app.state.limiter = LoginLimiter()
    app.state.principals = principal_cache()
    errors.install(app)

    app.add_middleware(LocaleMiddleware)
    app.add_middleware(GuardMiddleware)

    from keyparts.web.api import router as api_router
    app.include_router(api_router)
    try:
        from keyparts.web.pages import router as pages_router
    except ImportError:
        pages_router = None
    if pages_router is not None:
        app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    @app.get("/healthz", include_in_schema=False, response_model=Health)
    def healthz() -> dict:
        return {"ok": True, "worker": WORKER_ID}

    return app
