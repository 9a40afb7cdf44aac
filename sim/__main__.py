"""`python -m sim`: see sim/run/cli.py."""

from .run.cli import entry

if __name__ == "__main__":
    entry()
