"""Command line: python -m autograder {release,execute,expected,grade,hostile,hub} ... (each has --help)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .fastpaths import skip_iri_grammars

    skip_iri_grammars()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {
        "release": "autograder.release",
        "execute": "autograder.execute",
        "expected": "autograder.expected",
        "grade": "autograder.grade",
        "hostile": "autograder.hostile",
        "hub": "autograder.hub",
    }
    if not argv or argv[0] not in commands:
        print(__doc__.strip(), file=sys.stderr)
        for name, module in commands.items():
            print(f"  {name:8s} {__import__(module, fromlist=['__doc__']).__doc__.strip().splitlines()[0]}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = __import__(commands[argv[0]], fromlist=["main"])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
