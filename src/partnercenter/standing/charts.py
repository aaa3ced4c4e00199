"""Server-side SVG bar charts: geometry computed here, drawn by a template, no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass


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
    """A bar chart ready for `portal/_bar_chart.html`."""

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
