"""The ecomap: a family, its households, ties, concerns and services as SVG, in pure Python.

``ecomap_svg(case)`` draws the case as it stands on its evaluation date:

- **persons** as cards (a neutral shape: the model has no gender) with name and age; the
  card's colour shows the age group. Generations are rows (parents above their children),
  computed from the relations; persons with no relation are placed by age.
- **households** side by side, each a rounded box around its members; persons who live in
  no household stand outside the boxes, above or beside their relatives.
- **ties**: parent and child joined by a line through a bar above the children (other
  carers: dashed), partners side by side joined by a line (former partners with a double
  slash), and other family and network ties as curves. The quality of a tie shows in its
  line: supportive thick and green, stressful with cross-ticks, conflictual zigzag, no
  contact dotted.
- **concerns** as small tags on the persons they are about (filled), and on the persons
  exposed to them (outlined, with a mark); suspected ones end in "?", past or resolved ones
  are grey. A concern that is not confirmed carries a key (a letter in a ring) for whoever
  reported it, named in the legend ("A: meldt av Maria – ikke bekreftet"): a suspicion or a
  report never looks like a confirmed concern. The tooltips name every concern, its
  certainty and who reported it (or its source).
- **services** in a band above and below the family, with lines to the persons they serve:
  active solid, waiting dashed, ended faint and dotted; the coordinator with a dark pill.
- **consents** to share information: a green tick on the person who gave one and on each
  service it lets Nav share with (the tooltip says about whom).
- a **legend** of the symbols drawn only, and, with an ``assessment``, a mark on the
  persons a duty concerns.

Across the phases of a scenario (``scenario_frame``) each person and each service keeps its
place, also when people move house, and what is new or ended is marked.

Every text comes from the vocabularies (nb, nn or en) or from the case, and every text is
escaped: a name like ``<script>`` is drawn as those characters. The layout is deterministic
(the same case gives the same SVG, byte for byte) and needs no fonts or system programs;
text widths are estimated.

Modules:

- ``sizes``: the font sizes and the geometry (in pixels), and the A4 limits they keep to
- ``grid``: the rows (generations) and each person's place, the same in every phase
- ``layout``: the cards, tags, households, ties, services, reporters and consents placed;
  ``scenario_frame``
- ``shapes``: drawing the cards, tags, ties, services and marks
- ``legend``: the legend of the symbols drawn
- ``document``: ``ecomap_svg``, the whole picture

>>> import familycase
>>> from familycase.render.ecomap import ecomap_svg
>>> case = familycase.load_scenario(familycase.scenario_path("maria_and_david")).case_at("phase1")
>>> svg = ecomap_svg(case, "en")
>>> svg.startswith("<svg") and "Maria" in svg and "Ecomap" in svg
True
"""

from __future__ import annotations

from familycase.render.ecomap.document import ecomap_svg
from familycase.render.ecomap.layout import Frame, Layout, layout, scenario_frame

__all__ = ["Frame", "Layout", "ecomap_svg", "layout", "scenario_frame"]
