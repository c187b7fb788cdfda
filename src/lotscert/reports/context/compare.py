"""The compare report's own pieces: anonymous letters and the heat maps.

Its rows are built while streaming, in :mod:`lotscert.reports.api`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lotscert.models.common import Language
from lotscert.reports.context.views import CompareRow
from lotscert.reports.i18n import tr
from lotscert.reports.svg import HeatCell, HeatRow, heat_map


def anonymous_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: letters for an anonymised comparison."""
    letters = ""
    index += 1
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def heat_rows(rows: Sequence[CompareRow]) -> list[HeatRow]:
    """The comparison's heat map: one row per municipality-year, levels then the total."""
    return [
        HeatRow(
            f"{row.shown_as} {row.period}"
            + (f" ({row.example_label})" if row.example_label else ""),
            [HeatCell(value) for value in [*row.levels, row.overall]],
        )
        for row in rows
    ]


HEAT_MAP_ROWS_PER_CHART: Final = 30


def compare_heat_maps(
    view_rows: Sequence[CompareRow], level_titles: Sequence[str], lang: Language
) -> list[str]:
    """The heat map of a comparison, in charts of at most 30 rows: a national comparison of
    290 municipalities then prints across pages instead of being cut at the first one."""
    rows = heat_rows(view_rows)
    columns = [*level_titles, tr(lang, "overall")]
    return [
        heat_map(
            rows[start : start + HEAT_MAP_ROWS_PER_CHART], columns, tr(lang, "chart_heat_map"), lang
        )
        for start in range(0, len(rows), HEAT_MAP_ROWS_PER_CHART)
    ]
