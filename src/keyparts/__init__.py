"""keyparts: find, rank and break bottlenecks in key industrial basic parts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("keyparts")  # the one statement of the version is pyproject.toml
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"
