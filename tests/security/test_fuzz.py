"""Acceptance of issue 11: a schemathesis run over every API operation by members of two
enterprises, against one database whose state the run itself keeps changing (rows created,
shared, deleted): no 5xx, and no response to one enterprise carries a row of the other.

Each enterprise's private rows carry a canary string (a demand's id, a campaign's unit ids);
a response to the other enterprise that contains it has leaked a row.
"""

from __future__ import annotations

import io

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import make_env

EXAMPLES = 2
CANARY = {"oem": "CANARY-O1", "rival": "CANARY-M2"}


def plant(env) -> None:
    for user, canary in CANARY.items():
        c = env.client(user)
        r = c.post("/api/v1/demands", json={"id": canary, "category_id": "BRG", "quantity": 7})
        assert r.status_code == 201, r.text
    csv = b"time,status,unit_id\n100,F,CANARY-M2-a\n200,F,CANARY-M2-b\n"
    r = env.client("rival").post("/api/v1/parts/P2/tests", data={"test_id": "SECRET"},
                                 files={"file": ("t.csv", io.BytesIO(csv), "text/csv")})
    assert r.status_code == 201, r.text


def readable(r) -> str:
    """The text of a response, the cells of an XLSX export included (its sheets are zipped XML)."""
    if r.headers.get("content-type", [""])[0].startswith("application/vnd.openxmlformats"):
        import zipfile
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return r.content.decode("utf-8", errors="replace")


def test_two_enterprises_fuzzing_the_api_get_no_5xx_and_no_foreign_row(tmp_path):
    env = make_env(f"sqlite:///{tmp_path / 'kp.db'}", tmp_path)
    plant(env)
    schema = schemathesis.openapi.from_asgi("/openapi.json", env.app)
    problems: list[str] = []
    for result in schema.get_all_operations():
        op = result.ok()
        if op.path.startswith("/api/v1/tokens/"):  # revoking the fuzzer's own token only yields 401s
            continue
        for user, other in (("rival", "oem"), ("oem", "rival")):
            headers = {"Authorization": f"Bearer {env.tokens[user]}"}

            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=op.as_strategy())
            def run(case) -> None:
                r = case.call(headers=headers)
                where = f"{user}: {case.method} {case.formatted_path} -> {r.status_code}"
                if r.status_code >= 500:
                    problems.append(f"{where}: {r.text[:200]}")
                if CANARY[other] in readable(r):
                    problems.append(f"{where}: carries a private row of {other}")

            run()
    env.app.state.engine.dispose()
    assert problems == [], "\n".join(problems[:20])
