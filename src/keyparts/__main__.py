"""``python -m keyparts``: the same command line as the ``keyparts`` script."""

from keyparts.cli import main

if __name__ == "__main__":
    main()
