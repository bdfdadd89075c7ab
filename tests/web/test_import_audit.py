"""A dataset import from the web and its audit entry are one transaction (issue 12 §7): both
are committed, or neither. On SQLite and PostgreSQL (``env`` runs on both)."""

from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa

from keyparts.errors import InputError
from tests.dataset.tiny import TINY

RENAMED = "6205-2RS/P5 (renamed)"


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in files.items():
            z.writestr(f"ds/{k}", v)
    return buf.getvalue()


def _upload() -> dict:
    """tiny.py with part P1's designation changed: the import would rename it."""
    files = dict(TINY)
    files["parts.csv"] = TINY["parts.csv"].replace("P1,M1,BRG-DGBB-P5,6205-2RS/P5,", f"P1,M1,BRG-DGBB-P5,{RENAMED},")
    assert files["parts.csv"] != TINY["parts.csv"]
    return {"file": ("renamed.zip", _zip(files), "application/zip")}


def _state(env) -> tuple[str, int, list[tuple]]:
    """P1's stored designation, the number of imports logged, the dataset audit entries."""
    with env.app.state.engine.connect() as c:
        name = c.execute(sa.text("SELECT designation FROM parts WHERE id = 'P1'")).scalar_one()
        imports = c.execute(sa.text("SELECT count(*) FROM import_log")).scalar_one()
        audit = c.execute(sa.text("SELECT action, table_name, row_key, username FROM audit_log "
                                  "WHERE table_name = 'dataset' ORDER BY id")).all()
    return name, imports, [tuple(r) for r in audit]


def test_import_and_its_audit_entry_commit_together(env):
    name, imports, audit = _state(env)
    assert name == "6205-2RS/P5" and audit == []
    r = env.client("admin").post("/api/v1/datasets/import", files=_upload())
    assert r.status_code == 200 and r.json()["imported"]["parts"] == 3
    assert _state(env) == (RENAMED, imports + 1, [("import", "dataset", "renamed.zip", "admin")])


def test_a_failed_audit_entry_leaves_the_database_as_it_was(env, monkeypatch):
    """The audit write fails inside the import's transaction: the rename, the import log and
    the data versions roll back with it (the catalogue keeps answering the old name)."""
    import keyparts.web.tenancy as tenancy

    def broken(*a, **k):
        raise InputError("audit trail unavailable")
    before = _state(env)
    with env.app.state.engine.connect() as c:
        versions = c.execute(sa.text("SELECT * FROM data_versions ORDER BY 1")).all()
    monkeypatch.setattr(tenancy, "audit_row", broken)
    r = env.client("admin").post("/api/v1/datasets/import", files=_upload())
    assert r.status_code == 400 and "audit trail unavailable" in r.json()["detail"]
    assert _state(env) == before
    with env.app.state.engine.connect() as c:
        assert c.execute(sa.text("SELECT * FROM data_versions ORDER BY 1")).all() == versions
    assert env.client("oem").get("/api/v1/parts/P1").json()["designation"] == "6205-2RS/P5"


def test_a_failed_import_writes_no_audit_success(env, monkeypatch):
    """A write of the import fails part-way (on the tests table, after parts were written): no
    row changed and no audit entry says it was imported; the page reports the error in place."""
    import keyparts.store.repository as repository
    real = repository._upsert

    def failing(conn, table, columns, rows):
        if table.name == "tests":
            raise InputError("tests.csv: the disk is full")
        return real(conn, table, columns, rows)
    before = _state(env)
    monkeypatch.setattr(repository, "_upsert", failing)
    r = env.client("admin").post("/api/v1/datasets/import", files=_upload())
    assert r.status_code == 400 and "disk is full" in r.json()["detail"]
    assert _state(env) == before
    from tests.web.test_pages import signed_in
    c, csrf = signed_in(env, "admin")
    r = c.post("/import", data={"action": "import", "csrf_token": csrf}, files=_upload())
    assert "disk is full" in r.text and _state(env) == before


def test_only_admins_import_from_the_page(env):
    """The import page's action is checked by a dependency (ImportAction): a member may
    validate (200), importing is 403 and changes nothing."""
    from tests.web.test_pages import signed_in
    c, csrf = signed_in(env, "oem")
    before = _state(env)
    r = c.post("/import", data={"action": "validate", "csrf_token": csrf}, files=_upload())
    assert r.status_code == 200 and "renamed.zip" in r.text
    r = c.post("/import", data={"action": "import", "csrf_token": csrf}, files=_upload())
    assert r.status_code == 403 and "importing needs the role admin" in r.text
    assert _state(env) == before
