"""Sign in/out, the caller, API tokens, and user management (admin)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from keyparts.web import auth
from keyparts.web.api.schemas import LoginIn, Me, TokenCreated, TokenIn, TokenOut, UserIn, UserOut
from keyparts.web.deps import Admin, Caller
from keyparts.web.services import accounts as svc
from keyparts.web.services.accounts import client_ip, is_https, login_or_raise, set_session_cookie  # noqa: F401

router = APIRouter(tags=["accounts"])


@router.post("/auth/login", response_model=Me, operation_id="login")
def login(body: LoginIn, request: Request, response: Response) -> Me:
    """Sign in: sets the HttpOnly session cookie; returns the caller and the CSRF token to send
    in ``X-CSRF-Token`` on writes made with the cookie."""
    p = login_or_raise(request, body.username, body.password)
    token, csrf = auth.create_session(request.app.state.engine, p)
    set_session_cookie(request, response, token)
    return Me(id=p.user_id, username=p.username, enterprise_id=p.enterprise_id, role=p.role, csrf_token=csrf)


@router.post("/auth/logout", status_code=204, operation_id="logout")
def logout(p: Caller, request: Request, response: Response) -> Response:
    """End the session."""
    if (tok := request.cookies.get(auth.SESSION_COOKIE)):
        auth.end_session(request.app.state.engine, tok)
    response = Response(status_code=204)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me, operation_id="get_me")
def me(p: Caller) -> Me:
    """The signed-in caller."""
    return Me(id=p.user_id, username=p.username, enterprise_id=p.enterprise_id, role=p.role,
              csrf_token=p.csrf or None)


@router.get("/tokens", response_model=list[TokenOut], operation_id="list_tokens")
def list_tokens(p: Caller, request: Request) -> list[dict]:
    """The caller's API tokens (without their secret)."""
    return svc.tokens(request.app.state.engine, p)


@router.post("/tokens", response_model=TokenCreated, status_code=201, operation_id="create_token")
def create_token(body: TokenIn, p: Caller, request: Request) -> TokenCreated:
    """A new bearer token for scripts; the secret is shown only in this response."""
    return TokenCreated(**svc.create_token(request.app.state.engine, p, body.name))


@router.delete("/tokens/{token_id}", status_code=204, operation_id="revoke_token")
def revoke_token(token_id: int, p: Caller, request: Request) -> Response:
    """Revoke one of the caller's tokens."""
    svc.revoke_token(request.app.state.engine, p, token_id)
    return Response(status_code=204)


@router.get("/users", response_model=list[UserOut], operation_id="list_users")
def list_users(p: Admin, request: Request) -> list[dict]:
    """Every user (admin)."""
    return svc.list_users(request.app.state.engine)


@router.post("/users", response_model=UserOut, status_code=201, operation_id="create_user")
def create_user(body: UserIn, p: Admin, request: Request) -> dict:
    """Create a user (admin)."""
    return svc.create_user(request.app.state.engine, p, body.username, body.password, body.enterprise_id,
                           body.role)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)
    new_password: str = Field(min_length=1, max_length=auth.MAX_PASSWORD)


@router.post("/me/password", status_code=204, operation_id="change_password")
def change_password(body: PasswordChange, p: Caller, request: Request) -> Response:
    """Change the caller's own password (the current one is required); every session of the
    caller ends, its API tokens stay."""
    svc.change_password(request.app.state.engine, p, body.current_password, body.new_password)
    response = Response(status_code=204)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response
