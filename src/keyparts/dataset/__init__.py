"""The dataset format: read, validate, write, plus the bundled sample and a generator."""

from importlib.resources import files
from pathlib import Path

from keyparts.dataset.io import read_dataset, write_dataset
from keyparts.dataset.model import Dataset
from keyparts.dataset.validate import validate, validate_and_type


def sample_path() -> Path:
    """Folder of the bundled sample dataset."""
    return Path(str(files("keyparts.data") / "sample"))


def load_sample() -> Dataset:
    """The bundled sample dataset, validated and typed."""
    return validate_and_type(read_dataset(sample_path()))


__all__ = ["Dataset", "read_dataset", "write_dataset", "validate", "validate_and_type", "sample_path",
           "load_sample"]
