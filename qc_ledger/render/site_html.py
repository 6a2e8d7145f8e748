"""The dashboard as one self-contained HTML file: inline CSS, inline SVG, a little inline script.

No request leaves the page: no CDN, no web font, no image file; a Content-Security-Policy allows
only the page's own style and script (by hash). Every value from the ledger is escaped; the data is
embedded as JSON that cannot close its script element. Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING

from ..vocabulary import FIGURES_LEGEND, NO_PROBLEMS_STATED, SOURCE_KIND, SOURCE_KIND_LABELS
from .site_assets import LIGHT_COLOURS, PRINTED_ENTRIES, SCRIPT, STATUS_COLOURS, STYLE

if TYPE_CHECKING:
    from ..reports.site import LogLine, SiteData


_SPECIAL = re.compile("[&<>\"']")


def _e(value: object) -> str:
    text = "" if value is None else str(value)
    # Most text has nothing to escape: one scan instead of escape's five replacements.
    return escape(text, quote=True) if _SPECIAL.search(text) else text


def _json(data: object) -> str:
    """JSON safe inside <script>: no `<`, `>`, `&` or line separators as themselves."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _chart_note(site: SiteData, y: float) -> str:
    return f'<text class="note" x="0" y="{y}">{_e(site.provenance.line())}</text>'


AXIS = 30  # room left of a chart for its axis values, in SVG units


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


def _stacked(counts: dict[str, int], total: int, labels: dict) -> str:
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


def _pace_bar(progress: int, expected: int) -> str:
    """Average progress as a bar, the expected progress as a red mark on it."""
    return (
        '<svg class="pace" viewBox="0 0 100 8" preserveAspectRatio="none" role="img">'
        '<rect width="100" height="8" fill="#eeeeee"/>'
        f'<rect width="{progress}" height="8" fill="#2f6fbf"/>'
        f'<rect x="{max(0, expected - 0.5)}" width="1" height="8" fill="#c00000"/>'
        f"<title>平均进度 {progress}%，序时进度 {expected}%</title></svg>"
    )


def _headline(site: SiteData) -> str:
    h = site.headline
    cards = [
        ("措施", h["measures"], ""),
        ("已完成", h["done"], f"完成率 {h['done_share']}%"),
        ("逾期", h["overdue"], "已过完成时限未完成"),
        ("红灯", h["red"], "逾期或严重滞后"),
        ("平均进度", f"{h['progress']}%", f"序时进度 {h['expected']}%"),
    ]
    return (
        '<section id="headline" class="cards">'
        + "".join(
            f'<div class="card"><div class="label">{_e(label)}</div>'
            f'<div class="value">{_e(value)}</div><div class="sub">{_e(sub)}</div></div>'
            for label, value, sub in cards
        )
        + "</section>"
        + f'<p class="figures-legend">{_e(FIGURES_LEGEND)}</p>'
    )


def _groups(site: SiteData) -> str:
    rows = []
    for g in site.groups:
        lights = " ".join(
            f'<span class="dot {c}">{_e(site.labels["light"][c])} {g["lights"][c]}</span>'
            for c in LIGHT_COLOURS
            if g["lights"].get(c)
        )
        counts = "、".join(f"{site.labels['status'][s]} {n}" for s, n in g["counts"].items() if n)
        rows.append(
            f'<div class="group" data-group="{_e(g["id"])}"><h3>{_e(g["short_name"])}'
            f"<small>{_e(g['lead_unit'])} · 组长 {_e(g['leader'])}</small></h3>"
            f'<p class="full-name">{_e(g["name"])}</p>'
            f"{_stacked(g['counts'], g['measures'], site.labels['status'])}"
            f'<p class="counts">{_e(counts)}</p><p class="lights">{lights}</p>'
            f"<p>完成率 {g['done_share']}% · 平均进度 {g['progress']}%"
            f"（序时进度 {g['expected']}%）</p>"
            f"{_pace_bar(g['progress'], g['expected'])}</div>"
        )
    return (
        '<section id="groups"><h2>各工作组</h2><div class="grid">'
        + "".join(rows)
        + "</div></section>"
    )


def _attrs(m: dict) -> str:
    units = "|".join([m["lead_unit"], *m["cooperating_units"]])
    return (
        f'data-group="{_e(m["group"])}" data-units="{_e(units)}" '
        f'data-status="{_e(m["status"])}" data-light="{_e(m["light"])}" '
        f'data-kind="{_e(m["kind"])}"'
    )


