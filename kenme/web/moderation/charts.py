"""Bar charts as server-rendered SVG, for the moderators' overview.

Each bar has its label and figure written above it, in the page's own font size: positions
are percentages of the width (no viewBox), so the chart fills any column from 320 px up
without shrinking its text, and never makes the page scroll sideways. The chart is an image
with a name (role="img"); its table follows it on the page with the same figures.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from kenme.services.dashboard import Chart

ROW = 44  # px per bar: a line of text and the bar under it
BAR = 14


def number(value) -> str:
    """A figure the Dutch way: a decimal comma, no trailing ",0"."""
    if isinstance(value, float):
        value = round(value, 1)
        if value.is_integer():
            value = int(value)
    return str(value).replace(".", ",")


def bar_chart(chart: Chart, chart_id: str) -> Markup:
    """The SVG for one chart (an empty string when it has no rows)."""
    if not chart.rows:
        return Markup("")
    peak = chart.peak or 1
    height = ROW * len(chart.rows)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" width="100%" height="{height}" role="img" '
        f'aria-label="{escape(chart.title)}: staafdiagram; de cijfers staan in de tabel eronder">'
    ]
    for index, row in enumerate(chart.rows):
        label, value = row[0], row[1]
        top = index * ROW
        share = 100 * value / peak
        parts.append(
            f'<text class="chart-label" x="0" y="{top + 16}">{escape(label)}: '
            f"{escape(number(value))} {escape(chart.unit)}</text>"
        )
        parts.append(
            f'<rect class="chart-track" x="0" y="{top + 22}" width="100%" height="{BAR}" rx="2"/>'
        )
        if value:
            parts.append(
                f'<rect class="chart-bar" x="0" y="{top + 22}" width="{share:.2f}%" '
                f'height="{BAR}" rx="2"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text escaped above)
