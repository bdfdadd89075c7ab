"""``keyparts serve`` and ``keyparts user add|password|list|disable``; ``demo_accounts`` for ``keyparts demo``."""

from __future__ import annotations

import json
import secrets
from typing import Annotated

import typer
from rich.table import Table

from keyparts.cli.common import DbOpt, console

user_app = typer.Typer(help="Platform accounts: add, password, list, disable.", no_args_is_help=True)



def _engine(db: str | None):
    from keyparts.store import make_engine, upgrade
    eng = make_engine(db)
    upgrade(eng)
    return eng


@user_app.command("add")
def add_cmd(username: Annotated[str, typer.Argument(help="Login name")],
            enterprise: Annotated[str, typer.Option("--enterprise", "-e", help="Enterprise id of the dataset")],
            role: Annotated[str, typer.Option("--role", "-r", help="admin | analyst | member")] = "member",
            db: DbOpt = None) -> None:
    """Create a user of an enterprise of the stored dataset. The password is read from the
    terminal (twice, hidden) or from standard input: never from the command line, where
    other users of the machine would see it in the process list.

    Example: keyparts user add li.wei --enterprise O-CN-007 --role member
    """
    from keyparts.web.auth import add_user
    from keyparts.web.tenancy import audit_system

    password = _read_password()
    eng = _engine(db)
    uid = add_user(eng, username, password, enterprise, role)
    audit_system(eng, None, "create", "users", username, {"enterprise_id": enterprise, "role": role},
                 enterprise_id=enterprise)
    console.print(f"user [bold]{username}[/] (id {uid}) added to {enterprise} as {role}")


def _read_password() -> str:
    """A new password: prompted twice, hidden, on a terminal; else two lines of standard input."""
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@user_app.command("password")
def password_cmd(username: Annotated[str, typer.Argument(help="Login name")], db: DbOpt = None) -> None:
    """Reset a user's password (read from the terminal or standard input); its sessions end.

    Example: keyparts user password li.wei
    """
    from keyparts.web.auth import set_password
    from keyparts.web.tenancy import audit_system

    password = _read_password()
    eng = _engine(db)
    set_password(eng, username, password)
    audit_system(eng, None, "password", "users", username)
    console.print(f"password of [bold]{username}[/] reset; its sessions ended")


@user_app.command("list")
def list_cmd(db: DbOpt = None,
             as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False) -> None:
    """List users.

    Example: keyparts user list --json
    """
    from keyparts.web.auth import list_users

    rows = list_users(_engine(db))
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    t = Table("id", "username", "enterprise", "role", "disabled", "created")
    for r in rows:
        t.add_row(str(r["id"]), r["username"], r["enterprise_id"], r["role"], "yes" if r["disabled"] else "",
                  r["created_at"][:19])
    console.print(t)


@user_app.command("disable")
def disable_cmd(username: Annotated[str, typer.Argument(help="Login name")], db: DbOpt = None,
                enable: Annotated[bool, typer.Option("--enable", help="Enable again instead")] = False) -> None:
    """Disable a user (its sessions end at once; tokens stop working).

    Example: keyparts user disable li.wei
    """
    from keyparts.web.auth import set_disabled
    from keyparts.web.tenancy import audit_system

    eng = _engine(db)
    set_disabled(eng, username, not enable)
    audit_system(eng, None, "enable" if enable else "disable", "users", username)
    console.print(f"user [bold]{username}[/] {'enabled' if enable else 'disabled'}")


def demo_accounts(db: str | None = None, *, reset: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet on the stored dataset; returns (user,
    password, enterprise) to print. A new account gets a random password (there are no fixed
    credentials); an existing one keeps its password (shown as "unchanged"), unless ``reset``.

    Accounts: ``admin`` and ``analyst`` (at the first institute, else the first enterprise),
    ``oem`` (the OEM of the first demand) and ``maker`` (the maker of the first tested part).
    """
    import sqlalchemy as sa

    from keyparts.store.tables import TABLE
    from keyparts.web.auth import add_user, list_users, set_disabled, set_password

    eng = _engine(db)
    with eng.connect() as c:
        ent = TABLE["enterprises"]
        first = lambda q: c.execute(q).scalar()
        inst = first(sa.select(ent.c.id).where(ent.c.kind == "institute").order_by(ent.c.id).limit(1)) \
            or first(sa.select(ent.c.id).order_by(ent.c.id).limit(1))
        oem = first(sa.select(TABLE["demands"].c.oem_id).order_by(TABLE["demands"].c.id).limit(1)) \
            or first(sa.select(ent.c.id).where(ent.c.kind == "oem").order_by(ent.c.id).limit(1)) or inst
        t, p = TABLE["tests"], TABLE["parts"]
        maker = first(sa.select(p.c.maker_id).join(t, t.c.part_id == p.c.id).order_by(t.c.test_id).limit(1)) \
            or first(sa.select(ent.c.id).where(ent.c.kind == "parts_maker").order_by(ent.c.id).limit(1)) or inst
    if inst is None:
        return []
    existing = {u["username"]: u for u in list_users(eng)}
    out = []
    for name, ent_id, role in (("admin", inst, "admin"), ("analyst", inst, "analyst"),
                               ("oem", oem, "member"), ("maker", maker, "member")):
        pw = secrets.token_urlsafe(9)
        if name in existing and not reset:
            pw = "(unchanged)"
        elif name in existing:
            set_password(eng, name, pw)
            set_disabled(eng, name, False)
        else:
            add_user(eng, name, pw, ent_id, role)
        out.append((name, pw, existing[name]["enterprise_id"] if name in existing else ent_id))
    eng.dispose()
    return out


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")

    @app.command("serve")
    def serve(host: Annotated[str, typer.Option("--host", help="Interface to listen on")] = "127.0.0.1",
              port: Annotated[int, typer.Option("--port", help="TCP port")] = 8000,
              workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64,
                                                   help="Server processes (about one per core)")] = 1,
              db: DbOpt = None) -> None:
        """Serve the web platform (REST API at /api/v1, docs at /docs, pages at /).

        With --workers N, N processes share the port; they share everything through the
        database (sessions, sign-in throttling, the data version), so any of them may answer
        any request. Migrations are applied once, before the workers start.

        Example: keyparts serve --port 8000 --workers 2 --db sqlite:///keyparts.db
        """
        import os

        import uvicorn

        from keyparts.store import make_engine, upgrade
        from keyparts.store.db import database_url

        url = database_url(db)
        eng = make_engine(url)
        upgrade(eng)  # once, here: N workers migrating one database at the same time would race
        eng.dispose()
        os.environ["KEYPARTS_DATABASE_URL"] = url  # what each worker's create_app() opens
        console.print(f"keyparts web on http://{host}:{port} with {workers} worker{'s' * (workers > 1)}  "
                      f"(API docs: http://{host}:{port}/docs)")
        uvicorn.run("keyparts.web:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="info", proxy_headers=False)
