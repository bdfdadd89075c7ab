"""The FastAPI application: REST API v1, pages, static assets (no CDN), docs at /docs."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from keyparts import __version__ as PACKAGE_VERSION
from keyparts.store.db import make_engine, upgrade
from keyparts.web import errors
from keyparts.web.auth import LoginLimiter, principal_cache
from keyparts.web.data import DataCache
from keyparts.web.uploads import MAX_UPLOAD_BYTES
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


class GuardMiddleware:
    """Pure ASGI middleware: refuse bodies over the upload limit (413) before reading them, and
    add the security headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for k, v in scope.get("headers", ()):
            if k == b"content-length" and v.isdigit() and int(v) > MAX_UPLOAD_BYTES + 1024 * 1024:
                resp = JSONResponse({"detail": f"request body larger than {MAX_UPLOAD_BYTES >> 20} MB "
                                               "(KEYPARTS_MAX_UPLOAD_MB)", "problems": []}, status_code=413)
                return await resp(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                message["headers"] = list(message.get("headers", ())) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in present]
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def create_app(db_url: str | None = None) -> FastAPI:
    """The app on ``db_url`` (else KEYPARTS_DATABASE_URL, else sqlite:///keyparts.db); applies
    pending migrations at start."""
    engine = make_engine(db_url)
    upgrade(engine)
    app = FastAPI(title="keyparts", version=f"{API_VERSION}",
                  summary=f"Key industrial basic parts platform (keyparts {PACKAGE_VERSION}), REST API v1",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  generate_unique_id_function=lambda route: route.name)
    app.state.engine = engine
    app.state.cache = DataCache(engine)
    app.state.limiter = LoginLimiter()
    app.state.principals = principal_cache()
    errors.install(app)

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

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"ok": True}

    return app
