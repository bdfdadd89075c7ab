"""The web platform: FastAPI REST API v1, Jinja2 + htmx pages, accounts, tenant-scoped data."""

from keyparts.web.app import create_app

__all__ = ["create_app"]
