"""Structure behind the pages (issue 12 §7): authorisation only in FastAPI dependencies, a
typed response model on every route, pages that call the service layer (never an API module's
private helper or route function), OpenAPI securitySchemes that /docs can use."""

from __future__ import annotations

import ast
import inspect
import textwrap
import typing

import pytest
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.routing import APIRoute
from pydantic import BaseModel

PAGE_RESPONSES = (HTMLResponse, RedirectResponse, FileResponse, StreamingResponse, PlainTextResponse)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from keyparts.web import create_app
    a = create_app(f"sqlite:///{tmp_path_factory.mktemp('structure') / 'k.db'}")
    yield a
    a.state.engine.dispose()


def _routes(app) -> list:
    """Every route of the app, those of included routers too (FastAPI >= 0.16x keeps them as
    ``_IncludedRouter`` with their effective route contexts)."""
    out = []
    for r in app.routes:
        if isinstance(r, APIRoute):
            out.append(r)
        elif hasattr(r, "effective_route_contexts"):
            out.extend(c for c in r.effective_route_contexts() if c.endpoint is not None)
    return out


def _body(fn) -> ast.AST:
    return ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(fn))))


ROLE_ATTRS = {"role", "national", "is_admin"}
ROLE_WORDS = {"admin", "analyst", "member"}


