"""Build the bundled sample dataset ``src/keyparts/data/sample/`` (deterministic).

    .venv/bin/python tools/build_sample.py [OUT_DIR]

The tables it draws on live in ``tools/sample_catalogue.py`` (countries, taxonomy, parameters,
part catalogue), ``tools/sample_network.py`` (fictional enterprises, products, BOMs, sourcing)
and ``tools/sample_trade.py`` (trade and production, cited totals + illustrative splits).
Provenance of every figure: ``src/keyparts/data/README.md``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_catalogue as cat_
import sample_network as net
import sample_trade as tr

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "keyparts" / "data" / "sample"
SEED = 2023
HIGH_COST = {"JP", "DE", "SE", "US", "CH", "FR", "AT", "GB"}

COLUMNS = {
    "countries": ["code", "name", "risk", "export_control"],
    "categories": ["id", "name", "name_zh", "parent_id", "level", "hs_codes"],
    "parameters": ["category_id", "name", "unit", "kind", "description", "limits"],
    "enterprises": ["id", "name", "kind", "country", "region", "certifications"],
    "parts": ["id", "maker_id", "category_id", "designation", "status", "unit_price_usd",
              "annual_capacity"],
    "part_values": ["part_id", "parameter", "value", "unit"],
    "products": ["id", "oem_id", "name", "industry", "annual_units", "unit_value_usd"],
    "bom": ["parent_id", "child_id", "qty", "essential"],
    "sourcing": ["buyer_id", "item_id", "supplier_id", "origin_country", "share"],
    "trade": ["hs_code", "year", "partner_country", "flow", "value_usd", "quantity", "unit"],
    "production": ["category_id", "year", "domestic_output_usd"],
    "tests": ["test_id", "part_id", "unit_id", "time", "time_upper", "status", "stress",
              "time_unit"],
    "demands": ["id", "oem_id", "category_id", "quantity", "need_by", "constraints",
                "required_life_h", "loads", "certifications"],
    "applications": ["id", "oem_id", "category_id", "product_id", "loads", "viscosity_cSt",
                     "lubricant", "temperature_C", "cleanliness", "required_life_h", "reliability",
                     "beta", "duty_hours_per_year", "notes"],
    "qualification_cases": ["id", "part_id", "oem_id", "application_id", "lab_id", "test_ids",
                            "stage", "opened", "notes"],
    "qualification_events": ["case_id", "date", "stage", "decision", "decided_by", "note"],
    "inspections": ["case_id", "characteristic", "sample", "nominal", "lower_tol", "upper_tol",
                    "measured", "unit"],
}


def fmt(v: object) -> str:
    """Text of one CSV cell: integers without '.0', floats to 6 significant digits."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return f"{f:.6g}"
    return str(v)


def write(out: Path, name: str, rows: list[dict]) -> None:
    with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS[name])
        for r in rows:
            w.writerow([fmt(r.get(c)) for c in COLUMNS[name]])


# ---------------------------------------------------------------------------------------------
# Aerospace grades: their makers hold AS9100D (aerospace QMS), and demands for them require it.
AERO_GRADES = {"BRG-BALL-AERO", "BRG-CRB-AERO", "FST-BOLT-AEROTI", "FST-BOLT-AERONI", "FST-NUT-AERO",
               "FST-RIVET-AERO", "HYD-PPUMP-AERO", "GEAR-BOX-AGB"}


def certifications(kind: str, grades: object = ()) -> str:
    """Illustrative approvals: every parts maker ISO 9001, aerospace makers also AS9100D,
    test labs ISO/IEC 17025."""
    if kind == "lab":
        return "ISO/IEC 17025"
    if kind != "parts_maker":
        return ""
    return "ISO 9001;AS9100D" if AERO_GRADES & set(grades) else "ISO 9001"


