"""The search index as the import writes it: built once from frames with Arrow-backed text
(``AnalysisStore.index(lean=True)``), the public index derived from the full one
(``PartIndex.without``), both equal to the index built the old way from frames of Python
objects, whose values are checked by hand on tests/dataset/tiny.py.

Hand values (tests/dataset/tiny.py): parts A1, P1, P2 (rows in id order). ``d`` is declared
in mm: P1 gives 25 mm, P2 0.025 m = 25 mm, A1 none. ``C`` in kN: P1 14.8 kN, P2 14 800 N =
14.8 kN. ``precision`` (enum): P1 "P5". Prices (USD): A1 1200, P1 4.5, P2 7.25; the public
index has none, so its price buckets are all the "no value" bucket: edges [0, 1] (no finite
value), bucket number ``len(edges) - 1`` = 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from keyparts.dataset import Dataset, read_dataset, validate_and_type
from keyparts.match import build_index
from keyparts.match.index import PartIndex
from keyparts.store import import_dataset, load_dataset, make_engine, upgrade
from keyparts.store.analysis import AnalysisStore, index_to_arrow, write_indexes
from tests.dataset.tiny import write_tiny


def same_index(a: PartIndex, b: PartIndex) -> None:
    """Equal Arrow form (NaN equal to NaN): same columns, values, labels and metadata."""
    ta, tb = index_to_arrow(a), index_to_arrow(b)
    assert ta.schema.names == tb.schema.names
    assert ta.schema.metadata == tb.schema.metadata
    for name in ta.schema.names:
        x, y = ta.column(name), tb.column(name)
        if x.type == pa.float64():
            assert np.array_equal(x.to_numpy(), y.to_numpy(), equal_nan=True), name
        else:
            assert x.equals(y), name


def check_hand_values(ix: PartIndex, *, prices: bool) -> None:
    assert list(ix.part_id) == ["A1", "P1", "P2"]
    np.testing.assert_allclose(ix.numeric["d"], [np.nan, 25.0, 25.0])
    np.testing.assert_allclose(ix.numeric["C"], [np.nan, 14.8, 14.8])
    assert ix.values_of(1)["precision"] == "P5" and "precision" not in ix.values_of(2)
    if prices:
        np.testing.assert_allclose(ix.numeric["unit_price_usd"], [1200.0, 4.5, 7.25])
    else:
        assert np.isnan(ix.numeric["unit_price_usd"]).all()
        edges, codes = ix.buckets["unit_price_usd"]
        assert edges.tolist() == [0.0, 1.0] and codes.tolist() == [1, 1, 1]


@pytest.fixture
def ds(tmp_path) -> Dataset:
    return validate_and_type(read_dataset(write_tiny(tmp_path / "tiny")))


def public(ds: Dataset) -> Dataset:
    return Dataset(meta=ds.meta, frames={**ds.frames, "parts": ds.frames["parts"].assign(unit_price_usd=np.nan)})


def test_the_old_build_gives_the_hand_values(ds):
    check_hand_values(build_index(ds), prices=True)
    check_hand_values(build_index(public(ds)), prices=False)


def test_arrow_backed_text_gives_the_same_index(ds):
    """The import's frames (text as pandas ``str`` backed by Arrow) give the index of the
    frames of Python objects."""
    lean = {n: (df.astype({c: "str" for c in df.columns if df[c].dtype == object})
                if n in ("parts", "part_values") else df) for n, df in ds.frames.items()}
    assert (lean["part_values"]["part_id"].dtype == "str")
    ix = build_index(Dataset(meta=ds.meta, frames=lean))
    check_hand_values(ix, prices=True)
    same_index(ix, build_index(ds))


def test_public_index_from_the_full_one(ds):
    pub = build_index(ds).without("unit_price_usd")
    check_hand_values(pub, prices=False)
    same_index(pub, build_index(public(ds)))


def test_unsorted_and_unknown_rows(ds):
    """Parts given out of id order are sorted; a value of a part not in ``parts`` is ignored
    (the codes path keeps only values whose part is known)."""
    parts = ds.frames["parts"].iloc[[2, 0, 1]].reset_index(drop=True)
    pv = pd.concat([ds.frames["part_values"], ds.frames["part_values"].iloc[[0]].assign(part_id="ZZ")],
                   ignore_index=True)
    ix = build_index(Dataset(meta=ds.meta, frames={**ds.frames, "parts": parts, "part_values": pv}))
    check_hand_values(ix, prices=True)
    same_index(ix, build_index(ds))


def test_write_indexes_writes_both_from_one_build(db_url, ds, tmp_path, monkeypatch):
    """After ``write_indexes`` a new store opens both indexes from their files (building would
    fail), with the hand values, on SQLite and PostgreSQL."""
    monkeypatch.setenv("KEYPARTS_STORE_DIR", str(tmp_path / "stores"))
    eng = make_engine(db_url)
    upgrade(eng)
    try:
        import_dataset(ds, engine=eng)
        calls = []
        real = build_index
        monkeypatch.setattr("keyparts.match.index.build_index", lambda d: calls.append(1) or real(d))
        write_indexes(db_url)
        assert calls == [1]  # one build: the public index is derived from the full one
        monkeypatch.setattr("keyparts.match.index.build_index", lambda *a: pytest.fail("rebuilt the index"))
        store = AnalysisStore(eng)
        check_hand_values(store.index("full"), prices=True)
        check_hand_values(store.index("public"), prices=False)
        fresh = load_dataset(engine=eng)  # rows in key order, as the store reads them
        same_index(store.index("full"), real(fresh))
        same_index(store.index("public"), real(public(fresh)))
    finally:
        eng.dispose()
