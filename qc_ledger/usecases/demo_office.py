"""The demonstration ledger's office records: lists, teams, plans, inspections, a policy request.

All invented and marked （演示）; dated within the plan period so the office's views have content.
"""

from __future__ import annotations

import datetime as dt

MARK = "（演示）"


def _reference(year: int, number: int) -> str:
    return f"清城演示〔{year}〕{number}号"


def office_events(ledger) -> list[tuple[dt.date, str, list[dict], str]]:
    """(day, section of data/office.yaml, records, commit message), in date order."""
    canonical = ledger.registry.canonical
    leads = list(dict.fromkeys(canonical(g.lead_unit) for g in ledger.groups.values()))
    events = []
    for number, unit in enumerate(leads, 1):
        team = {
            "unit": unit,
            "name": f"{ledger.registry.short(unit)}城乡融合发展工作专班{MARK}",
            "date": dt.date(2022, 3, 10 + number),
            "reference": _reference(2022, 10 + number),
        }
        events.append((team["date"], "work_teams", [team], f"{MARK}{unit}成立工作专班"))
        plan = {
            "unit": unit,
            "title": f"{ledger.registry.short(unit)}落实城乡融合发展试验区实施方案的工作方案{MARK}",
            "date": dt.date(2022, 5, 5 + number),
            "reference": _reference(2022, 30 + number),
        }
        events.append((plan["date"], "work_plans", [plan], f"{MARK}{unit}印发工作方案"))
    # Two lists on time, one late, the last never submitted: every state of `ledger refine`.
    for unit, day in zip(
        leads[:3], (dt.date(2022, 8, 26), dt.date(2022, 8, 29), dt.date(2022, 9, 15)), strict=False
    ):
        item = {"unit": unit, "submitted": day, "reference": _reference(2022, day.day + 40)}
        events.append((day, "responsibility_lists", [item], f"{MARK}{unit}报送责任清单"))
    if len(leads) >= 2:
        first = {
            "id": "dc-2023-1",
            "date": dt.date(2023, 11, 10),
            "units": leads[:2],
            "problems": [f"{MARK}部分措施的进展记录不及时", f"{MARK}佐证材料未随进展报送"],
            "rectification": f"{MARK}建立每月报送和专人审核制度",
            "rectification_status": "done",
            "rectified": dt.date(2024, 1, 15),
        }
        events.append((first["date"], "inspections", [first], f"{MARK}督导检查 dc-2023-1"))
        second = {
            "id": "dc-2025-1",
            "date": dt.date(2025, 5, 20),
            "units": [leads[-1]],
            "problems": [f"{MARK}入市收益分配办法尚未出台"],
            "rectification": f"{MARK}6 月底前提交区政府审议",
            "rectification_status": "in_progress",
        }
        events.append((second["date"], "inspections", [second], f"{MARK}督导检查 dc-2025-1"))
    request = {
        "id": "zc-2023-1",
        "date": dt.date(2023, 4, 12),
        "unit": leads[-1],
        "policy": f"{MARK}申请复制省级农村集体经营性建设用地入市收益分配的支持政策",
        "status": "forwarded",
        "forwarded": dt.date(2023, 4, 20),
    }
    events.append(
        (request["date"], "policy_requests", [request], f"{MARK}省级支持政策申请 zc-2023-1")
    )
    return sorted(events, key=lambda event: event[0])
