"""The whole ledger, with its recorded history, as one SQLite database for analysts. Stdlib only.

One table per record kind, one row per list item (progress entries, deadline changes, evidence, a
measure's units), plain columns an analyst can join on (Datasette, DuckDB, BI tools); every value is
bound as a parameter, never spliced into SQL.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE units (name TEXT PRIMARY KEY, short_name TEXT, kind TEXT, aliases TEXT,
  contact_name TEXT);
CREATE TABLE groups (id TEXT PRIMARY KEY, name TEXT, short_name TEXT, leader TEXT,
  leader_title TEXT, lead_unit TEXT REFERENCES units(name));
CREATE TABLE group_members (group_id TEXT REFERENCES groups(id), unit TEXT REFERENCES units(name));
CREATE TABLE tasks (id TEXT PRIMARY KEY, group_id TEXT REFERENCES groups(id), title TEXT);
CREATE TABLE measures (id TEXT PRIMARY KEY, task_id TEXT REFERENCES tasks(id),
  group_id TEXT REFERENCES groups(id), text TEXT, lead_unit TEXT REFERENCES units(name),
  responsible_leader TEXT, responsible_person TEXT, start TEXT, deadline TEXT,
  original_deadline TEXT, beyond_period INTEGER, deliverable TEXT, status TEXT, status_label TEXT,
  progress INTEGER, expected_progress INTEGER, pace TEXT, light TEXT, overdue INTEGER,
  stale INTEGER, last_report TEXT);
CREATE TABLE measure_units (measure_id TEXT REFERENCES measures(id), unit TEXT, role TEXT);
CREATE TABLE progress_log (measure_id TEXT REFERENCES measures(id), seq INTEGER, date TEXT,
  author TEXT, note TEXT, status TEXT, progress INTEGER, highlight INTEGER);
CREATE TABLE deadline_history (measure_id TEXT REFERENCES measures(id), seq INTEGER, date TEXT,
  previous TEXT, new TEXT, reason TEXT, author TEXT);
CREATE TABLE evidence (measure_id TEXT REFERENCES measures(id), seq INTEGER, text TEXT);
CREATE TABLE office_records (section TEXT, seq INTEGER, date TEXT, unit TEXT, record TEXT);
CREATE TABLE commits (sha TEXT PRIMARY KEY, author TEXT, authored TEXT, committed TEXT,
  subject TEXT, files INTEGER);
CREATE TABLE commit_files (sha TEXT REFERENCES commits(sha), path TEXT);
CREATE INDEX measures_by_unit ON measures(lead_unit);
CREATE INDEX measures_by_group ON measures(group_id);
CREATE INDEX log_by_date ON progress_log(date);
"""


def _office_rows(office: dict) -> list[tuple]:
    rows = []
    for section, items in office.items():
        for seq, item in enumerate(items, 1):
            date = item.get("date") or item.get("submitted")
            unit = item.get("unit") or "、".join(item.get("units", []))
            rows.append((section, seq, date, unit, json.dumps(item, ensure_ascii=False)))
    return rows


def write_database(path: Path, export: dict, commits: list[dict]) -> None:
    """Write the export (reports/export.py's document) and the commits into a new file at `path`."""
    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        meta = {
            "generator": export["generator"],
            "as_of": export["as_of"],
            "title": export["plan"]["title"],
            "period_start": export["plan"]["period"]["start"],
            "period_end": export["plan"]["period"]["end"],
            **{key: str(value) for key, value in export.get("source", {}).items()},
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.executemany(
            "INSERT INTO units VALUES (?, ?, ?, ?, ?)",
            [
                (
                    u["name"],
                    u.get("short_name"),
                    u["kind"],
                    json.dumps(u.get("aliases", []), ensure_ascii=False),
                    (u.get("contact") or {}).get("name"),
                )
                for u in export["units"]
            ],
        )
        for group in export["groups"]:
            db.execute(
                "INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?)",
                (
                    group["id"],
                    group["name"],
                    group["short_name"],
                    (group.get("leader") or {}).get("name"),
                    (group.get("leader") or {}).get("title"),
                    group["lead_unit"],
                ),
            )
            db.executemany(
                "INSERT INTO group_members VALUES (?, ?)",
                [(group["id"], unit) for unit in group["member_units"]],
            )
        for task in export["tasks"]:
            db.execute(
                "INSERT INTO tasks VALUES (?, ?, ?)", (task["id"], task["group"], task["title"])
            )
            for m in task["measures"]:
                _measure(db, task, m)
        db.executemany(
            "INSERT INTO office_records VALUES (?, ?, ?, ?, ?)",
            _office_rows(export.get("office", {})),
        )
        for commit in commits:
            db.execute(
                "INSERT OR IGNORE INTO commits VALUES (?, ?, ?, ?, ?, ?)",
                (
                    commit["sha"],
                    commit["author"],
                    commit["authored"],
                    commit["committed"],
                    commit["subject"],
                    len(commit["files"]),
                ),
            )
            db.executemany(
                "INSERT INTO commit_files VALUES (?, ?)",
                [(commit["sha"], f) for f in commit["files"]],
            )
        db.commit()
    finally:
        db.close()


def _measure(db: sqlite3.Connection, task: dict, m: dict) -> None:
    db.execute(
        "INSERT INTO measures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            m["id"],
            task["id"],
            task["group"],
            m["text"],
            m["lead_unit"],
            m.get("responsible_leader"),
            m.get("responsible_person"),
            m.get("start"),
            m["deadline"],
            m["original_deadline"],
            int(bool(m.get("beyond_period"))),
            m.get("deliverable"),
            m["status"],
            m["status_label"],
            m["progress"],
            m["expected_progress"],
            m["pace"],
            m["light"],
            int(m["overdue"]),
            int(m["stale"]),
            m["last_report"],
        ),
    )
    units = [(m["id"], m["lead_unit"], "lead")]
    units += [(m["id"], unit, "cooperating") for unit in m["cooperating_units"]]
    db.executemany("INSERT INTO measure_units VALUES (?, ?, ?)", units)
    db.executemany(
        "INSERT INTO progress_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                m["id"],
                seq,
                e["date"],
                e.get("author"),
                e["note"],
                e.get("status"),
                e.get("progress"),
                int(bool(e.get("highlight"))),
            )
            for seq, e in enumerate(m["progress_log"], 1)
        ],
    )
    db.executemany(
        "INSERT INTO deadline_history VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (m["id"], seq, c["date"], c["previous"], c["new"], c.get("reason"), c.get("author"))
            for seq, c in enumerate(m["deadline_history"], 1)
        ],
    )
    db.executemany(
        "INSERT INTO evidence VALUES (?, ?, ?)",
        [(m["id"], seq, text) for seq, text in enumerate(m["evidence"], 1)],
    )
