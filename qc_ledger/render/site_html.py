"""The dashboard as one self-contained HTML file: inline CSS, inline SVG, a little inline script.

No request leaves the page: no CDN, no web font, no image file; a Content-Security-Policy allows
only the page's own style and script (by hash). Every value from the ledger is escaped; the data is
embedded as JSON that cannot close its script element. Standard library only. The page is written
in three parts: what stands above the measures' details, each measure's details as it is made
(site_measures.measure_details), and what follows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocabulary import FIGURES_LEGEND, SOURCE_KIND, SOURCE_KIND_LABELS
from .site_assets import LIGHT_COLOURS, SCRIPT, STYLE
from .site_charts import columns, pace_bar, stacked, trend
from .site_markup import escaped as _e
from .site_markup import script_json, source_hash
from .site_measures import DETAILS_CLOSING, DETAILS_OPENING, attention, overview

if TYPE_CHECKING:
    from ..reports.site import SiteData


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
            f"{stacked(g['counts'], g['measures'], site.labels['status'])}"
            f'<p class="counts">{_e(counts)}</p><p class="lights">{lights}</p>'
            f"<p>完成率 {g['done_share']}% · 平均进度 {g['progress']}%"
            f"（序时进度 {g['expected']}%）</p>"
            f"{pace_bar(g['progress'], g['expected'])}</div>"
        )
    return (
        '<section id="groups"><h2>各工作组</h2><div class="grid">'
        + "".join(rows)
        + "</div></section>"
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


def _filters(site: SiteData) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        items = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
        return f'<label>{_e(label)}<select id="f-{name}" data-filter="{name}"><option value="">全部</option>{items}</select></label>'

    groups = [(g["id"], g["short_name"]) for g in site.groups]
    units = [(u["name"], u["name"]) for u in site.units]
    statuses = list(site.labels["status"].items())
    lights = [(c, site.labels["light"][c]) for c in (*LIGHT_COLOURS, "none")]
    kinds = [(kind, label) for kind, label in SOURCE_KIND_LABELS.items() if kind in site.kinds]
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


def page_opening(site: SiteData) -> str:
    """The page down to the first measure's details: head, figures, charts and tables."""
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
        f"default-src 'none'; style-src {source_hash(style)}; script-src {source_hash(SCRIPT)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    head = "".join(
        [
            f'<header><h1>{_e(site.title)}</h1><p class="provenance" id="provenance">{line}</p>{warning}</header>',
            f'<div class="print-footer">{line}</div>',
            _headline(site),
            _filters(site),
            _groups(site),
            attention(site),
            _units(site),
            columns(
                site,
                site.timeline,
                ("open", "done"),
                "完成时限分布（按月，深色未完成、浅色已完成或取消）",
                "timeline",
            ),
            trend(site),
            overview(site),
        ]
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{_e(site.title)} · 进展看板</title><style>{style}</style></head><body>"
        f"{head}{DETAILS_OPENING}"
    )


def page_closing(site: SiteData) -> str:
    """The page after the last measure's details: the embedded data and the script."""
    p = site.provenance
    data = script_json(
        {
            "provenance": {"as_of": p.as_of.isoformat(), "commit": p.commit, "built": p.built},
            "headline": site.headline,
            "measures": site.count,
        }
    )
    return (
        f'{DETAILS_CLOSING}<script type="application/json" id="ledger-data">{data}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
