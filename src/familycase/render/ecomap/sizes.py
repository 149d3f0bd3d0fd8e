"""The ecomap's sizes, in CSS pixels (96 per inch: 1 px is 0.75 pt).

Every text is at least ``TEXT`` (10.5 px: 7.9 pt at full size). A map shrinks to fit one A4
page; its sizes keep it small enough that its text stays at 7 pt or more there
(``tests/render/test_svg_print.py``): a map may be at most ``A4_WIDE`` wide and ``A4_TALL``
tall in one orientation or the other.
"""

from __future__ import annotations

# -- fonts ---------------------------------------------------------------------------------
TEXT = 10.5  # the smallest text: ages, tags, service names, marks, legend entries
LINE = 12.5  # the line height of TEXT
NAME_SIZES = (12.5, 11.5, 10.5)  # a person's name: smaller before it wraps
NAME_LINE = 14.0
HEADING = 15.0
HEADING_LINE = 19.0
DATE = 11.0
LEGEND_TITLE = 12.0

# -- the page: one A4 sheet less 10 mm margins, at the scale that keeps TEXT at 7 pt ---------
MIN_PT = 7.0
_SCALE = MIN_PT / (TEXT * 0.75)
A4_WIDE = 277 / 25.4 * 96 / _SCALE  # the long side: about 1,178 px
A4_TALL = 190 / 25.4 * 96 / _SCALE  # the short side: about 808 px

# -- persons -------------------------------------------------------------------------------
CARD_W = 136.0
SLOT_W = 146.0  # a card and the gutter beside it
CARD_MIN_H = 44.0
TAG_H = 16.0
TAG_GAP = 3.0

# -- rows, households, margins -------------------------------------------------------------
ROW_GAP = 58.0  # between two generations: room for the bars joining parents and children
LANE = 7.0  # between two bars in one gap
BOX_PAD = 10.0
BOX_LABEL = 18.0
COLUMN_GAP = 22.0
MARGIN = 16.0
TITLE_H = 34.0

# -- services ------------------------------------------------------------------------------
SERVICE_W = 144.0
SERVICE_H = 52.0  # room for four lines of a service's name
SERVICE_GAP = 10.0
SERVICE_PORT = 40.0  # service lines join a card right of its centre
SIDE_GAP = 40.0  # between a side band and the family
SIDE_PENALTY = 240.0  # a service beside the family counts as this much further away
BAND_GAP = 22.0  # between the service bands and the family
