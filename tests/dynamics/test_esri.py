"""ESRI (Diem et al. 2022, Sci. Rep. 12:7719) and the protected list, by hand and against a
brute-force removal of each firm written independently with plain loops."""

from __future__ import annotations

import numpy as np
import pytest

from keyparts.dynamics import network
from keyparts.dynamics.esri import esri
from keyparts.dynamics.whitelist import whitelist


def _chain(essential_last: bool = True):
    """S2 (firm 0) -> S1 (firm 1) -> L (firm 2), flows 1 a day; final demand 1 at S1 and at L.
    Outputs: S2 1, S1 2, L 1; total 4."""
    return network([0, 1], [1, 2], [1.0, 1.0], [0.0, 1.0, 1.0], [0, 1, 2], ["S2", "S1", "L"],
                   essential=[True, essential_last])


def test_esri_by_hand() -> None:
    """All inputs essential. S2 fails: S1 and then L have no input: 4/4 lost. S1 fails: L has no
    input, S2 no customer: 1. L fails: S1 keeps its final demand, h_S1 = (1 + 1 x 0)/2 = 0.5,
    S2 sells to S1 only: 0.5; lost 1 + 2 x 0.5 + 1 x 0.5 = 2.5, ESRI 2.5/4 = 0.625.
    S1 -> L non-essential with a fixed weight beta = 1/2 (--nonessential-weight 0.5): S1 fails:
    L = 1 - 0.5 x 1 = 0.5, S2 = 0: lost 2 + 1 + 0.5 = 3.5, 0.875; S2 fails: S1 = 0, L = 0.5:
    0.875; L fails: as before, 0.625."""
    assert esri(_chain()).esri == pytest.approx((1.0, 1.0, 0.625))
    assert esri(_chain(False), nonessential_weight=0.5).esri == pytest.approx((0.875, 0.875, 0.625))
    assert esri(_chain(False), nonessential_weight=0.5).ranked(1) == [("S1", pytest.approx(0.875))]
    # a group failing together: both suppliers
    g = esri(_chain(False), groups={"S": np.array([0, 1])}, nonessential_weight=0.5)
    assert g.esri == pytest.approx((3.5 / 4,))


def test_nonessential_inputs_weigh_their_share_of_all_inputs() -> None:
    """Diem et al. 2022's rule as in the authors' GLcascade 0.9.3.1: a non-essential link weighs
    W_ji / (all inputs of i). S1 (row 0) sells 3 to L (essential), N (row 1) sells 1 to L
    (non-essential, another sector); L (row 2) sells 5 to final demand. Outputs 3, 1, 5: 9.
    N fails: L = 1 - 1/(3 + 1) = 0.75; S1 sells only to L: 0.75; L's essential input then
    allows 0.75 too. Lost 1 + 3 x 0.25 + 5 x 0.25 = 3: ESRI(N) = 1/3 (with a fixed weight 1/2
    L and S1 would fall to 0.5: 5/9). S1 fails: L = 0, N sells only to L: 0, lost 9: 1.
    L fails: S1 and N have no customer left: 1."""
    net = network([0, 1], [2, 2], [3.0, 1.0], [0.0, 0.0, 5.0], [0, 1, 2], ["S1", "N", "L"],
                  essential=[True, False])
    res = esri(net)
    assert res.nonessential_weight is None
    assert res.esri == pytest.approx((1.0, 1 / 3, 1.0), rel=1e-9)
    assert esri(net, nonessential_weight=0.5).esri[1] == pytest.approx(5 / 9, rel=1e-9)


