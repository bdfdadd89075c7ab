"""Build the makers' registry files of the sample (issue 16): ILLUSTRATIVE, deterministic.

    .venv/bin/python tools/sample_makers.py [SAMPLE_DIR]

Run after ``tools/build_sample.py`` (it reads the sample's ``parts.csv``). For a handful of the
sample's fictional makers it writes ``enterprise_years.csv``, ``enterprise_categories.csv``,
``enterprise_occupations.csv``, ``capabilities.csv`` and ``training.csv``. Every figure is
invented [I]; only the shape is meant to be realistic. Rules:

* capacity of a maker in a grade (2023) = sum of ``parts.annual_capacity`` of its parts there;
  2021 and 2022 are 2023 / 1.06^k; the plan year 2026 is 2023 × the maker's planned growth;
* output = capacity × the maker's utilisation; category revenue = Σ_parts capacity × price ×
  utilisation; enterprise revenue = Σ category revenue / main-business share;
* R&D spend = revenue × the maker's R&D intensity; the other facts are the table ``MAKERS``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "keyparts" / "data" / "sample"
YEARS = (2021, 2022, 2023)
PLAN_YEAR = 2026

# id: utilisation, main-business share, R&D intensity, niche share, patents, niche since, debt ratio,
#     export share, employees, planned capacity growth to 2026, segment of its products
MAKERS = {
    "M-CN-001": (0.82, 0.90, 0.025, 0.08, 14, 1998, 0.62, 0.18, 5200, 1.05, "low"),
    "M-CN-002": (0.78, 0.88, 0.055, 0.14, 41, 2003, 0.48, 0.12, 3100, 1.40, "high"),
    "M-CN-003": (0.74, 0.85, 0.048, 0.11, 22, 2006, 0.55, 0.08, 2400, 1.30, "mid"),
    "M-CN-004": (0.70, 0.92, 0.072, 0.12, 9, 2012, 0.41, 0.05, 480, 1.60, "high"),
    "M-CN-005": (0.66, 0.80, 0.038, 0.06, 3, 2019, 0.58, 0.03, 260, 1.50, "high"),
    "M-CN-006": (0.88, 0.95, 0.012, 0.03, 1, 2010, 0.73, 0.35, 900, 1.00, "low"),
    "M-CN-016": (0.71, 0.90, 0.015, 0.02, 2, 2008, 0.66, 0.22, 750, 1.00, "low"),
    "M-CN-017": (0.76, 0.86, 0.031, 0.05, 6, 2011, 0.52, 0.15, 820, 1.20, "mid"),
}

CAPABILITIES = [
    ("M-CN-001", "process", "raceway grinding", "P5", 9_000_000, "pieces/year"),
    ("M-CN-001", "process", "raceway superfinishing", "P5", 9_000_000, "pieces/year"),
    ("M-CN-001", "test", "bearing life test", None, 12, "test stations"),
    ("M-CN-002", "process", "raceway grinding", "P2", 1_500_000, "pieces/year"),
    ("M-CN-002", "process", "raceway superfinishing", "P2", 1_500_000, "pieces/year"),
    ("M-CN-002", "process", "vacuum heat treatment", None, 4_000, "t/year"),
    ("M-CN-002", "machine", "CNC internal raceway grinder", "P2", 24, "machines"),
    ("M-CN-002", "test", "bearing life test", None, 30, "test stations"),
    ("M-CN-002", "accreditation", "ISO/IEC 17025", None, None, None),
    ("M-CN-003", "process", "raceway superfinishing", "P4", 800_000, "pieces/year"),
    ("M-CN-003", "process", "vacuum heat treatment", None, 2_500, "t/year"),
    ("M-CN-003", "accreditation", "NADCAP heat treating", None, None, None),
    ("M-CN-004", "process", "raceway superfinishing", "P4", 300_000, "pieces/year"),
    ("M-CN-004", "test", "bearing life test", None, 6, "test stations"),
    ("M-CN-005", "process", "raceway superfinishing", "P4", 200_000, "pieces/year"),
    ("M-CN-005", "test", "bearing life test", None, 4, "test stations"),
    ("M-CN-005", "accreditation", "ISO/IEC 17025", None, None, None),
    ("M-CN-016", "process", "cold heading", None, 400_000_000, "pieces/year"),
    ("M-CN-016", "process", "thread rolling", None, 400_000_000, "pieces/year"),
    ("M-CN-017", "process", "cold heading", None, 250_000_000, "pieces/year"),
    ("M-CN-017", "process", "thread rolling", None, 250_000_000, "pieces/year"),
    ("M-CN-017", "process", "zinc flake coating", None, 150_000_000, "pieces/year"),
    ("L-CN-001", "test", "bearing life test", None, 40, "test stations"),
    ("L-CN-001", "accreditation", "ISO/IEC 17025", None, None, None),
]

# occupation code: share of a bearing maker's / fastener maker's staff
STAFF_MIX = {"BRG": {"6-18-01-04": 0.12, "6-18-01-07": 0.08, "6-18-02-04": 0.03, "6-20-01-01": 0.10,
                     "2-02-07-02": 0.04},
             "FST": {"6-18-01-07": 0.15, "2-02-07-02": 0.03}}

TRAINING = [  # programme, occupation, region, graduates per year
    ("HN-V-017 数控技术 (illustrative)", "6-18-01-07", "Henan", 420),
    ("HN-V-021 机械制造及自动化 (illustrative)", "6-18-01-04", "Henan", 160),
    ("HN-U-004 机械工程 (illustrative)", "2-02-07-02", "Henan", 90),
    ("LN-V-008 数控技术 (illustrative)", "6-18-01-07", "Liaoning", 260),
    ("LN-V-012 金属热处理 (illustrative)", "6-18-02-04", "Liaoning", 40),
    ("HL-V-003 机械制造及自动化 (illustrative)", "6-18-01-04", "Heilongjiang", 60),
    ("ZJ-V-015 数控技术 (illustrative)", "6-18-01-07", "Zhejiang", 380),
    ("JS-V-030 数控技术 (illustrative)", "6-18-01-07", "Jiangsu", 500),
]


def _num(x: str) -> float:
    return float(x) if x else 0.0


def _fmt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:.6g}"
    return str(v)


def _write(out: Path, name: str, header: list[str], rows: list[tuple]) -> None:
    with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows([_fmt(v) for v in r] for r in rows)
    print(f"{name:22s} {len(rows):5d} rows")


def main(out: Path = OUT) -> None:
    with open(out / "parts.csv", encoding="utf-8") as fh:
        parts = [p for p in csv.DictReader(fh) if p["maker_id"] in MAKERS]
    cap: dict[tuple[str, str], list[float]] = {}
    for p in parts:
        c = cap.setdefault((p["maker_id"], p["category_id"]), [0.0, 0.0])
        c[0] += _num(p["annual_capacity"])
        c[1] += _num(p["annual_capacity"]) * _num(p["unit_price_usd"])
    years, cats, occ = [], [], []
    for m, (util, mb_share, rd, niche, pat, since, debt, export, staff, growth, seg) in MAKERS.items():
        for y in YEARS:
            f = 1.06 ** (y - 2023)
            mine = [(g, c[0] * f, c[1] * f) for (mm, g), c in sorted(cap.items()) if mm == m and c[0] > 0]
            mb = sum(v * util for _, _, v in mine)
            rev = round(mb / mb_share, -3)
            years.append((m, y, rev, round(mb, -3), round(rev * rd, -3), round(staff * f), pat, niche, export,
                          since, debt))
            cats += [(m, y, g, round(v * util, -3), round(q, -2), round(q * util, -2), seg) for g, q, v in mine]
        cats += [(m, PLAN_YEAR, g, round(c[1] * util * growth, -3), round(c[0] * growth, -2), None, seg)
                 for (mm, g), c in sorted(cap.items()) if mm == m and c[0] > 0]
        mix = STAFF_MIX["FST" if m in ("M-CN-016", "M-CN-017") else "BRG"]
        occ += [(m, 2023, code, round(staff * share)) for code, share in sorted(mix.items())]
    _write(out, "enterprise_years", ["enterprise_id", "year", "revenue_usd", "main_business_revenue_usd",
                                     "rd_spend_usd", "employees", "invention_patents", "niche_market_share",
                                     "export_share", "niche_since", "debt_ratio"], years)
    _write(out, "enterprise_categories", ["enterprise_id", "year", "category_id", "revenue_usd", "capacity",
                                          "output", "segment"], sorted(cats, key=lambda r: r[:3]))
    _write(out, "enterprise_occupations", ["enterprise_id", "year", "occupation_code", "employees"], occ)
    _write(out, "capabilities", ["enterprise_id", "kind", "name", "precision_class", "capacity", "unit"],
           sorted(CAPABILITIES, key=lambda r: r[:3]))
    _write(out, "training", ["programme", "occupation_code", "region", "graduates_per_year"], sorted(TRAINING))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