def build_enterprises(rng: np.random.Generator) -> tuple[list[dict], dict[str, dict]]:
    """Enterprises rows and a key -> {id, country, grades} map of every maker."""
    rows: list[dict] = []
    makers: dict[str, dict] = {}
    counters: dict[str, int] = {}

    def new_id(prefix: str, country: str) -> str:
        counters[prefix + country] = counters.get(prefix + country, 0) + 1
        return f"{prefix}-{country}-{counters[prefix + country]:03d}"

    for key, (country, region, name, grades) in net.ANCHORS.items():
        eid = new_id("M", country)
        rows.append({"id": eid, "name": name, "kind": "parts_maker", "country": country,
                     "region": region})
        makers[key] = {"id": eid, "country": country, "grades": dict(grades), "all": True}
    stems = list(net.FILLER_STEMS_CN)
    for i, stem in enumerate(stems):
        family, grades = net.FILLER_GRADES[i % len(net.FILLER_GRADES)]
        regions = net.FILLER_REGIONS_CN[family]
        region = regions[i % len(regions)]
        trade = net.TRADE_WORD[family]
        name = f"{region} {stem} {trade} Co., Ltd." if i % 3 == 0 else f"{stem} {trade} Co., Ltd."
        eid = new_id("M", "CN")
        rows.append({"id": eid, "name": name, "kind": "parts_maker", "country": "CN", "region": region})
        makers[f"cn_fill_{i:02d}"] = {"id": eid, "country": "CN",
                                      "grades": {g: net.P for g in grades}, "all": False}
    for i, (country, region, name, grades) in enumerate(net.FILLER_FOREIGN):
        eid = new_id("M", country)
        rows.append({"id": eid, "name": name, "kind": "parts_maker", "country": country, "region": region})
        makers[f"fx_fill_{i:02d}"] = {"id": eid, "country": country,
                                      "grades": {g: net.P for g in grades}, "all": False}
    for key, (region, name, grades) in net.OEMS.items():
        oid = new_id("O", "CN")
        rows.append({"id": oid, "name": name, "kind": "oem", "country": "CN", "region": region})
        makers[key] = {"id": oid, "country": "CN", "grades": dict(grades), "all": True}
    for kind, region, name in net.OTHERS:
        rows.append({"id": new_id("I" if kind == "institute" else "L", "CN"), "name": name,
                     "kind": kind, "country": "CN", "region": region})
    grades_of = {m["id"]: m["grades"] for m in makers.values()}
    for r in rows:
        r["certifications"] = certifications(r["kind"], grades_of.get(r["id"], ()))
    return rows, makers


def _round_rating(x: float) -> float:
    return round(x, 1) if x < 100 else float(round(x))


def build_parts(rng: np.random.Generator, makers: dict[str, dict]):
    """Parts and part_values rows; index (maker key, designation) -> part id."""
    parts: list[dict] = []
    values: list[dict] = []
    index: dict[tuple[str, str], str] = {}
    high_end_cn = {"prototype": (0.90, 0.96), "qualified": (0.94, 0.99), "production": (0.97, 1.0)}
    for key, m in makers.items():
        country = m["country"]
        for grade, status in m["grades"].items():
            entries = cat_.CATALOGUE[grade]
            if not m["all"]:
                k = int(rng.integers(2, min(4, len(entries)) + 1))
                pick = sorted(rng.choice(len(entries), size=k, replace=False))
                entries = [entries[j] for j in pick]
            for designation, vals, price, capacity in entries:
                variants = [(designation, {})]
                if grade == "BRG-BALL-DG0":
                    variants.append((f"{designation}-2RS", {"seals": "2RS"}))
                    if not m["all"] or country != "CN":
                        variants = variants[: 1 + int(rng.integers(0, 2))]
                for des, extra in variants:
                    pid = f"PT-{len(parts) + 1:04d}"
                    index[(key, des)] = pid
                    if country == "CN":
                        lo, hi = high_end_cn[status]
                        pf = rng.uniform(0.55, 0.75)
                        cf = rng.uniform(0.8, 1.8) if status == "production" else (
                            rng.uniform(0.2, 0.5) if status == "qualified" else rng.uniform(0.02, 0.08))
                    elif country in HIGH_COST:
                        lo, hi = 1.0, 1.04
                        pf, cf = rng.uniform(1.0, 1.3), rng.uniform(0.6, 1.4)
                    else:
                        lo, hi = 0.98, 1.02
                        pf, cf = rng.uniform(0.8, 1.0), rng.uniform(0.5, 1.2)
                    rf = rng.uniform(lo, hi)
                    parts.append({"id": pid, "maker_id": m["id"], "category_id": grade,
                                  "designation": des, "status": status,
                                  "unit_price_usd": float(f"{price * pf:.3g}"),
                                  "annual_capacity": float(f"{capacity * cf:.2g}")})
                    v = dict(vals)
                    v.update(cat_.load_factors(des) if grade.startswith("BRG") else {})
                    if grade.startswith("BRG") and "d" in v:
                        v.setdefault("seals", "open")
                        v.update(extra)
                        if grade in ("BRG-BALL-DG0", "BRG-BALL-DG5", "BRG-CRB-STD", "BRG-SRB-STD",
                                     "BRG-NRB", "BRG-TRB-STD"):
                            v["clearance"] = "C3" if rng.random() < 0.25 else "CN"
                    for p in ("C", "C0", "Ca", "C0a"):
                        if p in v:
                            v[p] = _round_rating(v[p] * rf)
                    for pname, pval in v.items():
                        unit = cat_.UNITS[pname] if isinstance(pval, (int, float)) else ""
                        values.append({"part_id": pid, "parameter": pname, "value": pval, "unit": unit})
    return parts, values, index