def _brute_force(n, links, c, sector, beta, tol=1e-12):
    """ESRI of each firm by removing it and iterating the equations firm by firm (loops)."""
    out0 = [c[i] + sum(w for (s, _, w, _) in links if s == i) for i in range(n)]
    total = sum(out0)
    res = []
    for fail in range(n):
        h = [0.0 if i == fail else 1.0 for i in range(n)]
        for _ in range(100_000):
            new = []
            for i in range(n):
                if i == fail:
                    new.append(0.0)
                    continue
                level = 1.0
                ins = [(s, w, e) for (s, cu, w, e) in links if cu == i]
                for k in {sector[s] for (s, _, e) in ins if e}:
                    got = sum(w * h[s] for (s, w, e) in ins if e and sector[s] == k)
                    pi = sum(w for (s, w, e) in ins if e and sector[s] == k)
                    level = min(level, got / pi)
                ne = [(s, w) for (s, w, e) in ins if not e]
                if ne:
                    lost = sum(w * (1 - h[s]) for s, w in ne)
                    # beta None: the lost share of all inputs; else beta x the lost
                    # share of the non-essential inputs
                    level = min(level, 1 - lost / sum(w for _, w, _ in ins) if beta is None
                                else 1 - beta * lost / sum(w for _, w in ne))
                outs = [(cu, w) for (s, cu, w, _) in links if s == i]
                if c[i] + sum(w for _, w in outs) > 0:
                    level = min(level, (c[i] + sum(w * h[cu] for cu, w in outs)) /
                                (c[i] + sum(w for _, w in outs)))
                new.append(level)
            moved = max(abs(a - b) for a, b in zip(new, h, strict=True))
            h = new
            if moved <= tol:
                break
        res.append(sum(o * (1 - x) for o, x in zip(out0, h, strict=True)) / total)
    return res


@pytest.mark.parametrize("seed", range(25))
def test_esri_equals_brute_force_removal_on_random_networks(seed) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 11))
    pairs = [(s, c) for s in range(n) for c in range(n) if s != c and rng.random() < 0.3]
    if not pairs:
        pairs = [(0, 1)]
    links = [(s, c, float(rng.uniform(0.1, 5.0)), bool(rng.random() < 0.7)) for s, c in pairs]
    c = [float(rng.uniform(0, 3)) if rng.random() < 0.6 else 0.0 for _ in range(n)]
    sector = [int(rng.integers(0, 3)) for _ in range(n)]
    beta = [None, 0.5, 1.0, 0.3][int(rng.integers(0, 4))]
    net = network([s for s, *_ in links], [cu for _, cu, *_ in links], [w for _, _, w, _ in links],
                  c, sector, essential=[e for *_, e in links])
    if net.output.sum() == 0:
        return
    got = esri(net, nonessential_weight=beta, tol=1e-12, batch=4).esri
    np.testing.assert_allclose(got, _brute_force(n, links, c, sector, beta), atol=1e-9)


@pytest.mark.parametrize("method", ["exact", "greedy"])
def test_whitelist_by_hand(method) -> None:
    """Everything off the list stops; L must keep full output. Target inventories 5 days.
    Nobody listed: L lives on its stock of 5 days' input (days 0..4), short on day 5. S1 listed:
    it makes its full output on days 0..4 from its own stock of S2's part (5 - t before
    production on day t), none from day 5; L receives 1 a day until day 5 and then lives on its
    stock (5, 4, 3, 2, 1 on days 5..9): full through day 9, short on day 10. So 5 days need
    nobody, 10 days S1, 11 days S1 and S2."""
    net = _chain()
    for days, expected in ((5, ()), (10, ("S1",)), (11, ("S1", "S2"))):
        w = whitelist(net, ["L"], days=days, method=method, inventory_days=5)
        assert set(w.suppliers) == set(expected) and w.feasible, (days, w)
        assert w.method == method and w.candidates == 2
    d = whitelist(net, ["L"], days=11, inventory_days=5).to_dict()   # auto: 2 candidates
    assert d["method"] == "exact" and {s["id"] for s in d["suppliers"]} == {"S1", "S2"}
    assert [s["esri"] for s in d["suppliers"]] == pytest.approx([1.0, 1.0])


