"""`python -m zjtx.common.devstack [run|migrate]`: the entry point of `make run` and `make migrate`."""

from __future__ import annotations

import argparse
import sys

from zjtx.common.devstack.catalog import find_root
from zjtx.common.devstack.stack import migrate, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zjtx.common.devstack",
        description="Run the platform on this machine: embedded PostgreSQL, the Tansu broker and every service.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=("run", "migrate"),
        default="run",
        help="run (default): start everything until Ctrl-C; migrate: only create and migrate databases",
    )
    args = parser.parse_args(argv)
    root = find_root()
    return run(root) if args.command == "run" else migrate(root)


if __name__ == "__main__":
    sys.exit(main())
