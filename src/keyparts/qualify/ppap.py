"""small_batch gate: a PPAP checklist and the process capability of the small batch.

The 18 elements and the retention/submission requirements by submission level are those of
AIAG *Production Part Approval Process (PPAP)*, 4th edition (2006), section 2.2 (the
elements) and section 4, Table 4.2 (retention/submission requirements). Codes: ``S`` submit to
the customer and retain a copy; ``R`` retain and make available on request; ``*`` retain and
submit on the customer's request (level 4: the customer defines what is submitted). Level 1
is the warrant only (and the AAR for appearance items); level 5 is everything retained and
reviewed at the supplier's manufacturing site. The bulk-material checklist (S S S S R, for bulk
material only) is not one of the 18 and is not listed.

Capability (PPAP 4th ed. 2.2.11.3, initial process studies): Ppk > 1.67 meets the acceptance
criteria, 1.33 ≤ Ppk ≤ 1.67 "may be acceptable" with the customer's agreement, < 1.33 does
not; ongoing processes are judged by Cpk ≥ 1.33. Defaults here: Cpk ≥ 1.33 and Ppk ≥ 1.67,
both configurable (:func:`keyparts.qualify.inspection.process_capability` computes them).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Any

from keyparts.errors import InputError

from .gate import Gate, make_gate
from .inspection import MIN_CPK, Capability

SOURCE = "AIAG PPAP 4th ed. (2006), section 2.2 and Table 4.2 (retention/submission requirements)"
#: (element number, name, codes for levels 1–5) — AIAG PPAP 4th ed. Table 4.2.
PPAP_ELEMENTS: tuple[tuple[int, str, str], ...] = (
    (1, "design records", "RSS*R"),
    (2, "authorized engineering change documents", "RSS*R"),
    (3, "customer engineering approval", "RRS*R"),
    (4, "design FMEA", "RRS*R"),
    (5, "process flow diagrams", "RRS*R"),
    (6, "process FMEA", "RRS*R"),
    (7, "control plan", "RRS*R"),
    (8, "measurement system analysis studies", "RRS*R"),
    (9, "dimensional results", "RSS*R"),
    (10, "records of material / performance test results", "RSS*R"),
    (11, "initial process studies", "RRS*R"),
    (12, "qualified laboratory documentation", "RSS*R"),
    (13, "appearance approval report", "SSS*R"),
    (14, "sample production parts", "RSS*R"),
    (15, "master sample", "RRR*R"),
    (16, "checking aids", "RRR*R"),
    (17, "records of compliance with customer-specific requirements", "RRS*R"),
    (18, "part submission warrant", "SSSSR"),
)
MIN_PPK = 1.67


def ppap_requirements(level: int, customer_requests: Iterable[int] = ()) -> dict[int, str]:
    """Element number → ``S`` (submit) or ``R`` (retain) at submission ``level`` (1–5).

    At level 4 the ``*`` elements are ``S`` when in ``customer_requests``, else ``R``.
    """
    if level not in (1, 2, 3, 4, 5):
        raise InputError(f"level: {level!r} is not a PPAP submission level (1–5)")
    asked = set(customer_requests)
    out = {}
    for num, _, codes in PPAP_ELEMENTS:
        c = codes[level - 1]
        out[num] = ("S" if num in asked else "R") if c == "*" else c
    return out


def _numbers(items: Iterable[int], field: str) -> set[int]:
    got = set()
    for x in items:
        try:
            num = operator.index(x)
        except TypeError:
            num = 0
        if isinstance(x, bool) or not 1 <= num <= 18:
            raise InputError(f"{field}: {x!r} is not a PPAP element number (1–18)")
        got.add(num)
    return got


def small_batch(*, level: int, retained: Iterable[int], submitted: Iterable[int] = (),
                not_applicable: Iterable[int] = (), customer_requests: Iterable[int] = (),
                capability: Mapping[str, Capability] | None = None, min_cpk: float = MIN_CPK,
                min_ppk: float = MIN_PPK) -> Gate:
    """small_batch gate: the PPAP elements at ``level`` and the capability of the batch.

    retained: element numbers the maker holds; submitted: those sent to the customer (also
    count as retained); not_applicable: e.g. 3 (no customer engineering approval required),
    4 (the maker is not design-responsible), 13 (no appearance item). capability:
    characteristic → :class:`~keyparts.qualify.inspection.Capability` of the batch.
    Passes when every required element is there and every characteristic has Cpk ≥ min_cpk
    and Ppk ≥ min_ppk; without capability studies ``passed`` is None (unless already failed).
    """
    need = ppap_requirements(level, _numbers(customer_requests, "customer_requests"))
    sub = _numbers(submitted, "submitted")
    held = _numbers(retained, "retained") | sub
    na = _numbers(not_applicable, "not_applicable")
    names = {num: name for num, name, _ in PPAP_ELEMENTS}
    reasons: list[str] = []
    checklist = []
    for num, code in need.items():
        state = ("not applicable" if num in na else "submitted" if num in sub
                 else "retained" if num in held else "missing")
        ok = state in ("not applicable", "submitted") or (code == "R" and state == "retained")
        checklist.append({"element": num, "name": names[num], "required": code, "state": state,
                          "ok": ok})
        if not ok:
            want = "submitted" if code == "S" else "retained"
            reasons.append(f"PPAP element {num} ({names[num]}) is {state}; level {level} needs it {want}")
    caps = {k: v.to_dict() for k, v in (capability or {}).items()}
    for name, c in (capability or {}).items():
        if not c.cpk >= min_cpk:
            reasons.append(f"{name}: Cpk {c.cpk:.2f} < {min_cpk:g}")
        if not c.ppk >= min_ppk:
            reasons.append(f"{name}: Ppk {c.ppk:.2f} < {min_ppk:g} (initial study, PPAP 2.2.11.3)")
    passed: bool | None = not reasons
    if passed and not capability:
        passed = None
        reasons.append("no process capability study of the batch yet (PPAP element 11)")
    elif passed:
        reasons.append(f"all PPAP elements of level {level} in place; Cpk >= {min_cpk:g} and "
                       f"Ppk >= {min_ppk:g} for {len(caps)} characteristic(s)")
    criteria = {"level": level, "min_cpk": min_cpk, "min_ppk": min_ppk, "source": SOURCE}
    evidence: dict[str, Any] = {"checklist": checklist, "capability": caps}
    return make_gate("small_batch", passed, criteria, evidence, reasons)
