"""The registry files in the dataset contract: optional, owned by the enterprise, validated by the schema."""

from __future__ import annotations

from keyparts.dataset import read_dataset, validate
from keyparts.dataset.schema import TABLE_BY_NAME, TABLES
from tests.dataset.tiny import write_tiny

REGISTRY = ("enterprise_years", "enterprise_categories", "enterprise_occupations", "capabilities", "training")


def test_registry_files_are_optional_so_existing_datasets_stay_valid(tmp_path):
    ds = read_dataset(write_tiny(tmp_path / "ds", **{f"{n}_csv": None for n in REGISTRY}))
    assert [str(p) for p in validate(ds) if p.severity == "error"] == []
    assert not any(TABLE_BY_NAME[n].required for n in REGISTRY)


def test_confidential_tables_name_the_owning_enterprise_column():
    owned = {t.name: t.owner for t in TABLES if t.owner}
    assert owned == {"enterprise_years": "enterprise_id", "enterprise_categories": "enterprise_id",
                     "enterprise_occupations": "enterprise_id", "capabilities": "enterprise_id"}
    for name, col in owned.items():
        assert TABLE_BY_NAME[name].column(col).refs == ("enterprises",)


def test_registry_tables_are_one_block_of_the_contract():
    names = [t.name for t in TABLES]
    i = names.index(REGISTRY[0])
    assert names[i:i + len(REGISTRY)] == list(REGISTRY)
