"""Bar charts as inline SVG (DESIGN 13: charts where people would rather look than read). The
figures are printed beside each bar and the chart is labelled, so a screen reader and a
black-and-white print lose nothing."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from councilguard.core.contributions import Bars

ROW = 28
LABEL_WIDTH = 190
BAR_WIDTH = 260
WIDTH = LABEL_WIDTH + BAR_WIDTH + 110

_BAR = (
    '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#0b0c0c">{}</text>'
    '<rect x="{}" y="{}" width="{}" height="18" fill="#1d70b8"></rect>'
    '<text x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>'
)


def bar_chart_svg(chart: Bars, ident: str) -> SafeString:
    """An SVG whose title names the chart and whose description lists every figure."""
    top = max([chart.maximum or 0] + [value for _, value, _ in chart.bars]) or 1
    height = ROW * max(len(chart.bars), 1) + 8
    description = "; ".join(f"{label}: {words}" for label, _, words in chart.bars)
    bars = []
    for i, (label, value, words) in enumerate(chart.bars):
        y = 4 + i * ROW
        length = round(BAR_WIDTH * value / top) if value else 0
        bars.append(
            (LABEL_WIDTH - 8, y + 14, _short(label), LABEL_WIDTH, y, length)
            + (LABEL_WIDTH + length + 6, y + 14, words)
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cg-chart" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        WIDTH,
        height,
        ident,
        ident,
        ident,
        chart.title,
        ident,
        description or "No figures",
        format_html_join("", _BAR, bars),
    )


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
