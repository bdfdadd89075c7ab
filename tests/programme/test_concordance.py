"""HS 2012 / 2017 / 2022: codes carried forward with splits and merges (UNSD correlation tables)."""

from __future__ import annotations

import pandas as pd
import pytest

from keyparts.errors import InputError
from keyparts.programme import harmonise, load_concordance, revision_of_year


def _trade(rows):
    return pd.DataFrame(rows, columns="hs_code year partner_country flow value_usd quantity unit".split())


def test_split_and_merge_by_weights():
    """A table in which HS 2017 846694 splits 0.9 / 0.1 into HS 2022 846694 and 848590, and 847990
    splits 0.8 / 0.2 into 847990 and 848590 (so 848590 merges the two). Imports from JP in 2020:
    846694 USD 1 000 (100 kg), 847990 USD 500 (50 kg). By hand: 846694 = 0.9 x 1 000 = 900 (90 kg);
    847990 = 0.8 x 500 = 400 (40 kg); 848590 = 0.1 x 1 000 + 0.2 x 500 = 200 (10 + 10 = 20 kg)."""
    table = pd.DataFrame({"from_rev": "HS2017", "to_rev": "HS2022",
                          "from_code": ["846694", "846694", "847990", "847990"],
                          "to_code": ["846694", "848590", "847990", "848590"],
                          "weight": [0.9, 0.1, 0.8, 0.2]})
    h = harmonise(_trade([("846694", 2020, "JP", "import", 1000.0, 100.0, "kg"),
                          ("847990", 2020, "JP", "import", 500.0, 50.0, "kg")]), to="HS2022", concordance=table)
    got = {r.hs_code: (round(r.value_usd, 9), round(r.quantity, 9)) for r in h.rows.itertuples()}
    assert got == {"846694": (900.0, 90.0), "847990": (400.0, 40.0), "848590": (200.0, 20.0)}
    assert sorted(zip(h.recoded["from_code"], h.recoded["to_code"], h.recoded["weight"])) == [
        ("846694", "846694", 0.9), ("846694", "848590", 0.1), ("847990", "847990", 0.8), ("847990", "848590", 0.2)]
    assert h.rows["value_usd"].sum() == pytest.approx(1500.0)   # nothing lost in a split


def test_packaged_table_holds_the_unsd_split_and_merge():
    """UNSD HS2022toHS2017 Correlations: HS 2017 846694 (parts of machine tools) goes to HS 2022
    846694 and, in part, to 848590 (parts of additive-manufacturing machines, new in HS 2022);
    HS 2022 848590 merges HS 2017 846694, 847590, 847790 and 847990. HS2017toHS2012: HS 2012
    846610..846694 go partly to HS 2017 8542 (ex), the rest 1:1."""
    t = load_concordance()
    step = t[(t["from_rev"] == "HS2017") & (t["to_rev"] == "HS2022")]
    assert {"846694", "848590"} <= set(step.loc[step["from_code"] == "846694", "to_code"])
    assert set(step.loc[step["to_code"] == "848590", "from_code"]) == {"846694", "847590", "847790", "847990"}
    principal = step[(step["from_code"] == "846694") & (step["to_code"] == "846694")]
    assert principal["weight"].tolist() == [1.0]
    old = t[(t["from_rev"] == "HS2012") & (t["from_code"] == "846610")]
    assert {"846610", "854231", "854232", "854239"} == set(old["to_code"])
    # every bearing subheading 8482xx is its own principal in both steps (UNSD: n:1 / 1:1, no split of the code)
    b = t[t["from_code"].str.startswith("8482") & (t["from_code"] == t["to_code"])]
    assert sorted(b.groupby("from_rev").size().items()) == [("HS2012", 8), ("HS2017", 8)]


def test_ex_goods_are_reported_not_allocated():
    """With the packaged weights HS 2017 846694 keeps its whole value (USD 1 000) in HS 2022 846694;
    the ex-correspondences (848590, 8524.., 8549..) are listed, not silently dropped."""
    h = harmonise(_trade([("846694", 2019, "DE", "import", 1000.0, None, None)]), to="HS2022")
    assert h.rows[["hs_code", "value_usd"]].values.tolist() == [["846694", 1000.0]]
    assert "848590" in set(h.ex_goods["to_code"])


def test_hs8_code_unchanged_across_two_steps_keeps_its_digits():
    """HS 2012 848210 -> HS 2017 848210 -> HS 2022 848210 (1:1 / n:1 onto itself): an 8-digit
    national code 84821010 of 2015 stays 84821010."""
    h = harmonise(_trade([("84821010", 2015, "JP", "import", 10.0, 1.0, "pcs")]), to="HS2022")
    assert h.rows["hs_code"].tolist() == ["84821010"]


def test_revisions_by_year_and_only_forward():
    assert [revision_of_year(y) for y in (2012, 2016, 2017, 2021, 2022, 2026)] == \
        ["HS2012", "HS2012", "HS2017", "HS2017", "HS2022", "HS2022"]
    with pytest.raises(InputError, match="forward only"):
        harmonise(_trade([("848210", 2023, "JP", "import", 1.0, None, None)]), to="HS2017")


def test_sample_trade_keeps_its_codes_and_value_when_carried_to_hs2022():
    """The sample's 2021 rows (HS 2017) and 2022-2023 rows (HS 2022) under the category headings:
    every code is its own principal correspondence (UNSD), so recoding to HS 2022 changes no code
    and no value (the ex-goods are listed, not moved)."""
    from keyparts.dataset import load_sample

    tr = load_sample().frames["trade"]
    h = harmonise(tr, to="HS2022")
    assert set(h.rows["hs_code"]) == set(tr["hs_code"].astype(str))
    assert h.rows["value_usd"].sum() == pytest.approx(tr["value_usd"].sum())
    assert len(h.rows) == len(tr) and h.recoded.empty
