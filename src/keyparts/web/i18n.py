"""The interface language: gettext catalogs compiled with Babel (``src/keyparts/locale``),
one locale per request.

Which locale a request gets, first match wins:

1. the ``lang`` cookie, set by the nav's language switch (``/lang/zh_CN``): the choice just
   made in this browser;
2. the signed-in user's setting (``users.locale``; the switch saves it too, so a new browser
   opens in the language the user last chose);
3. ``Accept-Language``;
4. English.

Templates write ``{{ _("Parts") }}`` (Jinja2's i18n extension, new-style gettext, so
``{{ _("%(n)s parts", n=3) }}`` formats too); Python code that builds text for users calls
:func:`gettext`. A message without a translation is shown as written (English).

>>> negotiate("zh-CN,zh;q=0.9,en;q=0.8", None)
'zh_CN'
>>> negotiate("de-DE", None)
'en'
>>> negotiate("en-US", "zh_CN")
'zh_CN'
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LOCALES = ("en", "zh_CN")
DEFAULT = "en"
COOKIE = "lang"

_current: ContextVar[str] = ContextVar("keyparts_locale", default=DEFAULT)


@lru_cache(maxsize=None)
def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``locale`` (a NullTranslations when none is compiled)."""
    return Translations.load(str(LOCALE_DIR), [locale], domain="messages")


def current() -> str:
    return _current.get()


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (translated where shown)."""
    return message


@contextmanager
def use(locale: str) -> Iterator[str]:
    """Messages in ``locale`` inside the block (CLI output, the offline report)."""
    token = _current.set(locale if locale in LOCALES else DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def prefer_user(locale: str | None, cookie: str | None) -> None:
    """Called once the signed-in user is known: the user's setting replaces the
    ``Accept-Language`` choice, not a ``lang`` cookie (see the module's order)."""
    if cookie not in LOCALES and locale in LOCALES:
        _current.set(locale)


def gettext(message: str, **variables) -> str:
    text = translations(_current.get()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    text = translations(_current.get()).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def negotiate(accept_language: str | None, cookie: str | None) -> str:
    """The locale for a request: the cookie when it names a supported locale, else the best
    match of ``Accept-Language`` (RFC 9110 §12.5.4 weights), else English."""
    if cookie in LOCALES:
        return cookie
    wanted = []
    for item in (accept_language or "").split(","):
        tag, _, q = item.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        if tag:
            wanted.append((weight, tag.replace("-", "_")))
    for _, tag in sorted(wanted, key=lambda w: -w[0]):
        lang = tag.split("_")[0].lower()
        if lang == "zh":
            return "zh_CN"
        if lang == "en":
            return "en"
    return DEFAULT


class LocaleMiddleware:
    """Pure ASGI middleware: sets the request's locale for templates and messages."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers", ()))
        cookie = None
        for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                cookie = value
        token = _current.set(negotiate(headers.get(b"accept-language", b"").decode("latin-1"), cookie))
        try:
            return await self.app(scope, receive, send)
        finally:
            _current.reset(token)


def install(env) -> None:
    """Give a Jinja2 environment ``_``, ``gettext`` and ``ngettext`` and ``{% trans %}``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["locale"] = current
