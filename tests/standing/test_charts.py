"""The dashboard chart is built in one pass, escaped, and keeps its table of numbers."""

from __future__ import annotations

from partnercenter.standing.charts import bar_chart, chart_html


def test_the_chart_has_a_bar_a_month_a_title_and_the_numbers() -> None:
    series = [(f"M{k}", k * 100 - 300) for k in range(24)]
    html = chart_html(bar_chart(series, title="Points <by> month"), "points")
    assert html.count("<rect ") == 24 and html.count("<tr><td>") == 24
    assert 'aria-labelledby="chart-title-points"' in html
    assert "Points &lt;by&gt; month" in html and "<by>" not in html
    assert 'class="bar neg"' in html  # negative months hang below the baseline
    assert "highest month 2,000 points" in html
