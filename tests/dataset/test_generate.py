"""The synthetic dataset generator: deterministic, schema-valid, acyclic, heavy-tailed, scalable.

The reference for "valid" is the dataset contract in keyparts.dataset.schema, checked here
directly (keys, references, bounds) and by the project's validator after a CSV round trip;
acyclicity is checked with networkx (an independent implementation).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyparts.dataset import read_dataset, validate, write_dataset
from keyparts.dataset.generate import generate
from keyparts.dataset.schema import TABLE_BY_NAME, TABLES
from keyparts.errors import InputError


@pytest.fixture(scope="module")
def small():
    return generate(300, seed=7)


@pytest.fixture(scope="module")
def medium():
    return generate(1000, seed=0)


def test_same_seed_gives_the_same_dataset_and_another_seed_another():
    a, b, c = generate(120, seed=5), generate(120, seed=5), generate(120, seed=6)
    for name in a.frames:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert not a["bom"].equals(c["bom"])


def test_frames_have_exactly_the_schema_columns_with_typed_values(small):
    assert set(small.frames) <= {t.name for t in TABLES}
    for name, df in small.frames.items():
        table = TABLE_BY_NAME[name]
        assert [c for c in table.column_names if c in df.columns] == list(df.columns), name  # schema order
        assert {c.name for c in table.columns if c.required} <= set(df.columns), name
        for col in table.columns:
            if col.name not in df.columns:
                continue
            s = df[col.name]
            if col.kind == "float":
                assert s.dtype == np.float64, (name, col.name)
            elif col.kind == "bool":
                assert s.dtype == bool, (name, col.name)
            elif col.kind == "int":
                assert pd.api.types.is_integer_dtype(s), (name, col.name)
            else:
                assert all(isinstance(v, str) for v in s.dropna()), (name, col.name)


def test_keys_are_unique_and_every_reference_resolves(small):
    keys = {}
    for name, df in small.frames.items():
        table = TABLE_BY_NAME[name]
        assert not df.duplicated(list(table.key)).any(), name
        if len(table.key) == 1:
            keys[name] = set(df[table.key[0]])
    for name, df in small.frames.items():
        for col in TABLE_BY_NAME[name].columns:
            if col.refs:
                known = set().union(*(keys.get(r, set()) for r in col.refs))
                missing = set(df[col.name].dropna()) - known
                assert missing == set(), (name, col.name, sorted(missing)[:5])


def test_validator_reports_no_error_after_a_csv_round_trip(small, tmp_path):
    write_dataset(small, tmp_path)
    problems = validate(read_dataset(tmp_path))
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_bom_is_a_dag_at_least_3_levels_deep(medium):
    bom = medium["bom"]
    g = nx.DiGraph(zip(bom["parent_id"], bom["child_id"]))
    assert nx.is_directed_acyclic_graph(g)
    assert nx.dag_longest_path_length(g) >= 3
    products = set(medium["products"]["id"])
    assert set(bom["child_id"]).isdisjoint(products)


def test_sub_assemblies_are_shared_by_many_parents(medium):
    """Preferential attachment: the most-used part has far more parents than the median."""
    parts = set(medium["parts"]["id"])
    bom = medium["bom"]
    indeg = bom[bom["child_id"].isin(parts)].groupby("child_id").size()
    assert indeg.max() >= 20 * indeg.median()


def test_supplier_network_is_heavy_tailed(medium):
    """Distinct buyers per supplier: the largest supplier serves >= 5x the median one."""
    deg = medium["sourcing"].groupby("supplier_id")["buyer_id"].nunique()
    assert deg.max() >= 5 * deg.median()


def test_shares_per_buyer_and_item_are_in_0_1(medium):
    s = medium["sourcing"]
    assert (s["share"] > 0).all()
    assert s.groupby(["buyer_id", "item_id"])["share"].sum().max() <= 1 + 1e-12


def test_every_bom_line_is_sourced_by_the_parents_owner_and_parts_from_their_maker(medium):
    owner = dict(zip(medium["products"]["id"], medium["products"]["oem_id"]))
    maker = dict(zip(medium["parts"]["id"], medium["parts"]["maker_id"]))
    owner.update(maker)
    bom, src = medium["bom"], medium["sourcing"]
    need = set(zip(bom["parent_id"].map(owner), bom["child_id"]))
    assert need == set(zip(src["buyer_id"], src["item_id"]))
    part_rows = src[src["item_id"].isin(maker)]
    assert (part_rows["supplier_id"] == part_rows["item_id"].map(maker)).all()
    country = dict(zip(medium["enterprises"]["id"], medium["enterprises"]["country"]))
    assert (src["origin_country"] == src["supplier_id"].map(country)).all()


def test_category_items_are_sourced_from_makers_of_that_category(medium):
    src, parts = medium["sourcing"], medium["parts"]
    cats = set(medium["categories"]["id"])
    rows = src[src["item_id"].isin(cats)]
    makes = set(zip(parts["maker_id"], parts["category_id"]))
    assert all(pair in makes for pair in zip(rows["supplier_id"], rows["item_id"]))


def test_bearing_parts_have_consistent_boundary_dimensions(medium):
    pv = medium["part_values"]
    wide = pv[pv["parameter"].isin(["d", "D", "B"])].pivot(index="part_id", columns="parameter", values="value")
    wide = wide.dropna().astype(float)
    assert len(wide) > 0
    assert (wide["D"] > wide["d"]).all() and (wide["B"] < wide["D"] - wide["d"]).all()


@pytest.mark.parametrize("firms", [200, 800])
def test_size_scales_as_documented(firms):
    """Documented targets: ~10 parts per enterprise, ~10 BOM rows per part, ~1 sourcing row
    per BOM row (firms=10 000 -> ~100k parts, ~1M BOM rows, ~1M sourcing rows)."""
    ds = generate(firms, seed=1)
    n_parts, n_bom, n_src = len(ds["parts"]), len(ds["bom"]), len(ds["sourcing"])
    assert 6 * firms <= n_parts <= 14 * firms
    assert 8 * n_parts <= n_bom <= 12 * n_parts
    assert 0.6 * n_bom <= n_src <= 1.2 * n_bom
    assert len(ds["enterprises"]) == firms


def test_parts_per_maker_fixes_the_part_count():
    ds = generate(150, seed=2, parts_per_maker=3)
    makers = (ds["enterprises"]["kind"] == "parts_maker").sum()
    assert len(ds["parts"]) == 3 * makers
    assert ds["parts"].groupby("maker_id").size().eq(3).all()


def test_too_few_firms_is_an_input_error():
    with pytest.raises(InputError, match="at least 10"):
        generate(5)


@settings(max_examples=20, deadline=None)
@given(firms=st.integers(min_value=10, max_value=80), seed=st.integers(min_value=0, max_value=2**31))
def test_generated_shares_never_exceed_one_and_bom_never_cycles(firms, seed):
    ds = generate(firms, seed=seed)
    s = ds["sourcing"]
    assert s.groupby(["buyer_id", "item_id"])["share"].sum().max() <= 1 + 1e-12
    bom = ds["bom"]
    assert nx.is_directed_acyclic_graph(nx.DiGraph(zip(bom["parent_id"], bom["child_id"])))


def test_bom_per_part_thins_the_bom_for_large_catalogues():
    heavy, light = generate(200, seed=4), generate(200, seed=4, bom_per_part=3.0)
    assert len(light["parts"]) == len(heavy["parts"])
    assert len(light["bom"]) <= 5 * len(light["parts"]) < len(heavy["bom"])
    with pytest.raises(InputError, match="bom_per_part"):
        generate(50, bom_per_part=0)
