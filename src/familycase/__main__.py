"""``python -m familycase`` and the ``familycase`` command."""

from __future__ import annotations

import sys

from familycase.cli import main


def run() -> None:
    """Entry point of the ``familycase`` command."""
    sys.exit(main())


if __name__ == "__main__":
    run()
