"""The caller's settings page: API tokens for scripts (create with a name, shown once, list,
revoke). Calls :mod:`keyparts.web.services.accounts`, as the API's /tokens routes do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from keyparts.errors import KeypartsError
from keyparts.web.deps import Caller
from keyparts.web.pages import error_box, render
from keyparts.web.services import accounts

router = APIRouter(include_in_schema=False)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, p: Caller) -> HTMLResponse:
    return render(request, "settings.html", p, tokens=accounts.tokens(request.app.state.engine, p))


@router.post("/settings/tokens", response_class=HTMLResponse)
def token_create(request: Request, p: Caller, name: Annotated[str, Form(max_length=100)] = "") -> HTMLResponse:
    """A new token: its secret once, above the refreshed list."""
    eng = request.app.state.engine
    try:
        created = accounts.create_token(eng, p, name)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_tokens.html", p, tokens=accounts.tokens(eng, p), created=created)


@router.post("/settings/tokens/{token_id}/revoke", response_class=HTMLResponse)
def token_revoke(token_id: int, request: Request, p: Caller) -> HTMLResponse:
    eng = request.app.state.engine
    try:
        accounts.revoke_token(eng, p, token_id)
    except KeypartsError as exc:
        return error_box(request, exc)
    return render(request, "_tokens.html", p, tokens=accounts.tokens(eng, p), revoked=token_id)
