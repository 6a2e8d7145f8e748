"""The dashboard's measures: the red ones, the overview table and each measure's details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.lazylog import iso_dates, plain_dated
from ..reports.site import TABLE_LIMIT
from ..vocabulary import NO_PROBLEMS_STATED
from .site_assets import PAGE_ENTRIES, PRINTED_ENTRIES
from .site_markup import escaped as _e

if TYPE_CHECKING:
    from ..reports.site import SiteData


def _attrs(m: dict) -> str:
    units = "|".join([m["lead_unit"], *m["cooperating_units"]])
    # Status, light and kind are the code's own words (checked on load), never the ledger's text.
    return (
        f'data-group="{_e(m["group"])}" data-units="{_e(units)}" '
        f'data-status="{m["status"]}" data-light="{m["light"]}" data-kind="{m["kind"]}"'
    )


def _td(label: str, html: str, kind: str = "") -> str:
    """A table cell that names its column, so a phone can show the row as a card."""
    cls = f' class="{kind}"' if kind else ""
    return f'<td data-label="{_e(label)}"{cls}>{html}</td>'


def _light(m: dict, labels: dict) -> str:
    return f'<span class="dot {m["light"]}">{_e(labels["light"][m["light"]])}</span>'


def _situation(m: dict) -> str:
    return f"逾期 {m['overdue_days']} 天" if m["overdue_days"] else m["pace_label"]


def _link(m: dict) -> str:
    return f'<a href="#m-{_e(m["id"])}">{_e(m["id"])}</a>'


def _escaped_all(texts: tuple) -> tuple:
    """The ledger's texts escaped, looked at once: most measures have nothing to escape."""
    seen = "".join(texts)
    if "&" in seen or "<" in seen or ">" in seen or '"' in seen or "'" in seen:
        return tuple(map(_e, texts))
    return texts


def attention(site: SiteData) -> str:
    """The red measures, longest red first (each row one format: a province has tens of thousands)."""
    red = site.attention
    rows = []
    for m in red:
        mid, group, units, name, text, lead = _escaped_all(
            (
                m["id"], m["group"], "|".join([m["lead_unit"], *m["cooperating_units"]]),
                m["group_name"], m["text"], m["lead_unit"],
            )
        )  # fmt: skip
        # Status, light and kind are the code's own words; ISO dates and numbers need no escaping.
        rows.append(
            f'<tr data-group="{group}" data-units="{units}" data-status="{m["status"]}" '
            f'data-light="{m["light"]}" data-kind="{m["kind"]}">'
            f'<td data-label="措施" class="id"><a href="#m-{mid}">{mid}</a></td>'
            f'<td data-label="工作组" class="nw">{name}</td>'
            f'<td data-label="内容" class="text">{text}</td>'
            f'<td data-label="牵头单位" class="unit">{lead}</td>'
            f'<td data-label="完成时限" class="date">{m["deadline"]}</td>'
            f'<td data-label="情况" class="nw">{_e(_situation(m))}</td>'
            f'<td data-label="红灯天数" class="num">{m["red_days"]}</td>'
            f'<td data-label="红灯起始" class="date">{m["red_since"] or ""}</td></tr>'
        )
    body = "".join(rows)
    head = "<tr><th>措施</th><th>工作组</th><th>内容</th><th>牵头单位</th><th>完成时限</th>"
    head += "<th>情况</th><th>红灯天数</th><th>红灯起始</th></tr>"
    empty = "" if red else '<p class="empty">没有亮红灯的措施。</p>'
    return (
        f'<section id="attention" class="cards-on-phone"><h2>逾期和严重滞后的措施（{len(red)} 项）</h2>{empty}'
        f'<div class="scroll"><table><thead>{head}</thead><tbody>{body}</tbody></table></div>'
        "</section>"
    )


def overview(site: SiteData) -> str:
    """Every measure in one table; above TABLE_LIMIT, a line pointing to the details instead."""
    if site.count > TABLE_LIMIT:
        return (
            f'<section id="measures"><h2>全部措施</h2><p class="empty">共 {site.count} 项措施，'
            "逐项见下方“各项措施”；用上方的筛选找出要看的措施。</p></section>"
        )
    body = "".join(
        f"<tr {_attrs(m)}>"
        + _td("灯", _light(m, site.labels), "light")
        + _td("措施", _link(m), "id")
        + _td("内容", _e(m["text"]), "text")
        + _td("牵头单位", _e(m["lead_unit"]), "unit")
        + _td("完成时限", _e(m["deadline"]), "date")
        + _td("状态", f"{_e(m['status_label'])} {m['progress']}%", "nw")
        + _td("序时进度", f"{m['expected']}%", "num")
        + "</tr>"
        for m in site.listed
    )
    head = "<tr><th>灯</th><th>措施</th><th>内容</th><th>牵头单位</th><th>完成时限</th>"
    head += "<th>状态</th><th>序时进度</th></tr>"
    return (
        '<section id="measures" class="cards-on-phone"><h2>全部措施</h2><div class="scroll"><table>'
        f"<thead>{head}</thead><tbody>{body}</tbody></table></div></section>"
    )


