"""Capability search: which enterprises have every process, machine, test and accreditation asked.

A requirement is ``kind:name[@class]``: ``process:superfinishing@P4``, ``test:life test``,
``accreditation:17025``. The name matches when every word of it occurs (case-insensitive) in
a capability's name ("superfinish" finds "raceway superfinishing"). ``@class`` asks for a
precision class at least as fine: on the ISO 492 scale of rolling-bearing tolerance classes
(Normal/P0 < 6X < 6 < 5 < 4 < 2, ISO 492:2014) a P2 row satisfies ``@P4``;
other classes must be equal. An ``accreditation`` (alias ``cert``) requirement is also met by
an entry of ``enterprises.certifications``. An enterprise is a hit when it meets all requirements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from keyparts.errors import InputError

KINDS = ("process", "machine", "test", "accreditation")
ISO_492 = ("P0", "P6X", "P6", "P5", "P4", "P2")  # coarse -> fine; "Normal" is P0
_REQ = re.compile(r"\s*(\w+)\s*:\s*([^@]+?)\s*(?:@\s*(\S+))?\s*$")


@dataclass(frozen=True)
class Requirement:
    """One asked capability: its kind, the words of its name, an optional precision class."""

    kind: str
    words: tuple[str, ...]
    precision_class: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{' '.join(self.words)}" + (f"@{self.precision_class}" if self.precision_class else "")


def parse_requirement(text: str) -> Requirement:
    """``kind:name[@class]`` -> :class:`Requirement`; a clear error otherwise."""
    m = _REQ.match(text)
    kind = m.group(1).lower() if m else ""
    kind = "accreditation" if kind == "cert" else kind
    if not m or kind not in KINDS:
        raise InputError(f"requirement {text!r}: expected kind:name[@class] with kind one of "
                         f"{' | '.join(KINDS)} (or cert), e.g. process:superfinishing@P4")
    return Requirement(kind, tuple(m.group(2).lower().split()), m.group(3))


def _class_rank(c: str) -> int | None:
    c = c.strip().upper()
    c = "P0" if c in ("NORMAL", "PN", "P0") else c
    return ISO_492.index(c) if c in ISO_492 else None


def class_at_least(have: str | None, want: str) -> bool:
    """Is precision class ``have`` at least as fine as ``want`` (ISO 492 order, else equality)?"""
    if not isinstance(have, str) or not have.strip():
        return False
    h, w = _class_rank(have), _class_rank(want)
    if h is not None and w is not None:
        return h >= w
    return have.strip().lower() == want.strip().lower()


@dataclass(frozen=True)
class CapabilitySearch:
    """Enterprises meeting every requirement, with the capability rows that met each one."""

    requirements: tuple[str, ...]
    items: list[dict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    def to_dict(self) -> dict:
        return {"requirements": list(self.requirements), "total": self.total, "items": self.items}


def _matches(cap: pd.DataFrame, req: Requirement) -> pd.Series:
    name = cap["name"].fillna("").str.lower()
    ok = cap["kind"].eq(req.kind)
    for w in req.words:
        ok &= name.str.contains(w, regex=False)
    if req.precision_class:
        ok &= cap["precision_class"].map(lambda c: class_at_least(c, req.precision_class)).astype(bool)
    return ok


def search_capabilities(capabilities: pd.DataFrame, enterprises: pd.DataFrame,
                        requirements: list[str] | tuple[str, ...]) -> CapabilitySearch:
    """Enterprises (rows of ``enterprises``) that meet all ``requirements`` (strings, see module).

    ``capabilities`` has the columns of ``capabilities.csv``; ``enterprises`` those of
    ``enterprises.csv`` (``certifications`` optional). Items are sorted by enterprise id and
    carry ``matched``: requirement -> names of the capabilities (or certifications) meeting it.
    """
    reqs = [parse_requirement(r) for r in requirements]
    if not reqs:
        raise InputError("no requirement given: expected at least one kind:name[@class], e.g. test:life test")
    cap = capabilities if capabilities is not None else pd.DataFrame(columns=["enterprise_id", "kind", "name",
                                                                              "precision_class"])
    certs = (enterprises["certifications"] if "certifications" in enterprises
             else pd.Series(None, index=enterprises.index))
    cert_rows = (pd.DataFrame({"enterprise_id": enterprises["id"], "name": certs.fillna("").str.split(";")})
                 .explode("name").assign(kind="accreditation", precision_class=None))
    cert_rows = cert_rows[cert_rows["name"].str.strip().astype(bool)]
    hits: dict[str, dict[str, list[str]]] | None = None
    for r in reqs:
        pool = pd.concat([cap[["enterprise_id", "kind", "name", "precision_class"]], cert_rows], ignore_index=True) \
            if r.kind == "accreditation" else cap
        m = pool[_matches(pool, r).to_numpy()]
        found = {e: sorted(set(g["name"].str.strip())) for e, g in m.groupby("enterprise_id")}
        hits = ({e: {str(r): n} for e, n in found.items()} if hits is None else
                {e: {**v, str(r): found[e]} for e, v in hits.items() if e in found})
    info = enterprises.set_index("id")
    items = [{"enterprise_id": e, "name": info.at[e, "name"], "kind": info.at[e, "kind"],
              "country": info.at[e, "country"], "region": info.at[e, "region"], "matched": hits[e]}
             for e in sorted(hits or {}) if e in info.index]
    return CapabilitySearch(tuple(str(r) for r in reqs), items)