def default_sources(buyer_country: str, grade: str, makers: dict, offered: dict) -> list:
    """Suppliers of a category item when the BOM names none: domestic first (illustrative)."""
    keys = sorted(offered[grade])
    home = [k for k in keys if makers[k]["country"] == buyer_country]
    away = [k for k in keys if makers[k]["country"] != buyer_country]
    if home:
        return [(home[0], 0.8), (away[0], 0.2)] if away else [(home[0], 1.0)]
    return list(zip(away[:2], (0.6, 0.4))) if len(away) > 1 else [(away[0], 1.0)]


def build_bom(makers: dict, index: dict, parts: list[dict]):
    part_maker = {p["id"]: p["maker_id"] for p in parts}
    key_of_id = {m["id"]: k for k, m in makers.items()}
    offered: dict[str, set] = {}
    for p in parts:
        offered.setdefault(p["category_id"], set()).add(key_of_id[p["maker_id"]])
    country = {m["id"]: m["country"] for m in makers.values()}
    product_oem = {pid: makers[oem]["id"] for pid, (oem, *_r) in net.PRODUCTS.items()}

    def ref(x) -> str:
        if isinstance(x, str):
            return x
        if x[0] == "part":
            return index[(x[1], x[2])]
        return x[1]

    bom, sourcing, sourced = [], {}, set()
    for parent, child, qty, essential, sources in net.BOM:
        pid, cid = ref(parent), ref(child)
        bom.append({"parent_id": pid, "child_id": cid, "qty": qty, "essential": essential})
        buyer = product_oem[pid] if pid in product_oem else part_maker[pid]
        if (buyer, cid) in sourced:  # one sourcing split per buyer and item: the first given
            continue
        sourced.add((buyer, cid))
        if child[0] == "part":
            sup = [(part_maker[cid], 1.0)]
        else:
            if sources is None:
                sources = default_sources(country[buyer], cid, makers, offered)
            for k, _s in sources:
                assert k in offered.get(cid, ()), f"{k} makes no {cid}"
            sup = [(makers[k]["id"], s) for k, s in sources]
        assert abs(sum(s for _k, s in sup) - 1.0) < 1e-9, (parent, child)
        for sid, share in sup:
            sourcing[(buyer, cid, sid)] = {"buyer_id": buyer, "item_id": cid, "supplier_id": sid,
                                           "origin_country": country[sid], "share": share}
    return bom, list(sourcing.values())


# ---------------------------------------------------------------------------------------------
def _split(total: float, weights: dict[str, float]) -> dict[str, float]:
    """Split a total over partners in whole USD (or units); the parts sum exactly to the total."""
    keys = list(weights)
    w = np.array([weights[k] for k in keys], dtype=float)
    raw = total * w / w.sum()
    out = np.floor(raw)
    rest = int(np.round(total - out.sum()))
    order = np.argsort(-(raw - out))
    out[order[:rest]] += 1
    return dict(zip(keys, out.tolist()))


