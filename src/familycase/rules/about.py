"""A rulebook's name, version and date (``rulebook.yaml`` at the top of a rules folder).

They are what a caseworker system stores beside an assessment to say which rules produced
it (``provenance.rulebook_name``, ``rulebook_version``, ``rulebook_date``); the rulebook
hash tells two rulebooks apart exactly. A rules folder without ``rulebook.yaml`` gets its
folder's name, the version ``unversioned`` and no date.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from familycase._validation import Date, problems_from
from familycase._yaml import load_yaml
from familycase.errors import ContentError

FILE_NAME = "rulebook.yaml"


class RulebookInfo(BaseModel):
    """The name, version and date of a rulebook."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=80)
    version: str = Field(
        pattern=r"^([0-9]+\.[0-9]+\.[0-9]+|unversioned)$",
        max_length=40,
        description="MAJOR.MINOR.PATCH: MAJOR when a duty changes, MINOR when a suggestion "
        "or question is added or changed, PATCH for wording.",
    )
    date: Date | None = Field(default=None, description="The date this version was settled.")


def load_about(folder: Path) -> RulebookInfo:
    """The ``rulebook.yaml`` of ``folder``, or a default naming the folder."""
    path = folder / FILE_NAME
    if not path.is_file():
        name = "".join(c if c.isascii() and c.isalnum() else "-" for c in folder.name.lower())
        if not name[:1].isalpha():
            name = f"rules-{name}"
        return RulebookInfo(name=name[:80], version="unversioned")
    doc = load_yaml(path)
    try:
        return RulebookInfo.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_from(exc, document=doc, file=doc.file, show_values=True)
        raise ContentError(problems, f"{FILE_NAME} is invalid") from None
