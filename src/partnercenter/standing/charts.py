"""Server-side SVG bar charts: geometry and markup computed here, no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    """One bar: its box in chart units, its label and value (for the tooltip and the table)."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    negative: bool
    show_label: bool
    anchor: str
    """SVG text-anchor of the label: the last one ends at the bar so it stays inside the chart."""
    label_x: float


@dataclass(frozen=True)
class Chart:
    """A bar chart ready for `chart_html`."""

    width: int
    height: int
    baseline: float
    top_value: int
    bars: tuple[Bar, ...]
    title: str


def bar_chart(
    series: list[tuple[str, int]], *, title: str, width: int = 720, height: int = 200
) -> Chart:
    """Bars for labelled values; negatives hang below the baseline; every 3rd label shown."""
    pad_top, pad_bottom = 8.0, 22.0
    high = max([v for _, v in series] + [0])
    low = min([v for _, v in series] + [0])
    span = (high - low) or 1
    plot = height - pad_top - pad_bottom
    baseline = pad_top + plot * high / span
    slot = width / max(1, len(series))
    bars = []
    for i, (label, value) in enumerate(series):
        h = plot * abs(value) / span
        y = baseline - h if value >= 0 else baseline
        bars.append(
            Bar(
                x=round(i * slot + slot * 0.15, 2),
                y=round(y, 2),
                width=round(slot * 0.7, 2),
                height=round(max(h, 0.0), 2),
                label=label,
                value=value,
                negative=value < 0,
                show_label=i % 3 == 0 or i == len(series) - 1,
                anchor="end" if i == len(series) - 1 else "start",
                label_x=round(
                    (i + 1) * slot if i == len(series) - 1 else i * slot + slot * 0.15, 2
                ),
            )
        )
    return Chart(width, height, round(baseline, 2), high, tuple(bars), title)


def chart_html(chart: Chart, id: str) -> SafeString:
    """The chart as accessible SVG with its caption and a table of the numbers, in one pass.

    Built here rather than by a template: a 24-bar chart is ~150 template nodes, which
    cost as much as the rest of the dashboard (profile in docs/benchmarks.md, "Pages").
    """
    title = escape(chart.title)
    w, h, base = chart.width, chart.height, chart.baseline
    out = [
        '<figure class="chart">',
        f'<svg viewBox="0 0 {w} {h}" role="img" aria-labelledby="chart-title-{id}">',
        f'<title id="chart-title-{id}">{title}</title>',
        f'<line class="axis" x1="0" x2="{w}" y1="{base}" y2="{base}"></line>',
    ]
    rows = []
    for b in chart.bars:
        label = escape(b.label)
        css = "bar neg" if b.negative else "bar"
        out.append(
            f'<rect class="{css}" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}">'
            f"<title>{label}: {b.value:,} points</title></rect>"
        )
        if b.show_label:
            out.append(f'<text x="{b.label_x}" y="{h - 6}" text-anchor="{b.anchor}">{label}</text>')
        rows.append(f'<tr><td>{label}</td><td class="num">{b.value:,}</td></tr>')
    out += [
        "</svg>",
        f'<figcaption class="help">{title} · highest month {chart.top_value:,} points</figcaption>',
        "<details><summary>The numbers</summary>",
        '<div class="table-wrap"><table><thead><tr><th scope="col">Month</th>'
        '<th scope="col" class="num">Points</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody></table></div>",
        "</details></figure>",
    ]
    return mark_safe("".join(out))  # every text above is escaped  # noqa: S308
