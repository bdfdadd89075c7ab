"""SQLAlchemy 2 tables of the store, derived from the dataset contract.

One table per dataset file with the same columns and composite primary key, plus:
``extra`` (JSON text of the user's additional columns, so nothing is dropped),
``part_values.value_canonical`` (numeric value in the parameter's unit), ``dataset_meta``
(dataset.toml) and ``import_log`` (one row per import, for audit). References to a single
table are foreign keys, deferred to commit so rows may arrive in any order; references that
may point at either of two tables (``bom.parent_id``: product or part) are checked by the
validator.
"""

from __future__ import annotations

import sqlalchemy as sa

from keyparts.dataset.schema import TABLE_BY_NAME, TABLES, Column

metadata = sa.MetaData(naming_convention={
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ix": "ix_%(table_name)s_%(column_0_name)s",
})

_SQL_TYPES = {"str": sa.Text, "enum": sa.Text, "list": sa.Text, "date": sa.Date,
              "float": sa.Double, "int": sa.Integer, "bool": sa.Boolean}


def _column(table_key: tuple[str, ...], col: Column) -> sa.Column:
    args: list = []
    if len(col.refs) == 1 and col.kind != "list":
        ref = TABLE_BY_NAME[col.refs[0]]
        args.append(sa.ForeignKey(f"{ref.name}.{ref.key[0]}", deferrable=True, initially="DEFERRED"))
    return sa.Column(col.name, _SQL_TYPES[col.kind](), *args, primary_key=col.name in table_key,
                     nullable=col.nullable or not col.required, comment=col.description or None)


TABLE: dict[str, sa.Table] = {}
for _t in TABLES:
    cols = [_column(_t.key, c) for c in _t.columns]
    if _t.name == "part_values":
        cols.append(sa.Column("value_canonical", sa.Double(), comment="value in the parameter's unit"))
    cols.append(sa.Column("extra", sa.Text(), comment="JSON object of the user's extra columns"))
    TABLE[_t.name] = sa.Table(_t.name, metadata, *cols, comment=_t.description)

dataset_meta = sa.Table(
    "dataset_meta", metadata,
    sa.Column("key", sa.Text(), primary_key=True),
    sa.Column("value", sa.Text(), nullable=False, comment="JSON-encoded value"),
)

import_log = sa.Table(
    "import_log", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text(), nullable=False),
    sa.Column("dataset_name", sa.Text()),
    sa.Column("rows", sa.Integer(), nullable=False),
    sa.Column("replaced", sa.Boolean(), nullable=False),
)