def build_trade() -> list[dict]:
    rows: list[dict] = []
    for year in tr.YEARS:
        x_usd, x_qty, m_usd, m_qty = tr.BEARING_TOTALS[year]
        for flow, usd, qty, vsplit, qsplit, w in (
            ("import", m_usd, m_qty, tr.IMPORT_VALUE_SPLIT, tr.IMPORT_QTY_SPLIT, tr.W_IMPORT["bearing"]),
            ("export", x_usd, x_qty, tr.EXPORT_VALUE_SPLIT, tr.EXPORT_QTY_SPLIT, tr.W_EXPORT["bearing"]),
        ):
            code_usd = _split(usd, dict(zip(tr.BEARING_HS, vsplit)))
            code_qty = _split(qty, dict(zip(tr.BEARING_HS[:6], qsplit))) if qty else {}
            for hs in tr.BEARING_HS:
                if flow == "import":
                    w = tr.bearing_import_weights(hs)
                v = _split(code_usd[hs], w)
                if hs in code_qty:
                    q, unit = _split(code_qty[hs], w), "pcs"
                elif hs in ("848291", "848299"):
                    q = {c: round(val / tr.PARTS_USD_PER_KG[flow]) for c, val in v.items()}
                    unit = "kg"
                else:
                    q, unit = {}, None
                for c in w:
                    rows.append({"hs_code": hs, "year": year, "partner_country": c, "flow": flow,
                                 "value_usd": v[c], "quantity": q.get(c), "unit": unit})
        fm, fx = tr.YEAR_FACTOR[year]
        for hs, (m, x, unit, uvm, uvx, profile) in tr.OTHER_HS.items():
            for flow, usd, uv, w in (("import", m * fm, uvm, tr.W_IMPORT[profile]),
                                     ("export", x * fx, uvx, tr.W_EXPORT["general"])):
                v = _split(round(usd), w)
                for c in w:
                    rows.append({"hs_code": hs, "year": year, "partner_country": c, "flow": flow,
                                 "value_usd": v[c], "quantity": float(round(v[c] / uv)), "unit": unit})
    return rows


def build_production() -> list[dict]:
    rows = []
    for year in tr.YEARS:
        usd = tr.BEARING_REVENUE_RMB[year] / tr.RMB_PER_USD[year]
        for cid, v in _split(round(usd), tr.BEARING_OUTPUT_SPLIT).items():
            rows.append({"category_id": cid, "year": year, "domestic_output_usd": v})
        for cid, v in tr.OTHER_OUTPUT_2023.items():
            rows.append({"category_id": cid, "year": year,
                         "domestic_output_usd": float(round(v * tr.OUTPUT_FACTOR[year]))})
    return rows


def build_tests(rng: np.random.Generator, index: dict) -> list[dict]:
    """Life-test campaigns (illustrative): Weibull lives, Type I censoring at the test end."""
    campaigns = [  # test id, (maker, designation), units, beta, eta h, end h, stress kN
        ("LT-6309-CN", ("cn_brg_big1", "6309"), 16, 1.4, 950.0, 1500.0, 20.0),
        ("LT-6309-SE", ("se_brg1", "6309"), 16, 1.6, 1600.0, 2000.0, 20.0),
        ("LT-7014-CN", ("cn_brg_prec1", "7014C/P4"), 12, 1.2, 3500.0, 5000.0, 6.0),
        ("LT-7014-JP", ("jp_brg1", "7014C/P4"), 12, 1.5, 6000.0, 6000.0, 6.0),
    ]
    rows = []
    for tid, key, n, beta, eta, end, stress in campaigns:
        # Weibull quantiles at Benard's median ranks, jittered (lognormal, 10 %) and shuffled,
        # so that each small campaign looks like its intended (beta, eta)
        q = (np.arange(1, n + 1) - 0.3) / (n + 0.4)
        t = eta * (-np.log1p(-q)) ** (1.0 / beta) * np.exp(rng.normal(0.0, 0.1, n))
        t = np.round(rng.permutation(t))
        for i, ti in enumerate(t, start=1):
            failed = ti < end
            rows.append({"test_id": tid, "part_id": index[key], "unit_id": f"U{i:02d}",
                         "time": float(ti) if failed else end, "status": "F" if failed else "S",
                         "stress": stress, "time_unit": "h"})
    # interval-censored pump endurance test: inspections every 250 h up to 2000 h
    t = 1800.0 * rng.weibull(2.0, 10)
    for i, ti in enumerate(t, start=1):
        if ti >= 2000:
            row = {"time": 2000.0, "status": "S"}
        else:
            lo = 250.0 * np.floor(ti / 250.0)
            row = {"time": lo, "time_upper": lo + 250.0, "status": "I"} if lo > 0 else \
                {"time_upper": 250.0, "status": "L"}
        rows.append({"test_id": "LT-AP112-CN", "part_id": index[("cn_hyd1", "AP-112")],
                     "unit_id": f"U{i:02d}", "stress": 350.0, "time_unit": "h", **row})
    # the excavator maker's zero-failure bench test of the same pump (qualification case QC-001):
    # 10 pumps run 2 000 h at 350 bar, none failed (written after the random draws above, so
    # the earlier campaigns are unchanged)
    for i in range(1, 11):
        rows.append({"test_id": "LT-AP112-BENCH", "part_id": index[("cn_hyd1", "AP-112")],
                     "unit_id": f"U{i:02d}", "time": 2000.0, "status": "S", "stress": 350.0,
                     "time_unit": "h"})
    return rows


