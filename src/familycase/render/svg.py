"""The ecomap, under the name it has always had: ``familycase.render.svg.ecomap_svg`` is
``familycase.render.ecomap.ecomap_svg`` (see that package for what the map shows).

>>> from familycase.render import ecomap, svg
>>> svg.ecomap_svg is ecomap.ecomap_svg
True
"""

from __future__ import annotations

from familycase.render.ecomap import Frame, Layout, ecomap_svg, layout, scenario_frame

__all__ = ["Frame", "Layout", "ecomap_svg", "layout", "scenario_frame"]
