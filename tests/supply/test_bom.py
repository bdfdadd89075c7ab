"""BOM explosion: hand example, sparse explosion == naive recursive explosion, cycles rejected.

Hand example (tiny dataset): EXC 100/yr, SPN 50/yr; GEARBOX = 1·100; PUMP_DE = 2·100 = 200;
ACBB_JP = 4·GEARBOX + 6·SPN = 400 + 300 = 700 (shared by two parents); TRB_CN = 2·100 = 200;
category line BRG-TRB = 2·50 = 100.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.errors import InputError
from keyparts.priority.assess import build_model
from keyparts.supply.bom import build_graph
from tests.supply.tiny import tiny_dataset


def test_explosion_hand_example():
    m = build_model(tiny_dataset())
    x = pd.Series(m.need_units, index=m.graph.ids)
    assert x[["EXC", "SPN", "GEARBOX", "PUMP_DE", "ACBB_JP", "TRB_CN", "BRG-TRB"]].tolist() == \
        [100, 50, 100, 200, 700, 200, 100]


def _naive(children: dict, node: str, mult: float, out: dict) -> None:
    out[node] = out.get(node, 0.0) + mult
    for ch, q in children.get(node, []):
        _naive(children, ch, mult * q, out)


@st.composite
def random_dag(draw):
    n = draw(st.integers(2, 12))
    edges = {}
    for j in range(1, n):
        for i in range(j):
            if draw(st.booleans()) and draw(st.booleans()):
                edges[(f"N{i}", f"N{j}")] = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))
    demand = [draw(st.sampled_from([0.0, 1.0, 5.0])) for _ in range(n)]
    return n, edges, demand


@settings(max_examples=60, deadline=None)
@given(random_dag())
def test_sparse_explosion_equals_naive_recursive_explosion_on_random_dags(dag):
    n, edges, demand = dag
    ids = [f"N{i}" for i in range(n)]
    parts = pd.DataFrame({"id": ids})
    bom = pd.DataFrame([(p, c, q, True) for (p, c), q in edges.items()],
                       columns=["parent_id", "child_id", "qty", "essential"])
    empty = pd.DataFrame({"id": pd.Series([], dtype=str)})
    g = build_graph(empty, parts, empty, bom)
    got = g.explode(np.array(demand))
    children: dict = {}
    for (p, c), q in edges.items():
        children.setdefault(p, []).append((c, q))
    want: dict = {}
    for i, d in enumerate(demand):
        if d:
            _naive(children, f"N{i}", d, want)
    np.testing.assert_allclose(got, [want.get(i, 0.0) for i in ids], rtol=1e-12)
    # bottom-up roll-up is the transpose: content of node i = Σ_j T[i, j]·v_j
    v = np.arange(1, n + 1, dtype=float)
    content = {}
    for i in ids:
        out: dict = {}
        _naive(children, i, 1.0, out)
        content[i] = sum(w * v[ids.index(k)] for k, w in out.items())
    np.testing.assert_allclose(g.rollup(v), [content[i] for i in ids], rtol=1e-12)


def test_cycle_is_rejected_with_the_nodes_named():
    parts = pd.DataFrame({"id": ["A", "B"]})
    empty = pd.DataFrame({"id": pd.Series([], dtype=str)})
    bom = pd.DataFrame([("A", "B", 1.0, True), ("B", "A", 1.0, True)],
                       columns=["parent_id", "child_id", "qty", "essential"])
    with pytest.raises(InputError, match="cycle"):
        build_graph(empty, parts, empty, bom)