DEMANDS = [
    ("D-01", "O-MT1", "BRG-BALL-ACP4", 2400, "2024-06-30", "d=70mm; C>=45kN; precision in P4,P2",
     20000, "Fr=2kN; Fa=1kN; n=6000rpm"),
    ("D-02", "O-EXC1", "HYD-PPUMP-HP", 18000, "2024-03-31", "Vg>=110cc; p_rated>=350bar", None, None),
    ("D-03", "O-TRK1", "BRG-BALL-DG0", 200000, "2024-01-31", "d=25mm; D=52mm; C>=14kN; seals in 2RS,2Z",
     1000, "Fr=2kN; Fa=1kN; n=3000rpm"),
    ("D-04", "O-LOAD1", "BRG-BALL-DG0", 40000, "2024-02-29", "d=45mm; D=100mm; C>=50kN",
     800, "Fr=10kN; Fa=0kN; n=3000rpm"),
    ("D-05", "O-WIND1", "BRG-SRB-WIND", 4000, "2024-09-30", "d=710mm; C>=8000kN; precision in P5,P4",
     130000, "Fr=1200kN; Fa=300kN; n=15rpm"),
    ("D-06", "O-RAIL1", "BRG-TRB-RAIL", 3840, "2024-12-31", "d=130mm; D=230mm; precision in P5,P4",
     20000, "Fr=80kN; Fa=10kN; n=1900rpm"),
    ("D-07", "O-MT1", "BRG-BALL-ACP2", 500, "2024-06-30", "d=120mm; precision in P2", 20000,
     "Fr=3kN; Fa=1.5kN; n=8000rpm"),
    ("D-08", "O-MT2", "BSC-BALL-C3", 6000, "2024-05-31", "d0=40mm; lead=10mm; accuracy in C3,C1; Ca>=35kN",
     None, None),
    ("D-09", "O-WIND1", "FST-BOLT-109", 960000, "2024-04-30", "thread=M36x4; property_class in 10.9",
     None, None),
    ("D-10", "O-AERO1", "BRG-BALL-AERO", 300, "2025-03-31", "d=150mm; precision in P4,P2; C>=200kN",
     10000, "Fr=3kN; Fa=8kN; n=10000rpm"),
    # the machine-tool OEM's gearbox bearings, public in sharing.toml: the demo's maker answers it
    ("D-11", "O-MT1", "BRG-BALL-DG0", 12000, "2024-10-31", "d=45mm; D=100mm; C>=50kN",
     800, "Fr=10kN; Fa=0kN; n=3000rpm"),
]


