"""A relation can be built in type-checked code: its ``from`` is the argument ``from_``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from familycase.case.model import Relation

CLIENT = """\
from familycase.case.model import Relation

relation = Relation(kind="parent", from_="mother", to="child")
person: str = relation.from_
"""


def test_the_constructor_takes_from_and_the_json_says_from(tmp_path: Path) -> None:
    relation = Relation(kind="parent", from_="mother", to="child")
    assert relation.model_dump()["from"] == "mother"
    assert Relation.model_validate({"kind": "parent", "from": "mother", "to": "child"}) == relation
    client = tmp_path / "client.py"
    client.write_text(CLIENT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(client)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
