"""Rule and provision dates are read as strictly as case dates: a date or YYYY-MM-DD only,
never a number taken as a Unix time (which would move the day the law applies from)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from familycase._resources import rules_dir
from familycase.errors import ContentError
from familycase.rules.provisions import load_provisions
from familycase.rules.vocabulary import load_vocabularies


def _provisions_with(tmp_path: Path, **values: object) -> Path:
    """The shipped provisions with ``values`` set on the first one, in a temporary file."""
    data = yaml.safe_load((rules_dir() / "law" / "provisions.yaml").read_text(encoding="utf-8"))
    first = next(iter(data["provisions"]))
    data["provisions"][first].update(values)
    path = tmp_path / "provisions.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("value", [1704067200, "2024-01-01T00:00:00Z", "2024-1-1", 2024.5])
def test_a_provision_date_that_is_not_yyyy_mm_dd_is_refused(tmp_path: Path, value: object) -> None:
    path = _provisions_with(tmp_path, valid_from=value)
    with pytest.raises(ContentError) as info:
        load_provisions(path, vocabularies=load_vocabularies())
    (problem,) = info.value.problems
    assert problem.code == "FC303"
    assert problem.path is not None
    assert problem.path.endswith(".valid_from")
    assert "YYYY-MM-DD" in problem.message


def test_a_provision_date_written_yyyy_mm_dd_is_read(tmp_path: Path) -> None:
    path = _provisions_with(tmp_path, valid_from="2019-01-01")
    provisions = load_provisions(path, vocabularies=load_vocabularies())
    assert str(next(iter(provisions.entries.values())).valid_from) == "2019-01-01"
