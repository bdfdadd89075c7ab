"""The makers engine's results pickle and are JSON (its layering: tests/test_layers.py)."""

from __future__ import annotations

import json
import pickle


from keyparts.dataset import load_sample
from keyparts.makers import (eligibility, fragmentation, load_criteria, load_staffing_ratios, search_capabilities,
                             specialisation_index, talent_gap)


def test_every_result_pickles_and_its_dict_is_json() -> None:
    ds = load_sample()
    ey, ec = ds["enterprise_years"], ds["enterprise_categories"]
    results = [search_capabilities(ds["capabilities"], ds["enterprises"], ["test:life test"]),
               eligibility(ey, load_criteria(), enterprise_categories=ec),
               specialisation_index(ey, ec),
               fragmentation(ec, ds["enterprises"], ds["categories"]),
               talent_gap(ec, ds["enterprises"], ds["categories"], load_staffing_ratios(), ds["training"],
                          base_year=2023, plan_year=2026)]
    for r in results:
        assert pickle.loads(pickle.dumps(r)).to_dict() == r.to_dict()
        json.dumps(r.to_dict(), allow_nan=False)
