"""keyparts: find, rank and break bottlenecks in key industrial basic parts."""

__version__ = "0.1.0"
