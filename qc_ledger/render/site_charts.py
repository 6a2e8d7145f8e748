"""The dashboard's charts as inline SVG: bars by status, pace bars and the charts by month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .site_assets import STATUS_COLOURS
from .site_markup import escaped as _e

if TYPE_CHECKING:
    from ..reports.site import SiteData

AXIS = 30  # room left of a chart for its axis values, in SVG units


def _chart_note(site: SiteData, y: float) -> str:
    return f'<text class="note" x="0" y="{y}">{_e(site.provenance.line())}</text>'


def _axis(peak: float, width: float) -> str:
    """Gridlines and values at 0, half and the top of a chart whose bars span 120 → 10."""
    marks = []
    for share in (0, 0.5, 1):
        y = 120 - 110 * share
        value = peak * share
        label = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
        marks.append(
            f'<line x1="0" x2="{width:.0f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text class="axis" x="-4" y="{y + 3:.1f}" text-anchor="end">{label}</text>'
        )
    return "".join(marks)


def stacked(counts: dict[str, int], total: int, labels: dict) -> str:
    """A bar split by status, as inline SVG."""
    x, parts = 0.0, []
    for status, colour in STATUS_COLOURS.items():
        count = counts.get(status, 0)
        if not count or not total:
            continue
        width = 300 * count / total
        title = f"{labels[status]} {count}"
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="14" fill="{colour}">'
            f"<title>{_e(title)}</title></rect>"
        )
        x += width
    return (
        '<svg class="bar" viewBox="0 0 300 14" preserveAspectRatio="none" role="img">'
        + "".join(parts)
        + "</svg>"
    )


def pace_bar(progress: int, expected: int) -> str:
    """Average progress as a bar, the expected progress as a red mark on it."""
    return (
        '<svg class="pace" viewBox="0 0 100 8" preserveAspectRatio="none" role="img">'
        '<rect width="100" height="8" fill="#eeeeee"/>'
        f'<rect width="{progress}" height="8" fill="#2f6fbf"/>'
        f'<rect x="{max(0, expected - 0.5)}" width="1" height="8" fill="#c00000"/>'
        f"<title>平均进度 {progress}%，序时进度 {expected}%</title></svg>"
    )


def columns(site: SiteData, rows: list[dict], keys: tuple[str, ...], title: str, ident: str) -> str:
    """A bar chart by month (stacked keys), with its provenance inside the SVG."""
    if not rows:
        return (
            f'<section id="{ident}"><h2>{_e(title)}</h2><p class="empty">没有数据。</p></section>'
        )
    peak = max(sum(r[k] for k in keys) for r in rows) or 1
    width = max(600, 12 * len(rows))
    step = width / len(rows)
    bars = []
    for index, row in enumerate(rows):
        y = 120.0
        for key, colour in zip(keys, ("#2f6fbf", "#9bbb59"), strict=False):
            height = 110 * row[key] / peak
            y -= height
            bars.append(
                f'<rect x="{index * step:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>{_e(row["month"])} '
                f"{_e(key)} {row[key]}</title></rect>"
            )
        if index % max(1, len(rows) // 8) == 0:
            bars.append(f'<text x="{index * step:.1f}" y="134">{_e(row["month"])}</text>')
    return (
        f'<section id="{ident}" class="chart"><h2>{_e(title)}</h2>'
        f'<svg viewBox="{-AXIS} 0 {width + 40 + AXIS:.0f} 152" role="img">{_axis(peak, width)}'
        f"{''.join(bars)}{_chart_note(site, 148)}</svg>"
        "</section>"
    )


def trend(site: SiteData) -> str:
    """Reports received per month (bars) and measures done so far (a line)."""
    rows = site.trend
    if not rows:
        return '<section id="trend"><h2>趋势</h2><p class="empty">没有数据。</p></section>'
    peak = max(max(r["reports"] for r in rows), max(r["done"] for r in rows), 1)
    width = max(600, 12 * len(rows))
    step = width / len(rows)
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{120 - 110 * r["reports"] / peak:.1f}" '
        f'width="{max(step - 2, 1):.1f}" height="{110 * r["reports"] / peak:.1f}" fill="#9dc3e6">'
        f"<title>{_e(r['month'])} 报送 {r['reports']} 条</title></rect>"
        for i, r in enumerate(rows)
    )
    points = " ".join(
        f"{i * step + step / 2:.1f},{120 - 110 * r['done'] / peak:.1f}" for i, r in enumerate(rows)
    )
    ticks = "".join(
        f'<text x="{i * step:.1f}" y="134">{_e(r["month"])}</text>'
        for i, r in enumerate(rows)
        if i % max(1, len(rows) // 8) == 0
    )
    return (
        '<section id="trend" class="chart"><h2>趋势：每月收到的进展报送（柱）和累计完成的措施（线）</h2>'
        f'<svg viewBox="{-AXIS} 0 {width + 40 + AXIS:.0f} 152" role="img">{_axis(peak, width)}{bars}'
        f'<polyline points="{points}" fill="none" stroke="#c00000" stroke-width="2"/>{ticks}'
        f"{_chart_note(site, 148)}</svg></section>"
    )
