"""Running pytest on a folder of feature files of its own, as a domain expert would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ONE_LINE = "from pytest_bdd import scenarios; scenarios('.')\n"


def feature_folder(folder: Path) -> Path:
    """``folder`` with the one-line ``test_features.py`` a folder of feature files needs."""
    (folder / "test_features.py").write_text(ONE_LINE, encoding="utf-8")
    return folder


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m pytest *args`` in ``folder``, in a fresh process (outside this run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
