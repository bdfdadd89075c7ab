"""Benchmarks run by ``make bench``: each module ``bench_*.py`` has ``main() -> None`` that
prints the workload, our time, the peer's time on the same workload in the same run, and
the ratio."""