DETAILS_OPENING = (
    '<section id="details"><h2>各项措施</h2>'
    f'<p class="print-only">打印稿每项只列最近 {PRINTED_ENTRIES} 条进展；网页列最近 {PAGE_ENTRIES} 条，'
    "全部进展用 ledger show 措施编号 查看。</p>"
)
DETAILS_CLOSING = "</section>"


def _entries(log, places: range | list[int]) -> str:
    """The progress entries at these places, with their 存在问题 and 下步计划 when stated."""
    # A date written as ISO needs no escaping. One loop, no call per entry: a province has millions.
    plain = plain_dated(log)
    if plain is not None:  # a log not built yet: written from its plain data, dates ISO already
        return "".join(
            [
                f"<li>{e['date']} {_e(e['note'])}"
                f"{'（经验亮点）' if e.get('highlight') else ''}"
                f"{'<br>存在问题：' + _e(e['problems']) if e.get('problems') else ''}"
                f"{'<br>下步计划：' + _e(e['next_steps']) if e.get('next_steps') else ''}</li>"
                for e in map(plain.__getitem__, places)
            ]
        )
    parts = []
    add = parts.append
    for e in map(log.__getitem__, places):  # a log whose dates are not ISO text, or built
        add(f"<li>{e.date.isoformat()} {_e(e.note)}")
        if e.highlight:
            add("（经验亮点）")
        if e.problems:
            add(f"<br>存在问题：{_e(e.problems)}")
        if e.next_steps:
            add(f"<br>下步计划：{_e(e.next_steps)}")
        add("</li>")
    return "".join(parts)


def _latest(log, count: int) -> range | list[int]:
    """The places of a log's `count` latest entries by date (of one day, the later written), in
    log order: the last ones, unless entries were added out of date order."""
    days = iso_dates(log) or [entry.date.isoformat() for entry in log]
    size = len(days)
    if all(map(str.__le__, days, days[1:])):
        return range(size - count, size)
    return sorted(sorted(range(size), key=lambda at: (days[at], at))[-count:])


def entries(log, measure_id: str) -> str:
    """A measure's progress entries as its article lists them (the latest PAGE_ENTRIES, after a
    line saying how many earlier ones there are): they depend on its task file alone."""
    earlier = len(log) - PAGE_ENTRIES
    if earlier <= 0:
        return _entries(log, range(len(log))) or "<li>尚无进展记录。</li>"
    # Ids are the ledger's checked ASCII: escaped all the same, as everything from data is.
    note = f'<li class="earlier">另有更早的 {earlier} 条进展，用 ledger show {_e(measure_id)} 查看全部。</li>'
    return note + _entries(log, _latest(log, PAGE_ENTRIES))


# What follows a measure's entries in its article.
MEASURE_CLOSING = "</ul></article>"


def measure_details(m: dict, labels: dict) -> str:
    """One measure's article: its facts and its latest progress entries (`m["log"]`)."""
    return measure_opening(m, labels) + entries(m["log"], m["id"]) + MEASURE_CLOSING


def measure_opening(m: dict, labels: dict) -> str:
    """A measure's article down to its progress entries: its facts, as of the day."""
    cooperating = m["cooperating_units"]
    texts = (
        m["id"], m["text"], m["group"], "|".join([m["lead_unit"], *cooperating]),
        m["group_full_name"], m["task_title"], m["lead_unit"], "、".join(cooperating) or "无",
        m["responsible_leader"] or "未明确", m["responsible_person"] or "未明确",
        m["deliverable"] or "未明确",
    )  # fmt: skip
    texts = _escaped_all(texts)
    mid, text, group, units, full_name, title, lead, helpers, leader, person, deliverable = texts
    # The facts in their order, each as <dt>name</dt><dd>value</dd>. Labels, numbers and ISO dates
    # need no escaping (escaping a joined text is escaping each part: it replaces single characters).
    facts = (
        f"<dt>工作组</dt><dd>{full_name}</dd><dt>任务</dt><dd>{title}</dd>"
        f"<dt>牵头单位</dt><dd>{lead}</dd><dt>配合单位</dt><dd>{helpers}</dd>"
        f"<dt>责任领导</dt><dd>{leader}</dd><dt>责任人</dt><dd>{person}</dd>"
        f"<dt>完成时限</dt><dd>{m['deadline']}</dd><dt>成果形式</dt><dd>{deliverable}</dd>"
        f"<dt>状态</dt><dd>{_e(m['status_label'])}，进度 {m['progress']}%"
        f"（序时进度 {m['expected']}%）</dd>"
    )
    if m["red_since"]:
        facts += f"<dt>红灯</dt><dd>自 {m['red_since']} 起，已 {m['red_days']} 天</dd>"
    if m["light"] == "red":
        when = f"（{m['stated_on']} 报送）" if m["stated_on"] else ""
        facts += f"<dt>存在问题</dt><dd>{_e((m['problems'] or NO_PROBLEMS_STATED) + when)}</dd>"
        facts += f"<dt>下步计划</dt><dd>{_e(m['next_steps'] or '未说明')}</dd>"
    # Status, light and kind are the code's own words (checked on load), never the ledger's text.
    return (
        f'<article id="m-{mid}" class="measure" data-group="{group}" data-units="{units}" '
        f'data-status="{m["status"]}" data-light="{m["light"]}" data-kind="{m["kind"]}">'
        f"<h3>{_light(m, labels)} {mid} {text}</h3><dl>{facts}</dl><ul>"
    )
