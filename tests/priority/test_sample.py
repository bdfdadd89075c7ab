"""The bundled sample (src/keyparts/data/sample) assessed end to end, checked against the
published figures it encodes:

* China's bearing trade 2023 (China Bearing Industry Association): imports USD 3.838 bn, exports
  USD 6.581 bn -> a trade surplus, so the family's IR is max(0, (M − X)/(Q + M − X)) = 0.
* Fasteners (HS 7318): China's import unit value USD 11.63/kg vs export unit value USD 2 360/t
  -> import/export unit-value ratio 11.63/2.36 = 4.93 (reference note §4.3, secondary source).
* Every top-10 category carries its drivers in words (top origin and share, IR, products).
"""

from pathlib import Path

import pytest

import keyparts
from keyparts.errors import ValidationError

SAMPLE = Path(keyparts.__file__).parent / "data" / "sample"


@pytest.fixture(scope="module")
def res():
    if not (SAMPLE / "dataset.toml").exists():
        pytest.skip("sample dataset not present")
    from keyparts.dataset.io import read_dataset
    from keyparts.dataset.validate import validate_and_type
    from keyparts.priority.assess import run_assessment
    try:
        ds = validate_and_type(read_dataset(SAMPLE))
    except ValidationError as exc:  # the sample is owned by another module
        pytest.skip(f"sample does not validate yet: {str(exc).splitlines()[1]}")
    return run_assessment(ds, year=2023, n_samples=200, seed=0)


def test_bearing_family_matches_cbia_2023(res):
    t = res.table
    assert t.loc["BRG", "imports_usd"] == pytest.approx(3.838e9, rel=1e-6)
    assert t.loc["BRG", "exports_usd"] == pytest.approx(6.581e9, rel=1e-6)
    assert t.loc["BRG", "import_reliance"] == 0.0


def test_fastener_unit_value_ratio_matches_published(res):
    assert res.table.loc["FST", "unit_value_ratio"] == pytest.approx(11.63 / 2.36, rel=0.01)
    assert "high_end_gap" in res.table.loc["FST", "flags"]


def test_top_ten_name_their_drivers(res):
    top = res.ranked().head(10)
    assert len(top) == 10
    for cid, r in top.iterrows():
        assert "import reliance" in r["drivers"] and "needed by" in r["drivers"], cid
        assert r["top_origin"] in r["drivers"], cid
        assert 0.0 <= r["p_top_n"] <= 1.0