# ---------------------------------------------------------------------------------------------
# Qualification (issue 13), all ILLUSTRATIVE: applications of the sample's OEMs and four cases.
# QC-001 carries the domestic AP-112 pump from design review to batch supply at the excavator
# maker; QC-002 (AP-140 at the loader maker) waits at bench_test with no test yet; QC-003 (a
# domestic 6309 for the loader) was rejected at bench_test; QC-004 (a proportional valve) is on
# hold at first_article with one bore out of tolerance.
APPLICATIONS = [  # id, oem, category, product, loads, viscosity, lubricant, temperature, cleanliness,
    #               required life h, reliability, beta, duty h/year, notes
    ("APP-001", "O-EXC1", "HYD-PPUMP-HP", "P-EXC20", "n=2000rpm; p=350bar", 46.0, "ISO VG 46 hydraulic oil",
     60.0, "-/17/14", 1000.0, 0.9, 2.0, 2000.0, "main pump of the 20-t excavator; dusty sites"),
    ("APP-002", "O-LOAD1", "HYD-PPUMP-HP", "P-LOAD5", "n=2200rpm; p=350bar", 46.0, "ISO VG 46 hydraulic oil",
     60.0, "-/17/14", 1000.0, 0.9, 2.0, 1800.0, "working-hydraulics pump of the 5-t loader"),
    ("APP-003", "O-LOAD1", "BRG-BALL-DG0", "P-LOAD5", "Fr=10kN; Fa=0kN; n=3000rpm", None, None, None, None,
     800.0, 0.9, 1.5, 1500.0, "cooling-fan drive bearing of the loader (as demand D-04)"),
    ("APP-004", "O-EXC1", "HYD-VALVE-PROP", "P-EXC20", None, 46.0, "ISO VG 46 hydraulic oil", 60.0,
     "-/16/13", 8000.0, 0.9, None, 2000.0, "electro-proportional pilot valve of the main control valve"),
]
CASES = [  # id, (maker, designation), oem, application, lab, test ids, stage, opened
    ("QC-001", ("cn_hyd1", "AP-112"), "O-EXC1", "APP-001", "L-CN-002", "LT-AP112-BENCH", "batch_supply",
     "2023-03-01"),
    ("QC-002", ("cn_hyd1", "AP-140"), "O-LOAD1", "APP-002", "L-CN-002", None, "bench_test", "2024-09-02"),
    ("QC-003", ("cn_brg_big1", "6309"), "O-LOAD1", "APP-003", "L-CN-001", "LT-6309-CN", "rejected",
     "2023-05-08"),
    ("QC-004", ("cn_hyd3", "PV-10"), "O-EXC1", "APP-004", None, None, "first_article", "2025-01-06"),
]
EVENTS = [  # case, date, stage, decision, by, note
    ("QC-001", "2023-04-12", "design_review", "pass", "Wang Lei", "displacement, pressure rating and SAE mounting match the imported pump"),
    ("QC-001", "2023-06-20", "first_article", "pass", "Wang Lei", "5 pumps inspected, every characteristic in tolerance"),
    ("QC-001", "2023-12-15", "bench_test", "pass", "Liu Fang", "10 pumps 2 000 h at 350 bar without failure (L-CN-002)"),
    ("QC-001", "2024-04-30", "system_test", "pass", "Liu Fang", "800 h on the excavator test rig, no leak, efficiency within 1 %"),
    ("QC-001", "2024-11-29", "field_trial", "pass", "Zhao Min", "20 excavators, 1 500 h each on customer sites, no failure"),
    ("QC-001", "2025-04-18", "small_batch", "pass", "Zhao Min", "PPAP level 3 approved; 200 pumps delivered"),
    ("QC-002", "2024-10-15", "design_review", "pass", "Sun Hao", "ratings meet the loader's duty"),
    ("QC-002", "2024-12-20", "first_article", "pass", "Sun Hao", "first articles in tolerance"),
    ("QC-003", "2023-05-30", "design_review", "pass", "Sun Hao", "L10h above the required 800 h"),
    ("QC-003", "2023-07-14", "first_article", "pass", "Sun Hao", "dimensions and running accuracy to P6"),
    ("QC-003", "2024-01-22", "bench_test", "hold", "Sun Hao", "early failures: root cause asked of the maker"),
    ("QC-003", "2024-05-20", "bench_test", "fail", "Sun Hao", "B10 far below 800 h at the test load; heat treatment to be redone"),
    ("QC-004", "2025-02-14", "design_review", "pass", "Wang Lei", "flow and hysteresis data sheet accepted"),
    ("QC-004", "2025-04-03", "first_article", "hold", "Wang Lei", "spool bore of sample 3 above tolerance"),
]
# first-article measurements (mm): characteristic, nominal, lower, upper deviation, five samples
INSPECTIONS = {
    "QC-001": [("drive shaft journal", 40.0, -0.016, 0.0, (39.992, 39.990, 39.994, 39.991, 39.993)),
               ("port flange bolt circle", 66.7, -0.1, 0.1, (66.71, 66.68, 66.72, 66.70, 66.69))],
    "QC-004": [("spool bore", 10.0, 0.0, 0.015, (10.006, 10.008, 10.017, 10.007, 10.009)),
               ("spool diameter", 10.0, -0.012, -0.004, (9.992, 9.993, 9.991, 9.992, 9.990))],
}


