"""A running server sees what another process wrote, through the data version in the database."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from keyparts.cli import app as cli
from tests.dataset.tiny import TINY, write_tiny


def test_a_cli_import_while_the_server_runs_is_visible_within_2_s(env, tmp_path):
    """The server has answered a search (its index is built); then `keyparts data import`, a
    separate engine as a separate process would have, moves P1's bore from 25 mm to 30 mm.
    Without any call to the server's cache, its search for d=30mm returns P1 within 2 s."""
    c = env.client("analyst")
    assert c.get("/api/v1/parts", params={"q": "d=30mm"}).json()["total"] == 0
    folder = write_tiny(tmp_path / "v2", part_values_csv=TINY["part_values.csv"].replace("P1,d,25,mm", "P1,d,30,mm"))
    r = CliRunner().invoke(cli, ["data", "import", str(folder), "--db", env.url])
    assert r.exit_code == 0, r.output
    t0 = time.monotonic()
    while [i["part_id"] for i in c.get("/api/v1/parts", params={"q": "d=30mm"}).json()["items"]] != ["P1"]:
        assert time.monotonic() - t0 < 2.0, "the import is not visible to the server within 2 s"
        time.sleep(0.05)


def test_a_request_sees_every_write_committed_before_it_began(env, tmp_path):
    """Even when the worker's cache would trust a read of the data version for 60 s, a request
    that begins after a commit made elsewhere (here `keyparts data import` on its own engine,
    moving P1's bore from 25 to 30 mm) answers from the new data: the server marks when each
    request began (NOT_BEFORE) and the versions are read again for it. No waiting."""
    env.app.state.cache.refresh_s = 60.0
    c = env.client("analyst")
    assert c.get("/api/v1/parts", params={"q": "d=30mm"}).json()["total"] == 0
    folder = write_tiny(tmp_path / "v2", part_values_csv=TINY["part_values.csv"].replace("P1,d,25,mm", "P1,d,30,mm"))
    r = CliRunner().invoke(cli, ["data", "import", str(folder), "--db", env.url])
    assert r.exit_code == 0, r.output
    assert [i["part_id"] for i in c.get("/api/v1/parts", params={"q": "d=30mm"}).json()["items"]] == ["P1"]