def test_cli_risk_esri_and_whitelist(tmp_path) -> None:
    """On the tiny dataset (tests/dynamics/test_from_supply.py): outputs per day X1 410 958.90,
    spindle plant A = 6575.34, bearing plants 0.4u = 39.45 and 0.6u = 59.18 (u = 98.63); total
    T = 417 632.88. X1 fails: upstream, the spindle plant sells nothing (h 0), so neither do the
    bearing plants: everything is lost, ESRI 1. The spindle plant fails: X1 has no spindles and
    the bearing plants no customer: 1. M1's bearing plant fails: the spindle plant's bearings
    fall to 0.6 h_M2 (one sector, M2 gives 0.6 of them), and M2's plant sells only to the
    spindle plant, h_M2 = h_spindle: the fixed point is h = 0.6 h, so 0, and everything is lost
    again (the cascade spirals between supply and demand): ESRI 1 (to the tolerance, 1e-10 per
    step of a geometric series of ratio 0.6)."""
    import json

    from typer.testing import CliRunner

    from keyparts.cli import app
    from tests.dataset.tiny import write_tiny

    d = write_tiny(tmp_path / "tiny")
    r = CliRunner().invoke(app, ["risk", "esri", "--data", str(d), "--top", "4", "--by-category",
                                 "--json"])
    assert r.exit_code == 0, r.output
    out = {f["id"]: f["esri"] for f in json.loads(r.output)["firms"]}
    assert out["X1"] == pytest.approx(1.0) and out["M1|BRG|CN"] == pytest.approx(1.0)
    assert out["M1|BRG-DGBB-P5|CN"] == pytest.approx(1.0, abs=1e-9)
    assert out["M2|BRG-DGBB-P5|JP"] == pytest.approx(1.0, abs=1e-9)
    cats = {f["id"]: f["esri"] for f in json.loads(r.output)["categories"]}
    assert cats["BRG-DGBB-P5"] == pytest.approx(1.0)
    # 15 days of stock everywhere. X1 alone runs on its spindles on days 0..14: 15 days need
    # nobody. With the spindle plant running on its bearings (days 0..14, delivered to day 15),
    # X1 runs through day 29: 20 days need it. 40 days also need one bearing plant: with M1's
    # (0.4u a day) X1 runs to day 47 (test_from_supply), with M2's (0.6u) longer.
    def listed(days):
        w = CliRunner().invoke(app, ["risk", "whitelist", "--data", str(d), "--protect", "X1",
                                     "--days", str(days), "--json"])
        assert w.exit_code == 0, w.output
        return [s["id"] for s in json.loads(w.output)["suppliers"]]

    assert listed(15) == []
    assert listed(20) == ["M1|BRG|CN"]
    forty = listed(40)
    assert len(forty) == 2 and "M1|BRG|CN" in forty


def test_second_source_by_hand() -> None:
    """A (sector 0) sells 1 a day to L (sector 1, final demand 1); B (sector 0) sells 1 to final
    demand. Outputs 1, 1, 1. A fails: L has nothing, ESRI(A) = (1 + 1) / 3 = 2/3.
    With B as second source for half of L's purchase (A 0.5, B 1.5, L 1; total 3), A fails:
    h_L = 0.5 h_B (only B's half arrives) and h_B = (1 + 0.5 h_L) / 1.5 (its final demand stays),
    so h_B = 0.8, h_L = 0.4; lost 0.5 + 1.5 x 0.2 + 0.6 = 1.4, ESRI(A) = 1.4 / 3 = 7/15."""
    from keyparts.dynamics.esri import second_source

    net = network([0], [2], [1.0], [0.0, 1.0, 1.0], [0, 0, 1], ["A", "B", "L"])
    assert esri(net).esri[0] == pytest.approx(2 / 3)
    res = second_source(net, "A")
    assert res[0] == ("", pytest.approx(2 / 3))
    assert res[1] == ("B", pytest.approx(7 / 15, abs=1e-9))