def role_checks(fn) -> list[str]:
    """Places in ``fn``'s body (not its signature) that decide on the caller's role: a condition
    (``if``, ``while``, ``assert``, ``x if c else y``, a comparison, ``and``/``or``/``not``) on
    ``.role`` / ``.national``, a comparison with a role name, a 403 raised or rendered. Reading
    the role to report it (``Me(role=p.role)``) is no decision."""
    func = _body(fn).body[0]
    found = []
    for stmt in func.body:  # the body only: dependencies in the signature are the right place
        for node in ast.walk(stmt):
            conds = []
            if isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
                conds = [node.test]
            elif isinstance(node, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
                conds = [node]
            for c in conds:
                for x in ast.walk(c):
                    if isinstance(x, ast.Attribute) and x.attr in ROLE_ATTRS:
                        found.append(f"line {x.lineno}: a condition on .{x.attr}")
            if isinstance(node, ast.Compare) and any(
                    isinstance(c, ast.Constant) and c.value in ROLE_WORDS for c in [node.left, *node.comparators]):
                found.append(f"line {node.lineno}: compares with a role name")
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if name in ("HTTPException", "ForbiddenError") or (name == "render" and "forbidden.html" in args) \
                        or any(k.arg == "status_code" and getattr(k.value, "value", None) == 403 for k in node.keywords):
                    found.append(f"line {node.lineno}: {name}(...) refusing the caller")
    return sorted(set(found))


def test_the_role_scan_finds_a_role_check_in_a_body():
    """The scanner itself: each kind of check it must catch, and a clean body."""
    def by_role(p):
        if p.role != "admin":
            raise HTTPException(403, "no")  # noqa: F821

    def by_flag(p, request):
        if not p.national:
            return render(request, "forbidden.html", p, status_code=403)  # noqa: F821

    def by_expression(p):
        return {"panel": "national" if p.national else None}

    def clean(p, repo):
        return {"role": p.role, "rows": repo.list("demands")}
    assert role_checks(by_role) == ["line 2: a condition on .role", "line 2: compares with a role name",
                                    "line 3: HTTPException(...) refusing the caller"]
    assert role_checks(by_flag) == ["line 2: a condition on .national", "line 3: render(...) refusing the caller"]
    assert role_checks(by_expression) == ["line 2: a condition on .national"]
    assert role_checks(clean) == []


def test_no_route_decides_on_roles_in_its_body(app):
    """Authorisation only in dependencies (Caller, National, Admin, NationalPage, ImportAction,
    the tenant repository's ownership rules): no route function, API or page, tests a role."""
    routes = _routes(app)
    assert len(routes) > 100  # the API and the pages, not only the app's own two
    bad = {f"{r.path} {sorted(r.methods)} ({r.endpoint.__module__}.{r.endpoint.__name__})": hits
           for r in routes if (hits := role_checks(r.endpoint))}
    assert not bad, bad


def _model_ok(t) -> bool:
    """A pydantic model, or a list/dict of them; never dict/Any alone."""
    if isinstance(t, type) and issubclass(t, BaseModel):
        return True
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is list and args:
        return _model_ok(args[0])
    return False


def _declares_response(r: APIRoute) -> bool:
    """A route that answers with a Response of its own (a file, a 204, a page) says so."""
    cls = getattr(r.response_class, "value", r.response_class)
    ret = inspect.signature(inspect.unwrap(r.endpoint)).return_annotation
    ret = typing.get_type_hints(inspect.unwrap(r.endpoint)).get("return", ret) if ret is not inspect.Signature.empty else ret
    returns_response = isinstance(ret, type) and issubclass(ret, Response)
    return (isinstance(cls, type) and issubclass(cls, Response) and cls.__name__ != "JSONResponse") or returns_response


def test_every_route_has_a_typed_response_model(app):
    """API routes: a pydantic model (or a list of them), or a declared non-JSON response (files,
    204); page routes: an HTML, redirect, file or streaming response."""
    bad = []
    for r in _routes(app):
        if r.path.startswith("/api/"):
            ok = _model_ok(r.response_model) or (r.response_model is None and (
                r.status_code == 204 or _declares_response(r)))
        else:
            cls = getattr(r.response_class, "value", r.response_class)
            ok = (isinstance(cls, type) and issubclass(cls, PAGE_RESPONSES)) or _model_ok(r.response_model) \
                or _declares_response(r)
        if not ok:
            bad.append(f"{r.path} {sorted(r.methods)}: {r.response_model!r}")
    assert not bad, bad


def test_pages_call_services_not_api_helpers_or_routes(app):
    """No page function imports a private helper (``_name``) or a route function of an API
    module; the services (keyparts.web.services) are what pages and routes share."""
    api_routes = {r.endpoint.__name__ for r in _routes(app) if r.path.startswith("/api/")}
    bad = []
    for r in _routes(app):
        if r.path.startswith("/api/"):
            continue
        fn = inspect.unwrap(r.endpoint)
        tree = ast.parse(inspect.getsource(inspect.getmodule(fn)))
        body = _body(fn)
        for node in [*ast.walk(body), *(n for n in tree.body if isinstance(n, ast.ImportFrom))]:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("keyparts.web.api"):
                for a in node.names:
                    if a.name.startswith("_") or a.name in api_routes:
                        bad.append(f"{fn.__module__}.{fn.__name__}: from {node.module} import {a.name}")
    assert not bad, sorted(set(bad))


# ------------------------------------------------------------------ OpenAPI security
def test_openapi_declares_security_schemes_used_by_protected_operations(app):
    """/docs shows an Authorize button when the document has securitySchemes: a bearer token and
    the session cookie; every operation that needs a signed-in caller names them, the sign-in
    and the version do not."""
    doc = app.openapi()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}
    assert schemes["sessionCookie"]["in"] == "cookie" and schemes["sessionCookie"]["name"] == "kp_session"
    ops = {(path, m): op for path, item in doc["paths"].items() for m, op in item.items()}
    for key in [("/api/v1/demands", "post"), ("/api/v1/users", "post"), ("/api/v1/assessment", "get"),
                ("/api/v1/datasets/import", "post"), ("/api/v1/qualification/cases", "get")]:
        assert {"bearerToken": []} in ops[key]["security"] and {"sessionCookie": []} in ops[key]["security"], key
    assert "security" not in ops[("/api/v1/auth/login", "post")]
    assert "security" not in ops[("/api/v1/version", "get")]
    unprotected = [k for k, op in ops.items() if "security" not in op]
    assert sorted(unprotected) == [("/api/v1/auth/login", "post"), ("/api/v1/version", "get")]


def test_a_write_with_the_bearer_token_works_as_from_docs(sqlite_env):
    """What /docs sends after Authorize with a token: ``Authorization: Bearer <token>`` and no
    CSRF header. A token made by POST /tokens (with the session) creates a demand."""
    from fastapi.testclient import TestClient

    from tests.web.conftest import PASSWORD
    c = TestClient(sqlite_env.app)
    me = c.post("/api/v1/auth/login", json={"username": "oem", "password": PASSWORD}).json()
    tok = c.post("/api/v1/tokens", json={"name": "docs"}, headers={"X-CSRF-Token": me["csrf_token"]}).json()["token"]
    d = TestClient(sqlite_env.app)
    r = d.post("/api/v1/demands", json={"id": "DOCS1", "category_id": "BRG-DGBB", "quantity": 5},
               headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 201 and r.json()["id"] == "O1:DOCS1" and r.json()["quantity"] == 5.0
    assert d.post("/api/v1/demands", json={"id": "DOCS2", "category_id": "BRG-DGBB", "quantity": 5}).status_code == 401