def _td(label: str, html: str, kind: str = "") -> str:
    """A table cell that names its column, so a phone can show the row as a card."""
    cls = f' class="{kind}"' if kind else ""
    return f'<td data-label="{_e(label)}"{cls}>{html}</td>'


def _light(m: dict, site: SiteData) -> str:
    return f'<span class="dot {m["light"]}">{_e(site.labels["light"][m["light"]])}</span>'


def _situation(m: dict) -> str:
    return f"逾期 {m['overdue_days']} 天" if m["overdue_days"] else m["pace_label"]


def _link(m: dict) -> str:
    return f'<a href="#m-{_e(m["id"])}">{_e(m["id"])}</a>'


def _attention(site: SiteData) -> str:
    red = [m for m in site.measures if m["light"] == "red"]
    red.sort(key=lambda m: (-m["red_days"], m["id"]))
    body = "".join(
        f"<tr {_attrs(m)}>"
        + _td("措施", _link(m), "id")
        + _td("工作组", _e(m["group_name"]), "nw")
        + _td("内容", _e(m["text"]), "text")
        + _td("牵头单位", _e(m["lead_unit"]), "unit")
        + _td("完成时限", _e(m["deadline"]), "date")
        + _td("情况", _e(_situation(m)), "nw")
        + _td("红灯天数", str(m["red_days"]), "num")
        + _td("红灯起始", _e(m["red_since"]), "date")
        + "</tr>"
        for m in red
    )
    head = "<tr><th>措施</th><th>工作组</th><th>内容</th><th>牵头单位</th><th>完成时限</th>"
    head += "<th>情况</th><th>红灯天数</th><th>红灯起始</th></tr>"
    empty = "" if red else '<p class="empty">没有亮红灯的措施。</p>'
    return (
        f'<section id="attention" class="cards-on-phone"><h2>逾期和严重滞后的措施（{len(red)} 项）</h2>{empty}'
        f'<div class="scroll"><table><thead>{head}</thead><tbody>{body}</tbody></table></div>'
        "</section>"
    )


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _units(site: SiteData) -> str:
    body = "".join(
        f'<tr data-unit="{_e(u["name"])}"><td class="nw">{_e(u["name"])}</td><td class="num">{u["lead"]}</td>'
        f'<td class="num">{u["cooperating"]}</td><td class="num">{u["overdue"]}</td>'
        f'<td class="num">{_score(u["score"])}</td></tr>'
        for u in site.units
    )
    head = "<tr><th>单位</th><th>牵头</th><th>配合</th><th>牵头逾期</th><th>考核得分</th></tr>"
    return (
        '<section id="units"><h2>各单位</h2><div class="scroll"><table>'
        f"<thead>{head}</thead><tbody>{body}</tbody></table></div></section>"
    )


def _columns(
    site: SiteData, rows: list[dict], keys: tuple[str, ...], title: str, ident: str
) -> str:
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


def _trend(site: SiteData) -> str:
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


def _filters(site: SiteData) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        items = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
        return f'<label>{_e(label)}<select id="f-{name}" data-filter="{name}"><option value="">全部</option>{items}</select></label>'

    groups = [(g["id"], g["short_name"]) for g in site.groups]
    units = [(u["name"], u["name"]) for u in site.units]
    statuses = list(site.labels["status"].items())
    lights = [(c, site.labels["light"][c]) for c in (*LIGHT_COLOURS, "none")]
    present = {m["kind"] for m in site.measures}
    kinds = [(kind, label) for kind, label in SOURCE_KIND_LABELS.items() if kind in present]
    return (
        '<section id="filters" class="no-print">'
        + select("group", "工作组", groups)
        + select("unit", "单位", units)
        + select("status", "状态", statuses)
        + select("light", "预警", lights)
        + select("kind", SOURCE_KIND, kinds)
        + '<button type="button" id="f-clear">清除筛选</button>'
        '<span id="f-count"></span></section>'
    )


# Above this many measures the overview table is left out: the details below list them all, and a
# page of tens of thousands of rows twice over takes a browser too long to open.
TABLE_LIMIT = 2000