def build_qualification(makers: dict, index: dict) -> dict[str, list[dict]]:
    """Applications, cases, events and first-article records (illustrative, see above)."""
    apps = [dict(zip(COLUMNS["applications"], (i, makers[o]["id"], *rest))) for i, o, *rest in APPLICATIONS]
    cases = [{"id": i, "part_id": index[key], "oem_id": makers[o]["id"], "application_id": a, "lab_id": lab,
              "test_ids": t, "stage": st, "opened": op} for i, key, o, a, lab, t, st, op in CASES]
    events = [dict(zip(COLUMNS["qualification_events"], e)) for e in EVENTS]
    insp = [{"case_id": c, "characteristic": ch, "sample": f"S{j}", "nominal": nom, "lower_tol": lo,
             "upper_tol": hi, "measured": x, "unit": "mm"}
            for c, rows in INSPECTIONS.items() for ch, nom, lo, hi, xs in rows
            for j, x in enumerate(xs, start=1)]
    return {"applications": apps, "qualification_cases": cases, "qualification_events": events,
            "inspections": insp}


def main(out: Path = OUT) -> None:
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    countries = [{"code": c, "name": n, "risk": r, "export_control": t} for c, n, r, t in cat_.COUNTRIES]
    categories = [{"id": i, "name": n, "name_zh": z, "parent_id": None, "level": "family", "hs_codes": None}
                  for i, n, z in cat_.FAMILIES]
    categories += [{"id": i, "name": n, "name_zh": z, "parent_id": p, "level": "category",
                    "hs_codes": h or None} for i, n, z, p, h in cat_.CATEGORIES]
    categories += [{"id": i, "name": n, "name_zh": z, "parent_id": p, "level": "grade", "hs_codes": None}
                   for i, n, z, p in cat_.GRADES]
    parameters = [{"category_id": c, "name": n, "unit": u or None, "kind": k, "description": d,
                   "limits": cat_.LIMITS.get((c, n))} for c, n, u, k, d in cat_.PARAMETERS]
    enterprises, makers = build_enterprises(rng)
    parts, values, index = build_parts(rng, makers)
    products = [{"id": pid, "oem_id": makers[o]["id"], "name": n, "industry": ind,
                 "annual_units": u, "unit_value_usd": v}
                for pid, (o, n, ind, u, v) in net.PRODUCTS.items()]
    bom, sourcing = build_bom(makers, index, parts)
    demands = [dict(zip(COLUMNS["demands"], (i, makers[o]["id"], *rest))) for i, o, *rest in DEMANDS]
    for d in demands:
        d["certifications"] = "AS9100D" if d["category_id"] in AERO_GRADES else ""
    tables = {
        "countries": countries, "categories": categories, "parameters": parameters,
        "enterprises": enterprises, "parts": parts, "part_values": values, "products": products,
        "bom": bom, "sourcing": sourcing, "trade": build_trade(), "production": build_production(),
        "tests": build_tests(rng, index), "demands": demands, **build_qualification(makers, index),
    }
    for name, rows in tables.items():
        write(out, name, rows)
    (out / "dataset.toml").write_text(TOML, encoding="utf-8")
    for name, rows in tables.items():
        print(f"{name:12s} {len(rows):6d} rows")


TOML = '''name = "keyparts sample: China key basic parts (illustrative)"
year = 2023
currency = "USD"
country = "CN"
provenance = """A national-scale ILLUSTRATION with China as the home country. Cited: China's bearing \
trade totals 2021 and 2023 and industry revenue (China Bearing Industry Association), Japan + \
Germany + Taiwan about 60 % of bearing imports (2021), fastener trade unit values (secondary \
source), catalogue values of a few bearings (6205, 6206, 6305, 6306, 6309, 30205, 30305, 32205, \
NU 205, 7304). Everything else is illustrative: enterprise names are fictional, partner and HS6 \
splits, shares, prices, capacities, risk scores and life tests are invented. Per-file detail: \
src/keyparts/data/README.md. Built by tools/build_sample.py."""
'''

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
