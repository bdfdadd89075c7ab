"""Property: any valid dataset survives import -> export -> import unchanged (hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyparts.dataset import Dataset, read_dataset, validate_and_type, write_dataset
from keyparts.dataset.io import normalized_frame
from keyparts.dataset.schema import TABLE_BY_NAME
from keyparts.store import export_dataset, import_dataset

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")),
               min_size=1, max_size=12).map(str.strip).filter(bool)
finite = st.floats(min_value=0.001, max_value=1e9, allow_nan=False, allow_infinity=False)


@st.composite
def datasets(draw) -> Dataset:
    codes = draw(st.lists(st.sampled_from(["CN", "JP", "DE", "US", "SE", "KR", "IT"]), min_size=1, max_size=4,
                          unique=True))
    countries = pd.DataFrame({"code": codes, "name": [draw(text) for _ in codes],
                              "risk": [draw(st.floats(0, 10)) for _ in codes],
                              "export_control": [draw(st.floats(1, 3)) for _ in codes]})
    n_cat = draw(st.integers(1, 4))
    cats = pd.DataFrame({"id": [f"C{i}" for i in range(n_cat)], "name": [draw(text) for _ in range(n_cat)],
                         "name_zh": [draw(st.one_of(st.none(), text)) for _ in range(n_cat)],
                         "parent_id": [None] * n_cat, "level": ["family"] * n_cat,
                         "hs_codes": [draw(st.sampled_from([None, "848210", "848210;848220"])) for _ in range(n_cat)]})
    n_ent = draw(st.integers(1, 5))
    ents = pd.DataFrame({"id": [f"E{i}" for i in range(n_ent)], "name": [draw(text) for _ in range(n_ent)],
                         "kind": [draw(st.sampled_from(["parts_maker", "oem", "lab"])) for _ in range(n_ent)],
                         "country": [draw(st.sampled_from(codes)) for _ in range(n_ent)],
                         "region": [draw(st.one_of(st.none(), text)) for _ in range(n_ent)]})
    n_part = draw(st.integers(1, 6))
    parts = pd.DataFrame({"id": [f"P{i}" for i in range(n_part)],
                          "maker_id": [draw(st.sampled_from(list(ents["id"]))) for _ in range(n_part)],
                          "category_id": [draw(st.sampled_from(list(cats["id"]))) for _ in range(n_part)],
                          "designation": [draw(text) for _ in range(n_part)],
                          "status": [draw(st.sampled_from(["prototype", "qualified", "production"]))
                                     for _ in range(n_part)],
                          "unit_price_usd": [draw(st.one_of(st.none(), finite)) for _ in range(n_part)],
                          "annual_capacity": [draw(st.one_of(st.none(), finite)) for _ in range(n_part)]})
    # a BOM that is a DAG: parts only contain parts with a higher index
    edges = draw(st.sets(st.tuples(st.integers(0, n_part - 1), st.integers(0, n_part - 1))
                         .filter(lambda e: e[0] < e[1]), max_size=6))
    bom = pd.DataFrame({"parent_id": [f"P{a}" for a, _ in edges], "child_id": [f"P{b}" for _, b in edges],
                        "qty": [draw(finite) for _ in edges], "essential": [draw(st.booleans()) for _ in edges]})
    frames = {"countries": countries, "categories": cats, "enterprises": ents, "parts": parts, "bom": bom}
    for name in ("parameters", "part_values", "products", "sourcing", "trade", "production"):
        frames[name] = pd.DataFrame({c: [] for c in TABLE_BY_NAME[name].column_names})
    return Dataset(meta={"name": draw(text), "country": codes[0], "year": 2023}, frames=frames)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ds=datasets())
def test_any_valid_dataset_round_trips_losslessly(tmp_path_factory, ds):
    folder = tmp_path_factory.mktemp("src")
    write_dataset(ds, folder)
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'k.db'}"
    import_dataset(validate_and_type(read_dataset(folder)), url)
    out = tmp_path_factory.mktemp("out")
    export_dataset(out, url)
    for name in ds.frames:
        f = f"{name}.csv"
        assert (out / f).read_text(encoding="utf-8") == (folder / f).read_text(encoding="utf-8"), f
    # and the values are the ones drawn, not just self-consistent
    got = pd.read_csv(out / "parts.csv", dtype=str, keep_default_na=False)
    want = normalized_frame(TABLE_BY_NAME["parts"], ds.frames["parts"])
    pd.testing.assert_frame_equal(got, want)
