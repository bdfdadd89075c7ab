"""The makers engine stays an engine: no store, web or CLI import; results pickle and are JSON."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys


from keyparts.dataset import load_sample
from keyparts.makers import (eligibility, fragmentation, load_criteria, load_staffing_ratios, search_capabilities,
                             specialisation_index, talent_gap)


def test_importing_the_engine_loads_no_interface() -> None:
    code = ("import sys, keyparts.makers; "
            "bad = [m for m in sys.modules if m.split('.')[:2] in "
            "(['keyparts', 'store'], ['keyparts', 'web'], ['keyparts', 'cli'])]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


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
