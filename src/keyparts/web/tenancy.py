"""The tenant-scoped repository: the one layer every read and write of owned rows goes through.

Owned rows and their owner enterprise (inherent in the data):

============  ==========================================  =========================
kind          rows                                        owner
============  ==========================================  =========================
``demands``   ``demands`` by ``id``                       ``demands.oem_id``
``sourcing``  ``sourcing`` by its four-column key         ``sourcing.buyer_id``
``tests``     ``tests`` campaigns by ``test_id``          ``parts.maker_id`` of the part
``prices``    ``parts.unit_price_usd`` by part id         ``parts.maker_id``
``applica-    ``applications`` by ``id``                  ``applications.oem_id``
tions``
``qualifica-  ``qualification_cases`` by ``id``           ``oem_id``; parties who read:
tion_cases``                                              the part's maker, ``lab_id``
``qualifica-  events and inspections of a case            the case's (they follow it)
tion_events``,
``inspec-
tions``
``enterprise_  ``enterprise_years``, ``enterprise_categories``,  ``enterprise_id``
years`` etc.  ``enterprise_occupations`` (issue 16)
``offers``    ``offers`` by ``demand_id|part_id``          ``offers.maker_id``
============  ==========================================  =========================

A qualification case has **parties** besides its owner (the OEM that qualifies the part): the
maker of the part and the test lab, if any, read the case, its events and its inspections;
only the OEM records decisions (:meth:`TenantRepo.decide`). Everyone else, analysts included,
gets 404 (analysts see aggregates computed by the engines, never a case).

A row is visible to an enterprise E when E owns it, or its ``visibility`` entry is
``public``, or ``shared`` with E listed in ``shared_with``. No role bypasses this (analysts
see national *aggregates* computed by the engines, never another enterprise's rows). Only
the owner writes; anything not visible, or not owned on a write, raises ``NotFoundError``
(the API answers 404, so a foreign id cannot be told from a missing one). Every write adds
an ``audit_log`` row (who, when, what, before/after as JSON) in the same transaction.

Ids of rows created through the platform are namespaced by the creator's enterprise: a demand
or campaign that enterprise E names ``D7`` is stored as ``E:D7`` (:meth:`TenantRepo.new_id`).
Creating ``D7`` therefore answers the same whether another enterprise has a ``D7`` or not
(no existence oracle); only the caller's own ``E:D7`` can collide (409).

An offer (a maker's answer to a demand) has no visibility entry: it is seen by its two
parties only, the maker that made it and the OEM that owns the demand. A maker offers only
one of its own parts, on a demand visible to it (else 404, as above).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from keyparts.errors import ConflictError, InputError, NotFoundError
from keyparts.store.accounts import VISIBILITIES, audit_log, visibility
from keyparts.store.offers import offers as offers_t
from keyparts.store.tables import TABLE
from keyparts.store.versions import bump, written_by
from keyparts.web.auth import Principal, now, safe_name

parts_t = TABLE["parts"]
SEP = "|"
NS = ":"
ID_FORBIDDEN = "/:|;\\"  # path, namespace, key and list separators
# a page of prices is one indexed query; more than this many parts (a tenant view of the whole
# catalogue) read the caller's visible prices once per change of what they depend on
PRICE_QUERY_MAX = 1000
PRICE_DEPS = ("parts", "prices", "visibility")


@dataclass(frozen=True)
class Owned:
    """How one kind of owned row is keyed and who owns it."""

    kind: str
    table: sa.Table
    key: tuple[str, ...]        # columns whose values, joined by '|', form the row key
    owner_col: str | None       # owner column in the table (None: via the part's maker)
    named: str | None = None    # key column named by the creator (namespaced, see new_id)
    parties: tuple[str, ...] = ()  # more columns naming an enterprise that may read the row
    maker_party: bool = False   # the maker of the row's part (parts.maker_id) may read the row
    via: str | None = None      # column naming a qualification case: the row follows the case

    def key_expr(self, t: sa.Table) -> sa.ColumnElement:
        def text(c: sa.Column) -> sa.ColumnElement:  # a date key (events) as ISO text
            return c if isinstance(c.type, sa.String) else sa.cast(c, sa.Text)
        expr = text(t.c[self.key[0]])
        for k in self.key[1:]:
            expr = expr + SEP + text(t.c[k])
        return expr


OWNED: dict[str, Owned] = {
    "demands": Owned("demands", TABLE["demands"], ("id",), "oem_id", "id"),
    "sourcing": Owned("sourcing", TABLE["sourcing"], ("buyer_id", "item_id", "supplier_id", "origin_country"),
                      "buyer_id"),
    "tests": Owned("tests", TABLE["tests"], ("test_id",), None, "test_id"),
    "applications": Owned("applications", TABLE["applications"], ("id",), "oem_id", "id"),
    "qualification_cases": Owned("qualification_cases", TABLE["qualification_cases"], ("id",), "oem_id", "id",
                                 parties=("lab_id",), maker_party=True),
    "qualification_events": Owned("qualification_events", TABLE["qualification_events"],
                                  ("case_id", "date", "stage", "decision"), None, via="case_id"),
    "inspections": Owned("inspections", TABLE["inspections"], ("case_id", "characteristic", "sample"), None,
                         via="case_id"),
    # the makers' registry (issue 16): confidential facts, read by their enterprise only
    "enterprise_years": Owned("enterprise_years", TABLE["enterprise_years"], ("enterprise_id", "year"),
                              "enterprise_id"),
    "enterprise_categories": Owned("enterprise_categories", TABLE["enterprise_categories"],
                                   ("enterprise_id", "year", "category_id"), "enterprise_id"),
    "enterprise_occupations": Owned("enterprise_occupations", TABLE["enterprise_occupations"],
                                    ("enterprise_id", "year", "occupation_code"), "enterprise_id"),
}


def _jsonable(v: object) -> object:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def row_dict(row: sa.Row | None) -> dict | None:
    if row is None:
        return None
    d = {k: _jsonable(v) for k, v in row._asdict().items() if k != "extra"}
    return d


def split_key(spec: Owned, key: str) -> dict[str, str]:
    vals = key.split(SEP)
    if len(vals) != len(spec.key):
        raise NotFoundError(f"{spec.kind} {key!r} not found (a key has {len(spec.key)} part(s): "
                            f"{SEP.join(spec.key)})")
    return dict(zip(spec.key, vals))


class TenantRepo:
    """Owned rows as seen by ``principal``; ``on_write`` is called after each committed write."""

    def __init__(self, engine: Engine, principal: Principal, on_write: Callable[[], None] | None = None,
                 cache: Any = None):
        """``cache`` (a :class:`keyparts.web.data.DataCache`, optional) memoises the caller's
        visible prices per data version; every write through this repository bumps it."""
        self.engine, self.p, self.on_write, self.cache = engine, principal, on_write, cache

    def new_id(self, field: str, name: str) -> str:
        """The stored id of a row the caller creates and names ``name``: ``ENTERPRISE:name``.
        ``name`` is NFKC-normalised and may not hold control or bidi characters nor ``/ : | ; \\``."""
        return self.p.enterprise_id + NS + safe_name(field, name, forbid=ID_FORBIDDEN)

    # ------------------------------------------------------------ visibility rule
    def _shared_ok(self, kind: str, key_expr: sa.ColumnElement, owner_expr: sa.ColumnElement) -> sa.ColumnElement:
        """The row's visibility entry, set by its current owner, lets the caller see it."""
        v = visibility
        me = ";" + self.p.enterprise_id + ";"
        return sa.exists(sa.select(1).where(
            v.c.table_name == kind, v.c.row_key == key_expr, v.c.owner_id == owner_expr,
            sa.or_(v.c.visibility == "public",
                   sa.and_(v.c.visibility == "shared",
                           (sa.literal(";") + v.c.shared_with + ";").contains(me, autoescape=True)))))

    def _owner_expr(self, spec: Owned) -> sa.ColumnElement:
        if spec.owner_col:
            return spec.table.c[spec.owner_col]
        if spec.via:  # the owner of the case the row belongs to
            cases = TABLE["qualification_cases"]
            return (sa.select(cases.c.oem_id).where(cases.c.id == spec.table.c[spec.via])
                    .correlate_except(cases).scalar_subquery())
        return (sa.select(parts_t.c.maker_id).where(parts_t.c.id == spec.table.c.part_id)
                .correlate_except(parts_t).scalar_subquery())

    def _visible(self, spec: Owned) -> sa.ColumnElement:
        me = self.p.enterprise_id
        conds = [self._owner_expr(spec) == me,
                 self._shared_ok(spec.kind, spec.key_expr(spec.table), self._owner_expr(spec))]
        conds += [spec.table.c[c] == me for c in spec.parties]
        if spec.maker_party:
            conds.append(sa.exists(sa.select(1).where(parts_t.c.id == spec.table.c.part_id,
                                                      parts_t.c.maker_id == me).correlate_except(parts_t)))
        if spec.via:
            case = OWNED["qualification_cases"]
            conds.append(sa.exists(sa.select(1).select_from(case.table).where(
                case.table.c.id == spec.table.c[spec.via], self._visible(case)).correlate(spec.table)))
        return sa.or_(*conds)

    def _owned(self, spec: Owned) -> sa.ColumnElement:
        return self._owner_expr(spec) == self.p.enterprise_id

    # ------------------------------------------------------------ audit
    def _audit(self, conn: Connection, action: str, table: str, key: str | None,
               before: object = None, after: object = None) -> None:
        conn.execute(audit_log.insert().values(
            at=now(), user_id=self.p.user_id, username=self.p.username, enterprise_id=self.p.enterprise_id,
            action=action, table_name=table, row_key=key,
            before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            after=None if after is None else json.dumps(after, ensure_ascii=False, default=str)))
        bump(conn, *written_by(action, table))  # the data version, in the write's transaction

    def _done(self) -> None:
        if self.on_write:
            self.on_write()

    # ------------------------------------------------------------ generic reads
    def list(self, kind: str, *, limit: int = 50, offset: int = 0,
             where: Iterable[sa.ColumnElement] = ()) -> tuple[list[dict], int]:
        """One page of the visible rows of ``kind`` and the visible total."""
        spec = OWNED[kind]
        t = spec.table
        cond = sa.and_(self._visible(spec), *where)
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(t).where(cond)).scalar_one()
            rows = conn.execute(sa.select(t).where(cond).order_by(*t.primary_key.columns)
                                .limit(limit).offset(offset))
            return [row_dict(r) for r in rows], int(total)

    def get(self, kind: str, key: str) -> dict:
        """The visible row (for ``tests``: the first unit of the campaign) or NotFoundError."""
        spec = OWNED[kind]
        cond = [spec.table.c[k] == v for k, v in split_key(spec, key).items()]
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(spec.table).where(self._visible(spec), *cond)).first()
        if row is None:
            raise NotFoundError(f"{kind} {key!r} not found")
        return row_dict(row)

    def is_owner(self, kind: str, key: str) -> bool:
        spec = OWNED[kind]
        cond = [spec.table.c[k] == v for k, v in split_key(spec, key).items()]
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.literal(1)).select_from(spec.table)
                                .where(self._owned(spec), *cond).limit(1)).first() is not None

    # ------------------------------------------------------------ generic writes
    def _require_owned(self, conn: Connection, spec: Owned, key: str) -> list[dict]:
        cond = [spec.table.c[k] == v for k, v in split_key(spec, key).items()]
        rows = [row_dict(r) for r in conn.execute(sa.select(spec.table).where(self._owned(spec), *cond))]
        if not rows:
            raise NotFoundError(f"{spec.kind} {key!r} not found")
        return rows

    def _check_refs(self, conn: Connection, spec: Owned, values: dict) -> None:
        """Every reference (e.g. demands.category_id -> categories.id) must exist (else InputError)."""
        from keyparts.dataset.schema import TABLE_BY_NAME
        for col in TABLE_BY_NAME[spec.table.name].columns:
            v = values.get(col.name)
            if not col.refs or v is None or col.name == spec.owner_col:
                continue
            found = False
            for ref in col.refs:
                t = TABLE[ref]
                key = t.c[TABLE_BY_NAME[ref].key[0]]
                if conn.execute(sa.select(sa.literal(1)).select_from(t).where(key == v).limit(1)).first():
                    found = True
                    break
            if not found:
                raise InputError(f"{col.name}: {v!r} is not an id of {' or '.join(col.refs)}")

    def create(self, kind: str, values: dict) -> dict:
        """Insert a row owned by the caller's enterprise (the owner column is set here)."""
        spec = OWNED[kind]
        if kind == "tests":
            raise InputError("tests: use add_test_records")
        values = {**values, spec.owner_col: self.p.enterprise_id}
        if spec.named:
            values[spec.named] = self.new_id(spec.named, str(values[spec.named]))
        key = SEP.join(str(values[k]) for k in spec.key)
        try:
            with self.engine.begin() as conn:
                cond = [spec.table.c[k] == values[k] for k in spec.key]
                if conn.execute(sa.select(sa.literal(1)).select_from(spec.table).where(*cond)).first():
                    raise ConflictError(f"{kind} {key!r} already exists")
                self._check_refs(conn, spec, values)
                conn.execute(spec.table.insert().values(**values))
                self._audit(conn, "create", kind, key, after=values)
        except sa.exc.IntegrityError as exc:  # a parallel create of the same key won the race
            raise ConflictError(f"{kind} {key!r} already exists") from exc
        self._done()
        return self.get(kind, key)

    def update(self, kind: str, key: str, changes: dict) -> dict:
        """Change columns of an owned row (not its key nor its owner)."""
        spec = OWNED[kind]
        bad = [c for c in changes if c in spec.key or c == spec.owner_col]
        if bad:
            raise InputError(f"{', '.join(bad)}: key and owner columns cannot be changed")
        with self.engine.begin() as conn:
            self._require_owned(conn, spec, key)
            before = {}
            if changes:
                self._check_refs(conn, spec, changes)
                cond = [spec.table.c[k] == v for k, v in split_key(spec, key).items()]
                raw = conn.execute(sa.select(*(spec.table.c[c] for c in changes)).where(*cond)).first()
                # compare-and-set: the row still holds what was read (else a parallel write won)
                unchanged = [spec.table.c[c].is_not_distinct_from(raw[i]) for i, c in enumerate(changes)] \
                    if raw is not None else [sa.false()]
                if not conn.execute(spec.table.update().where(*cond, *unchanged).values(**changes)).rowcount:
                    raise ConflictError(f"{kind} {key!r} was changed by another request; read it again")
                before = {c: _jsonable(raw[i]) for i, c in enumerate(changes)}
            self._audit(conn, "update", kind, key, before=before, after=changes)
        self._done()
        return self.get(kind, key)

    def delete(self, kind: str, key: str) -> None:
        spec = OWNED[kind]
        with self.engine.begin() as conn:
            before = self._require_owned(conn, spec, key)
            cond = [spec.table.c[k] == v for k, v in split_key(spec, key).items()]
            if not conn.execute(spec.table.delete().where(*cond)).rowcount:
                raise NotFoundError(f"{kind} {key!r} not found")  # a parallel delete won
            conn.execute(visibility.delete().where(visibility.c.table_name == kind, visibility.c.row_key == key))
            self._audit(conn, "delete", kind, key, before=before if len(before) > 1 else before[0])
        self._done()

    # ------------------------------------------------------------ visibility
    def _require_kind_owned(self, conn: Connection, kind: str, key: str) -> None:
        if kind == "prices":
            self._require_part(key)
        else:
            self._require_owned(conn, OWNED[kind], key)

    def _visibility_row(self, conn: Connection, kind: str, key: str) -> sa.Row | None:
        return conn.execute(sa.select(visibility).where(visibility.c.table_name == kind,
                                                        visibility.c.row_key == key)).first()

    def _as_visibility(self, r: sa.Row | None) -> dict:
        """An entry set by another owner (the row changed hands) counts as private."""
        if r is None or r.owner_id != self.p.enterprise_id:
            return {"visibility": "private", "shared_with": []}
        return {"visibility": r.visibility, "shared_with": [s for s in (r.shared_with or "").split(";") if s]}

    def get_visibility(self, kind: str, key: str) -> dict:
        """Visibility of an owned row (owners only)."""
        with self.engine.connect() as conn:
            self._require_kind_owned(conn, kind, key)
            return {"kind": kind, "key": key, **self._as_visibility(self._visibility_row(conn, kind, key))}

    def set_visibility(self, kind: str, key: str, vis: str, shared_with: list[str] | None = None) -> dict:
        """Set the visibility of an owned row; a parallel change of the same row answers
        ConflictError (compare-and-set on the entry read), so the audit trail chains."""
        if vis not in VISIBILITIES:
            raise InputError(f"visibility: {vis!r} is not one of {', '.join(VISIBILITIES)}")
        shared = sorted({s.strip() for s in shared_with or [] if s.strip()})
        if any(";" in s for s in shared):
            raise InputError("shared_with: enterprise ids cannot contain ';'")
        if vis == "shared" and not shared:
            raise InputError("shared_with: empty, expected the enterprise ids to share with")
        v = visibility
        new = {"visibility": vis, "shared_with": ";".join(shared) if vis == "shared" else None,
               "owner_id": self.p.enterprise_id}
        conflict = ConflictError(f"visibility of {kind} {key!r} was changed by another request; read it again")
        try:
            with self.engine.begin() as conn:
                self._require_kind_owned(conn, kind, key)
                cur = self._visibility_row(conn, kind, key)
                if cur is None:
                    conn.execute(v.insert().values(table_name=kind, row_key=key, **new))
                elif not conn.execute(v.update().where(
                        v.c.table_name == kind, v.c.row_key == key, v.c.visibility == cur.visibility,
                        v.c.shared_with.is_not_distinct_from(cur.shared_with), v.c.owner_id == cur.owner_id)
                        .values(**new)).rowcount:
                    raise conflict
                after = {"visibility": vis, "shared_with": shared if vis == "shared" else []}
                self._audit(conn, "visibility", kind, key, before=self._as_visibility(cur), after=after)
        except sa.exc.IntegrityError as exc:  # a parallel first entry won
            raise conflict from exc
        self._done()
        return {"kind": kind, "key": key, **after}

    # ------------------------------------------------------------ tests (life-test campaigns)
    def tests_of_part(self, part_id: str) -> list[dict]:
        rows, _ = self.list("tests", limit=100_000, where=[TABLE["tests"].c.part_id == part_id])
        return rows

    def test_campaign(self, test_id: str) -> list[dict]:
        rows, _ = self.list("tests", limit=100_000, where=[TABLE["tests"].c.test_id == test_id])
        if not rows:
            raise NotFoundError(f"tests {test_id!r} not found")
        return rows

    def test_campaigns(self, *, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
        """Visible campaigns: test_id, part_id, units, failures."""
        spec, t = OWNED["tests"], TABLE["tests"]
        cond = self._visible(spec)
        q = (sa.select(t.c.test_id, sa.func.min(t.c.part_id).label("part_id"),
                       sa.func.count().label("rows"),
                       sa.func.sum(sa.case((t.c.status == "F", 1), else_=0)).label("failures"),
                       sa.func.min(t.c.time_unit).label("time_unit"))
             .where(cond).group_by(t.c.test_id))
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar_one()
            rows = conn.execute(q.order_by(t.c.test_id).limit(limit).offset(offset))
            return [dict(r._asdict()) for r in rows], int(total)

    def _require_part(self, part_id: str) -> dict:
        """The part, if the caller's enterprise makes it (else NotFoundError)."""
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(parts_t).where(parts_t.c.id == part_id,
                                                      parts_t.c.maker_id == self.p.enterprise_id)).first()
        if r is None:
            raise NotFoundError(f"part {part_id!r} not found among the parts of {self.p.enterprise_id}")
        return row_dict(r)

    def add_test_records(self, part_id: str, test_id: str, records: list[dict]) -> list[dict]:
        """Store a new life-test campaign ``test_id`` of a part the caller's enterprise makes."""
        self._require_part(part_id)
        test_id = self.new_id("test_id", test_id)
        t = TABLE["tests"]
        try:
            with self.engine.begin() as conn:
                if conn.execute(sa.select(sa.literal(1)).select_from(t).where(t.c.test_id == test_id).limit(1)).first():
                    raise ConflictError(f"test_id: {test_id!r} already exists, expected a new campaign id")
                rows = [{**r, "test_id": test_id, "part_id": part_id} for r in records]
                conn.execute(t.insert(), rows)
                self._audit(conn, "create", "tests", test_id, after={"part_id": part_id, "rows": len(rows)})
        except sa.exc.IntegrityError as exc:  # a parallel upload of the same campaign id won the race
            raise ConflictError(f"test_id: {test_id!r} already exists, expected a new campaign id") from exc
        self._done()
        return self.test_campaign(test_id)

    # ------------------------------------------------------------ prices
    def _price_visible(self) -> sa.ColumnElement:
        return sa.or_(parts_t.c.maker_id == self.p.enterprise_id,
                      self._shared_ok("prices", parts_t.c.id, parts_t.c.maker_id))

    def prices(self, part_ids: list[str]) -> dict[str, float | None]:
        """Unit prices (USD) of the given parts that the caller may see."""
        if not part_ids:
            return {}
        if self.cache is not None and len(part_ids) > PRICE_QUERY_MAX:
            allp = self.cache._get(f"prices:{self.p.enterprise_id}", self._all_prices, PRICE_DEPS)
            return {pid: allp[pid] for pid in part_ids if pid in allp}
        me = ";" + self.p.enterprise_id.replace("/", "//").replace("%", "/%").replace("_", "/_") + ";"
        with self.engine.connect() as conn:
            rows = conn.execute(_prices_page(), {"ids": list(part_ids), "ent": self.p.enterprise_id, "me": me})
            return {r.id: r.unit_price_usd for r in rows}

    def _all_prices(self) -> dict[str, float | None]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(parts_t.c.id, parts_t.c.unit_price_usd).where(self._price_visible()))
            return {r.id: r.unit_price_usd for r in rows}

    def set_price(self, part_id: str, price_usd: float | None) -> dict:
        if price_usd is not None and not (price_usd >= 0):
            raise InputError(f"unit_price_usd: {price_usd} is negative, expected >= 0 USD")
        before = self._require_part(part_id)["unit_price_usd"]
        with self.engine.begin() as conn:
            if not conn.execute(parts_t.update().where(
                    parts_t.c.id == part_id, parts_t.c.maker_id == self.p.enterprise_id,
                    parts_t.c.unit_price_usd.is_not_distinct_from(before)).values(unit_price_usd=price_usd)).rowcount:
                raise ConflictError(f"price of {part_id!r} was changed by another request; read it again")
            self._audit(conn, "update", "prices", part_id, before={"unit_price_usd": before},
                        after={"unit_price_usd": price_usd})
        self._done()
        return {"part_id": part_id, "unit_price_usd": price_usd}

    # ------------------------------------------------------------ qualification cases
    def case_role(self, case_id: str) -> str:
        """The caller's part in a visible case: ``oem``, ``maker`` or ``lab`` (else NotFoundError;
        a case shared through a visibility entry reads as ``shared``)."""
        case = self.get("qualification_cases", case_id)
        me = self.p.enterprise_id
        if case["oem_id"] == me:
            return "oem"
        with self.engine.connect() as conn:
            maker = conn.execute(sa.select(parts_t.c.maker_id).where(parts_t.c.id == case["part_id"])).scalar()
        return "maker" if maker == me else "lab" if case.get("lab_id") == me else "shared"

    def open_case(self, values: dict) -> dict:
        """Open a case for a part on one of the caller's (the OEM's) applications, at design_review."""
        app = self.get("applications", str(values["application_id"]))
        if app["oem_id"] != self.p.enterprise_id:
            raise NotFoundError(f"applications {values['application_id']!r} not found")
        return self.create("qualification_cases", {**values, "stage": "design_review"})

    def decide(self, case_id: str, decision: str, *, by: str, note: str | None = None,
               date: dt.date | None = None, engine_passed: bool | None = None) -> dict:
        """Record the OEM's decision on the case's current stage (the maker and the lab read the
        case but do not decide: ForbiddenError); the event, the new stage and the audit entry
        (with the engine's verdict on the gate, ``engine_passed``) in one transaction."""
        from keyparts.errors import ForbiddenError
        from keyparts.store.qualification import decide

        if self.case_role(case_id) != "oem":
            raise ForbiddenError(f"case {case_id}: only the OEM that qualifies the part records decisions")
        with self.engine.begin() as conn:
            ev = decide(conn, case_id, decision, by=by, note=note, date=date)
            self._audit(conn, "decide", "qualification_cases", case_id, before={"stage": ev["stage_before"]},
                        after={**ev, "engine_passed": engine_passed})
            bump(conn, "qualification_events")
        self._done()
        return ev

    def case_history(self, case_id: str) -> list[dict]:
        """The case's recorded decisions in date order (parties only)."""
        ev = TABLE["qualification_events"]
        rows, _ = self.list("qualification_events", limit=100_000, where=[ev.c.case_id == case_id])
        return sorted(rows, key=lambda r: str(r["date"]))
    def my_prices(self, *, category_ids: Iterable[str] | None = None) -> list[dict]:
        """The caller's own parts: id, designation, category, status, unit price, capacity and
        the price's visibility (as :meth:`get_visibility` reads it)."""
        v = visibility
        q = (sa.select(parts_t.c.id, parts_t.c.designation, parts_t.c.category_id, parts_t.c.status,
                       parts_t.c.unit_price_usd, parts_t.c.annual_capacity, v.c.visibility, v.c.shared_with,
                       v.c.owner_id)
             .select_from(parts_t.outerjoin(v, sa.and_(v.c.table_name == "prices", v.c.row_key == parts_t.c.id)))
             .where(parts_t.c.maker_id == self.p.enterprise_id).order_by(parts_t.c.id))
        if category_ids is not None:
            q = q.where(parts_t.c.category_id.in_(list(category_ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [{"part_id": r.id, "designation": r.designation, "category_id": r.category_id, "status": r.status,
                 "unit_price_usd": _jsonable(r.unit_price_usd), "annual_capacity": _jsonable(r.annual_capacity),
                 **self._as_visibility(r if r.owner_id else None)} for r in rows]

    # ------------------------------------------------------------ offers
    def _offer_visible(self) -> sa.ColumnElement:
        d = TABLE["demands"]
        me = self.p.enterprise_id
        return sa.or_(offers_t.c.maker_id == me,
                      sa.exists(sa.select(1).where(d.c.id == offers_t.c.demand_id, d.c.oem_id == me)))

    def offers(self, *, demand_ids: Iterable[str] | None = None, mine: bool = False,
               limit: int = 500, offset: int = 0) -> tuple[list[dict], int]:
        """Offers the caller is a party to (``mine``: only those it made), newest first."""
        cond = [offers_t.c.maker_id == self.p.enterprise_id] if mine else [self._offer_visible()]
        if demand_ids is not None:
            cond.append(offers_t.c.demand_id.in_(list(demand_ids)))
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(offers_t).where(*cond)).scalar_one()
            rows = conn.execute(sa.select(offers_t).where(*cond)
                                .order_by(offers_t.c.updated_at.desc(), offers_t.c.id.desc())
                                .limit(limit).offset(offset))
            return [row_dict(r) for r in rows], int(total)

    def get_offer(self, offer_id: int) -> dict:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(offers_t).where(offers_t.c.id == offer_id, self._offer_visible())).first()
        if r is None:
            raise NotFoundError(f"offer {offer_id} not found")
        return row_dict(r)

    def offer(self, demand_id: str, part_id: str, unit_price_usd: float, capacity: float | None = None,
              note: str | None = None) -> dict:
        """Offer one of the caller's parts for a demand visible to it (a second offer of the
        same part revises it)."""
        demand = self.get("demands", demand_id)  # NotFoundError unless visible
        if demand["oem_id"] == self.p.enterprise_id:
            raise InputError(f"demand {demand_id!r} is your own: offers answer other enterprises' demands")
        self._require_part(part_id)
        if not (unit_price_usd >= 0) or (capacity is not None and not capacity > 0):
            raise InputError("unit_price_usd >= 0 USD and capacity > 0 pieces expected")
        key = demand_id + SEP + part_id
        values = {"unit_price_usd": unit_price_usd, "capacity": capacity, "note": note or None,
                  "created_by": self.p.username, "updated_at": now()}
        o = offers_t
        try:
            with self.engine.begin() as conn:
                cur = conn.execute(sa.select(o).where(o.c.demand_id == demand_id, o.c.part_id == part_id)).first()
                if cur is None:
                    conn.execute(o.insert().values(demand_id=demand_id, part_id=part_id,
                                                   maker_id=self.p.enterprise_id, **values))
                    self._audit(conn, "create", "offers", key, after=values)
                else:
                    conn.execute(o.update().where(o.c.id == cur.id).values(**values))
                    self._audit(conn, "update", "offers", key, before=row_dict(cur), after=values)
                oid = conn.execute(sa.select(o.c.id).where(o.c.demand_id == demand_id,
                                                           o.c.part_id == part_id)).scalar_one()
        except sa.exc.IntegrityError as exc:  # a parallel first offer of the same part won
            raise ConflictError(f"offer of {part_id!r} for {demand_id!r} was made by another request; "
                                "read it again") from exc
        self._done()
        return self.get_offer(oid)

    def withdraw_offer(self, offer_id: int) -> None:
        """Delete an offer the caller's enterprise made (else NotFoundError)."""
        o = offers_t
        with self.engine.begin() as conn:
            cur = conn.execute(sa.select(o).where(o.c.id == offer_id, o.c.maker_id == self.p.enterprise_id)).first()
            if cur is None or not conn.execute(o.delete().where(o.c.id == offer_id)).rowcount:
                raise NotFoundError(f"offer {offer_id} not found")
            self._audit(conn, "delete", "offers", cur.demand_id + SEP + cur.part_id, before=row_dict(cur))
        self._done()

    # ------------------------------------------------------------ dataset summary
    def dataset_summary(self) -> dict:
        """Rows per table as the caller may know them: catalog tables platform-wide, owned
        tables (demands, sourcing, tests) only what the caller sees; the dataset's metadata;
        the last import's time and size (not its server-side source path)."""
        from keyparts.dataset.schema import IMPORT_ORDER
        from keyparts.store.tables import dataset_meta, import_log
        with self.engine.connect() as conn:
            rows = {}
            for name in IMPORT_ORDER:
                t = TABLE[name]
                cond = self._visible(OWNED[name]) if name in OWNED else sa.true()
                rows[name] = conn.execute(sa.select(sa.func.count()).select_from(t).where(cond)).scalar_one()
            meta = {r.key: json.loads(r.value) for r in conn.execute(sa.select(dataset_meta))}
            last = conn.execute(sa.select(import_log).order_by(import_log.c.id.desc()).limit(1)).first()
        return {"dataset": meta, "rows": rows,
                "last_import": None if last is None else {"at": last.at.isoformat(), "rows": last.rows,
                                                          "replaced": last.replaced}}

    # ------------------------------------------------------------ audit (read)
    def audit_entries(self, *, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
        """The audit trail of writes made by the caller's enterprise."""
        cond = audit_log.c.enterprise_id == self.p.enterprise_id
        with self.engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(audit_log).where(cond)).scalar_one()
            rows = conn.execute(sa.select(audit_log).where(cond).order_by(audit_log.c.id.desc())
                                .limit(limit).offset(offset))
            out = []
            for r in rows:
                d = row_dict(r)
                for k in ("before", "after"):
                    d[k] = json.loads(d[k]) if d[k] else None
                out.append(d)
            return out, int(total)


def audit_system(engine: Engine, principal: Principal | None, action: str, table: str, key: str | None,
                 after: object = None, *, enterprise_id: str | None = None) -> None:
    """Audit a platform-level write (dataset import, user management). ``enterprise_id`` puts
    the entry in that enterprise's trail (e.g. a user created inside it), else the actor's."""
    with engine.begin() as conn:
        audit_row(conn, principal, action, table, key, after, enterprise_id=enterprise_id)


def audit_row(conn: Connection, principal: Principal | None, action: str, table: str, key: str | None,
              after: object = None, *, enterprise_id: str | None = None) -> None:
    """:func:`audit_system` on an open connection: the entry commits (or not) with the write it
    records, e.g. inside the dataset import's transaction."""
    conn.execute(audit_log.insert().values(
        at=now(), user_id=principal.user_id if principal else None,
        username=principal.username if principal else "cli",
        enterprise_id=enterprise_id or (principal.enterprise_id if principal else None), action=action,
        table_name=table,
        row_key=key, after=None if after is None else json.dumps(after, ensure_ascii=False, default=str)))


_PRICES_PAGE: list[sa.Select] = []


def _prices_page() -> sa.Select:
    """Prices of the parts ``:ids`` that enterprise ``:ent`` may see (it makes them, or their
    maker made the price public or shared it with ``:me`` = ";ENT;" LIKE-escaped with "/"):
    the same rule as ``TenantRepo._price_visible``, built once with bound parameters, as one
    search page asks for it on every request (building it per call cost ~3 ms)."""
    if not _PRICES_PAGE:
        v = visibility
        shared = sa.exists(sa.select(1).where(
            v.c.table_name == "prices", v.c.row_key == parts_t.c.id, v.c.owner_id == parts_t.c.maker_id,
            sa.or_(v.c.visibility == "public",
                   sa.and_(v.c.visibility == "shared",
                           (sa.literal(";") + v.c.shared_with + ";").contains(sa.bindparam("me"), escape="/")))))
        _PRICES_PAGE.append(sa.select(parts_t.c.id, parts_t.c.unit_price_usd).where(
            parts_t.c.id.in_(sa.bindparam("ids", expanding=True)),
            sa.or_(parts_t.c.maker_id == sa.bindparam("ent"), shared)))
    return _PRICES_PAGE[0]
