"""Display: what a caseworker or a trainer sees. Nothing is decided here.

- ``text``, ``markdown``, ``html``: an assessment or a case as text, Markdown or HTML
- ``summary``: what every report shows first (duties, what to clarify now, who coordinates)
- ``ecomap``: the ecomap of a case (a package: sizes, grid, layout, shapes, legend, document)
- ``svg``: the ecomap under its old name (``familycase.render.svg.ecomap_svg``)
- ``responsibility``: the responsibility map (who does what, with whom)
- ``explain``: the duty board, why not and what changed, as text
- ``player``: a scenario played phase by phase (as a report, or as an exercise)
- ``proposals``: a training group's proposals beside familycase's suggestions
- ``card``: the printable case card, one A4 page per phase
- ``timeline``: a scenario's phases on a time axis, one row per person, with what changed
- ``_args``, ``_labels``, ``_draw``: argument checks, shared labels and drawing primitives

It imports every stage below it (mechanism, ``engine``, ``rules``, ``case``, ``assess``);
never the tools.
"""
