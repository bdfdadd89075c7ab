"""The makers' data files shipped in the package, read once: the 专精特新 criteria
(``rules/zjtx_2022.toml``), the occupation code list (``rules/occupations_2022.csv``) and the
staffing ratios (``rules/staffing_ratios.csv``). The only module of ``keyparts.makers`` that
reads files; the engines take what these functions return.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from keyparts.dataset.schema import OCCUPATION_CODE
from keyparts.errors import InputError

RULES_DIR = Path(__file__).parent / "rules"
CRITERIA_FILE = RULES_DIR / "zjtx_2022.toml"
OPS = (">=", "<=")


@dataclass(frozen=True)
class Criterion:
    """One quantitative condition: ``metric op threshold`` (or a threshold per revenue band)."""

    id: str
    metric: str
    op: str
    threshold: float | None
    bands: tuple[tuple[float, float, float], ...]
    text: str
    verified: bool


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    name_en: str
    criteria: tuple[Criterion, ...]
    requires: str | None = None


@dataclass(frozen=True)
class Criteria:
    """A versioned set of tiers with the published source and date it was taken from."""

    version: str
    source: str
    url: str
    published: str
    notes: str
    tiers: tuple[Tier, ...]

    def to_dict(self) -> dict:
        return {"version": self.version, "source": self.source, "url": self.url, "published": self.published}


def load_criteria(path: Path | str | None = None) -> Criteria:
    """Parse a criteria TOML file (default: the bundled MIIT 2022 file); errors name the file."""
    p = Path(path) if path else CRITERIA_FILE
    try:
        d = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{p}: cannot read the criteria file ({exc})") from exc
    tiers = []
    for ti, t in enumerate(d.get("tier", [])):
        crits = []
        for ci, c in enumerate(t.get("criterion", [])):
            where = f"{p.name}: tier {t.get('id', ti)} criterion {c.get('id', ci)}"
            if c.get("op") not in OPS:
                raise InputError(f"{where}: op {c.get('op')!r}, expected one of {' '.join(OPS)}")
            if ("threshold" in c) == ("bands" in c):
                raise InputError(f"{where}: expected exactly one of threshold or bands")
            bands = tuple((float(a), float(b), float(v)) for a, b, v in c.get("bands", ()))
            crits.append(Criterion(c["id"], c["metric"], c["op"], c.get("threshold"), bands, c.get("text", ""),
                                   bool(c.get("verified", False))))
        tiers.append(Tier(t["id"], t.get("name", t["id"]), t.get("name_en", ""), tuple(crits), t.get("requires")))
    for k in ("version", "source", "published"):
        if k not in d:
            raise InputError(f"{p.name}: key {k!r} is missing, expected the criteria's {k}")
    return Criteria(str(d["version"]), d["source"], d.get("url", ""), str(d["published"]), d.get("notes", ""),
                    tuple(tiers))


def load_occupations() -> pd.DataFrame:
    """The small list of occupation codes (职业分类大典 2022) that the talent tables use."""
    return pd.read_csv(RULES_DIR / "occupations_2022.csv", dtype=str, comment="#")


def load_staffing_ratios(path: Path | str | None = None) -> pd.DataFrame:
    """Staffing ratios: category_id, occupation_code, persons_per_1000_capacity (persons per
    1 000 pieces/year of capacity). Default: the bundled illustrative file."""
    p = Path(path) if path else RULES_DIR / "staffing_ratios.csv"
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the staffing ratios ({exc})") from exc
    top = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))  # leading comments
    df = pd.read_csv(p, dtype={"category_id": str, "occupation_code": str}, skiprows=top)
    need = ["category_id", "occupation_code", "persons_per_1000_capacity"]
    for c in need:
        if c not in df.columns:
            raise InputError(f"{p.name}:{top + 1}:{c}: required column is missing, expected {', '.join(need)}")
    bad = ~(pd.to_numeric(df["persons_per_1000_capacity"], errors="coerce") >= 0)
    for i in df.index[bad]:
        raise InputError(f"{p.name}:{i + 2 + top}:persons_per_1000_capacity: {df.at[i, 'persons_per_1000_capacity']!r}"
                         " is not a number >= 0 (persons per 1 000 pieces/year of capacity)")
    form = df["occupation_code"].fillna("").str.fullmatch(OCCUPATION_CODE)
    for i in df.index[~form]:
        raise InputError(f"{p.name}:{i + 2 + top}:occupation_code: {df.at[i, 'occupation_code']!r} is not an occupation "
                         f"code of 职业分类大典 2022, expected the form {OCCUPATION_CODE} (e.g. 6-18-01-04)")
    return df.assign(persons_per_1000_capacity=df["persons_per_1000_capacity"].astype(float))


