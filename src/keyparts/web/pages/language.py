"""The nav's language switch: ``/lang/zh_CN?next=/parts`` sets the ``lang`` cookie, saves the
choice as the signed-in user's setting (``users.locale``) and goes back to ``next``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from keyparts.errors import NotFoundError
from keyparts.web import auth, i18n
from keyparts.web.deps import optional_principal

router = APIRouter(include_in_schema=False)
YEAR_S = 365 * 24 * 3600


def _local(next_url: str) -> str:
    """Only a path of this site (no scheme, no ``//host``) is followed."""
    return next_url if next_url.startswith("/") and not next_url.startswith(("//", "/\\")) else "/"


@router.get("/lang/{locale}")
def switch_language(locale: str, request: Request, next: str = "/") -> RedirectResponse:
    if locale not in i18n.LOCALES:
        raise NotFoundError(f"language {locale!r}: expected one of {', '.join(i18n.LOCALES)}")
    p = optional_principal(request)
    if p is not None and p.locale != locale:
        auth.set_locale(request.app.state.engine, p.user_id, locale)
    resp = RedirectResponse(_local(next), status_code=303)
    resp.set_cookie(i18n.COOKIE, locale, max_age=YEAR_S, path="/", samesite="lax",
                    secure=request.url.scheme == "https")
    return resp
