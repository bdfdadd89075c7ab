"""``python -m keyparts`` runs the CLI, like the ``keyparts`` command."""

from keyparts.cli import main

if __name__ == "__main__":
    main()