def _measures(site: SiteData) -> str:
    if len(site.measures) > TABLE_LIMIT:
        return (
            f'<section id="measures"><h2>全部措施</h2><p class="empty">共 {len(site.measures)} 项措施，'
            "逐项见下方“各项措施”；用上方的筛选找出要看的措施。</p></section>"
        )
    body = "".join(
        f"<tr {_attrs(m)}>"
        + _td("灯", _light(m, site), "light")
        + _td("措施", _link(m), "id")
        + _td("内容", _e(m["text"]), "text")
        + _td("牵头单位", _e(m["lead_unit"]), "unit")
        + _td("完成时限", _e(m["deadline"]), "date")
        + _td("状态", f"{_e(m['status_label'])} {m['progress']}%", "nw")
        + _td("序时进度", f"{m['expected']}%", "num")
        + "</tr>"
        for m in site.measures
    )
    head = "<tr><th>灯</th><th>措施</th><th>内容</th><th>牵头单位</th><th>完成时限</th>"
    head += "<th>状态</th><th>序时进度</th></tr>"
    return (
        '<section id="measures" class="cards-on-phone"><h2>全部措施</h2><div class="scroll"><table>'
        f"<thead>{head}</thead><tbody>{body}</tbody></table></div></section>"
    )


def _entry(e: LogLine) -> str:
    """One progress entry, with its 存在问题 and 下步计划 when stated."""
    text = f"{_e(e.date)} {_e(e.note)}{'（经验亮点）' if e.highlight else ''}"
    for value, label in ((e.problems, "存在问题"), (e.next_steps, "下步计划")):
        if value:
            text += f"<br>{label}：{_e(value)}"
    return f"<li>{text}</li>"


def _details(site: SiteData) -> Iterator[str]:
    note = (
        f'<p class="print-only">打印稿每项只列最近 {PRINTED_ENTRIES} 条进展；全部进展见网页。</p>'
    )
    yield '<section id="details"><h2>各项措施</h2>' + note
    for m in site.measures:
        log = "".join(_entry(e) for e in m["log"]) or "<li>尚无进展记录。</li>"
        facts = [
            ("工作组", m["group_full_name"]),
            ("任务", m["task_title"]),
            ("牵头单位", m["lead_unit"]),
            ("配合单位", "、".join(m["cooperating_units"]) or "无"),
            ("责任领导", m["responsible_leader"] or "未明确"),
            ("责任人", m["responsible_person"] or "未明确"),
            ("完成时限", m["deadline"]),
            ("成果形式", m["deliverable"] or "未明确"),
            ("状态", f"{m['status_label']}，进度 {m['progress']}%（序时进度 {m['expected']}%）"),
        ]
        if m["red_since"]:
            facts.append(("红灯", f"自 {m['red_since']} 起，已 {m['red_days']} 天"))
        if m["light"] == "red":
            when = f"（{m['stated_on']} 报送）" if m["stated_on"] else ""
            facts.append(("存在问题", (m["problems"] or NO_PROBLEMS_STATED) + when))
            facts.append(("下步计划", m["next_steps"] or "未说明"))
        rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
        yield (
            f'<article id="m-{_e(m["id"])}" class="measure" {_attrs(m)}>'
            f"<h3>{_light(m, site)} {_e(m['id'])} {_e(m['text'])}</h3><dl>{rows}</dl>"
            f"<ul>{log}</ul></article>"
        )
    yield "</section>"


def site_chunks(site: SiteData) -> Iterator[str]:
    """The page in pieces, a measure's details each: a province's page is written as it is made."""
    p = site.provenance
    line = _e(p.line())
    warning = ""
    if not p.as_of_is_today:
        warning = (
            f'<p class="as-of" id="as-of">本页按 {_e(p.as_of.isoformat())} 统计，'
            f"不是今天（{_e(p.real_today.isoformat())}）。</p>"
        )
    style = STYLE
    policy = (
        f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(SCRIPT)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    head = "".join(
        [
            f'<header><h1>{_e(site.title)}</h1><p class="provenance" id="provenance">{line}</p>{warning}</header>',
            f'<div class="print-footer">{line}</div>',
            _headline(site),
            _filters(site),
            _groups(site),
            _attention(site),
            _units(site),
            _columns(
                site,
                site.timeline,
                ("open", "done"),
                "完成时限分布（按月，深色未完成、浅色已完成或取消）",
                "timeline",
            ),
            _trend(site),
            _measures(site),
        ]
    )
    data = _json(
        {
            "provenance": {"as_of": p.as_of.isoformat(), "commit": p.commit, "built": p.built},
            "headline": site.headline,
            "measures": len(site.measures),
        }
    )
    yield (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{_e(site.title)} · 进展看板</title><style>{style}</style></head><body>"
        f"{head}"
    )
    yield from _details(site)
    yield (
        f'<script type="application/json" id="ledger-data">{data}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
