"""Every engine gives through the analysis store what it gives on a fresh load (issue 10).

The commands of a national dataset read the store table by table (``AnalysisStore.view``,
``bom`` and ``sourcing`` with Arrow-backed ids) and open the persisted search index and supply
model. After
random sequences of imports (upserts) and owned writes (demands, sourcing shares, prices,
visibility) made through the real repository functions, the search, match, scenario and
assessment results read that way equal those computed from ``load_dataset`` (every table read
from the database itself) and ``build_index``: through a store kept open across the writes (a
server worker), a new store (a new command), and a store whose folder was deleted (rebuilt
from the database).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyparts.dataset import Dataset, read_dataset, validate_and_type
from keyparts.match import build_index, match_dataset_demand, search
from keyparts.priority.assess import run_assessment, run_scenario
from keyparts.store import import_dataset, load_dataset, make_engine, upgrade
from keyparts.store.analysis import LEAN, AnalysisStore, store_folder
from keyparts.supply.scenario import Scenario
from keyparts.web.auth import Principal
from keyparts.web.tenancy import TenantRepo
from tests.dataset.tiny import TINY, write_tiny

QUERIES = ("", "d=25mm; C>=14kN", "unit_price_usd<=6", "status in qualified")


def tiny(folder: Path, *, price_p1: float, d_p1: float, jp_share: float, units: int) -> Dataset:
    """TINY with P1's price and bore, the Japanese share of M1's P1 and the excavators a year changed."""
    parts = TINY["parts.csv"].replace("qualified,4.5,", f"qualified,{price_p1:g},")
    values = TINY["part_values.csv"].replace("P1,d,25,mm", f"P1,d,{d_p1:g},mm")
    sourcing = (TINY["sourcing.csv"].replace("M1,P1,M1,CN,0.4", f"M1,P1,M1,CN,{1 - jp_share:g}")
                .replace("M1,P1,M2,JP,0.6", f"M1,P1,M2,JP,{jp_share:g}"))
    products = TINY["products.csv"].replace(",1000,150000", f",{units},150000")
    return validate_and_type(read_dataset(write_tiny(folder, parts_csv=parts, part_values_csv=values,
                                                     sourcing_csv=sourcing, products_csv=products)))


def results(ds: Dataset, ix, *, model=None, assess: bool = True) -> dict[str, str]:
    """The engines' results as the JSON the CLI prints (NaN written out, so equal means equal);
    the scenarios and the assessment on ``model`` when given (else built from ``ds``)."""
    demands = list(ds.frames["demands"]["id"])
    out = {f"search {q!r}": search(ix, q, sort="d", limit=50).to_dict() for q in QUERIES}
    out.update({f"match {d}": match_dataset_demand(ds, d, index=ix).to_dict() for d in demands})
    on = ds if model is None else model
    out["scenario JP"] = run_scenario(on, Scenario(embargo=("JP",))).to_dict()
    out["scenario M2"] = run_scenario(on, Scenario(failed_suppliers=("M2",), duration_days=30)).to_dict()
    if assess:
        out["assess"] = run_assessment(ds, n_samples=20, seed=0, model=model).to_dict()
    return {k: json.dumps(v, sort_keys=True, default=str) for k, v in out.items()}


def through(store: AnalysisStore, *, assess: bool = True) -> dict[str, str]:
    """What the CLI computes: the lazy view (``bom``, ``sourcing`` lean), the persisted search
    index and the persisted supply model."""
    return results(store.view(lean=LEAN), store.index("full"), model=store.supply_model(), assess=assess)


def fresh(eng, *, assess: bool = True) -> dict[str, str]:
    ds = load_dataset(engine=eng)
    return results(ds, build_index(ds), assess=assess)


def assert_same(got: dict[str, str], want: dict[str, str], when: str) -> None:
    assert got.keys() == want.keys(), when
    for k in want:
        assert got[k] == want[k], f"{when}: {k}"


STEP = st.one_of(
    st.tuples(st.just("import"), st.sampled_from([1.0, 4.5, 8.0]), st.sampled_from([25.0, 30.0]),
              st.sampled_from([0.2, 0.6, 0.8]), st.sampled_from([500, 1000])),
    st.tuples(st.just("demand"), st.integers(1, 500)),
    st.tuples(st.just("share"), st.sampled_from([0.1, 0.5, 0.9])),
    st.tuples(st.just("price"), st.sampled_from([None, 2.0, 6.5])),
    st.tuples(st.just("visibility"), st.sampled_from(["private", "public"])),
    st.tuples(st.just("delete")),
)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=3))
def test_engines_read_through_the_store_equal_a_fresh_load(db_url, steps):
    """After every step of a random sequence (SQLite and PostgreSQL): the open store's search,
    match (D1 and the demands written) and scenarios (embargo JP; M2 failing 30 days) equal
    the fresh load's; at the end these and the assessment do, through the open store, a new
    store and, with the store folder deleted, a rebuilt one. Each sequence starts from TINY imported with ``replace``."""
    eng = make_engine(db_url)
    try:
        upgrade(eng)
        with tempfile.TemporaryDirectory() as tmp:
            import_dataset(tiny(Path(tmp) / "v0", price_p1=4.5, d_p1=25.0, jp_share=0.6, units=1000),
                           engine=eng, replace=True)
            worker = AnalysisStore(eng, refresh_s=0)
            oem = TenantRepo(eng, Principal(1, "oem", "O1", "member"))
            maker = TenantRepo(eng, Principal(2, "maker", "M1", "member"))
            made: list[str] = []
            for i, step in enumerate(steps):
                if step[0] == "import":
                    _, price, d, jp, units = step
                    import_dataset(tiny(Path(tmp) / f"v{i + 1}", price_p1=price, d_p1=d, jp_share=jp,
                                        units=units), engine=eng)
                elif step[0] == "demand":
                    made.append(oem.create("demands", {"id": f"DX{i}", "category_id": "BRG-DGBB",
                                                       "quantity": float(step[1]),
                                                       "constraints": "d=25mm"})["id"])
                elif step[0] == "share":
                    maker.update("sourcing", "M1|P1|M2|JP", {"share": step[1]})
                elif step[0] == "price":
                    maker.set_price("P1", step[1])
                elif step[0] == "visibility":
                    maker.set_visibility("prices", "P1", step[1])
                elif made:
                    oem.delete("demands", made.pop())
                assert_same(through(worker, assess=False), fresh(eng, assess=False),
                            f"open store after step {i} {step}")
            want = fresh(eng)
            assert_same(through(worker), want, "open store at the end")
            assert_same(through(AnalysisStore(eng)), want, "new store")
            folder = store_folder(eng)
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            assert_same(through(AnalysisStore(eng)), want, "store rebuilt from the database")
    finally:
        eng.dispose()
