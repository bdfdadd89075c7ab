"""keyparts: find, rank and break bottlenecks in key industrial basic parts."""

from functools import lru_cache


@lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("keyparts")  # the one statement of the version is pyproject.toml
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":  # read on first use: importlib.metadata costs ~0.1 s per command
        return _version()
    raise AttributeError(f"module 'keyparts' has no attribute {name!r}")
