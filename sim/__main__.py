"""`python -m sim`: see sim/cli.py."""

from .cli import entry

if __name__ == "__main__":
    entry()
