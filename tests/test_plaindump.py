"""Records dumped without pydantic's serializer give exactly what `model_dump(mode="json")` gives."""

from __future__ import annotations

import json
import subprocess
import sys

from qc_ledger.domain.models import Measure
from qc_ledger.domain.plaindump import plain

from conftest import repository_records


def _text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)  # key order included


def test_every_record_of_the_repository_dumps_as_pydantic_dumps_it():
    for path, validated, rebuilt in repository_records():
        expected = _text(validated.model_dump(mode="json"))
        assert _text(plain(validated)) == _text(plain(rebuilt)) == expected, path
        for measure in getattr(validated, "measures", []):
            assert _text(plain(measure)) == _text(measure.model_dump(mode="json")), path


def test_a_measure_with_every_kind_of_field_dumps_as_pydantic_dumps_it():
    measure = Measure.model_validate(
        {
            "id": "g1-t1-m1",
            "text": "建成学校",
            "lead_unit": "区教育局",
            "cooperating_units": ["区财政局"],
            "deadline": "2025-06-30",
            "status": "done",
            "progress": 100,
            "progress_log": [{"date": "2024-01-05", "note": "已建成", "progress": 100}],
            "evidence": ["验收报告"],
            "deadline_history": [
                {
                    "date": "2024-01-01",
                    "previous": "2024-06-30",
                    "new": "2025-06-30",
                    "reason": "延期",
                }
            ],
            "start": "2023-01-01",
            "cadence": "monthly",
            "milestones": [{"date": "2024-06-30", "progress": 50}],
        }
    )
    assert _text(plain(measure)) == _text(measure.model_dump(mode="json"))


def test_dumping_records_builds_no_serializer():
    # What show and export pay for the first record of each model they dump: a fresh process, as a
    # command starts.
    code = (
        "from qc_ledger.domain.rebuild import trusted\n"
        "from qc_ledger.domain.models import Task, Measure\n"
        "from qc_ledger.domain.plaindump import plain\n"
        "task = trusted(Task, {'id': 'g1-t1', 'group': 'g1', 'title': '任务', 'measures': [\n"
        "    {'id': 'g1-t1-m1', 'text': '措施', 'lead_unit': '区教育局', 'deadline': '2025-06-30',\n"
        "     'progress_log': [{'date': '2024-01-05', 'note': '进展'}]}]})\n"
        "assert plain(task)['measures'][0]['progress_log'][0]['date'] == '2024-01-05'\n"
        "print(Task.__pydantic_complete__, Measure.__pydantic_complete__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_a_dumped_list_is_not_the_record_s_own():
    measure = Measure.model_validate(
        {
            "id": "g1-t1-m1",
            "text": "建成学校",
            "lead_unit": "区教育局",
            "deadline": "2025-06-30",
            "cooperating_units": ["区财政局"],
            "evidence": ["验收报告"],
        }
    )
    data = plain(measure)
    data["cooperating_units"].append("区教育局")
    data["evidence"].clear()
    assert measure.cooperating_units == ["区财政局"] and measure.evidence == ["验收报告"]


def test_a_field_left_out_by_its_value_is_dumped_by_pydantic():
    from pydantic import Field

    from qc_ledger.domain.fieldtypes import Record

    class Sparse(Record):
        name: str
        note: str | None = Field(default=None, exclude_if=lambda value: value is None)

    for record in (Sparse(name="a"), Sparse(name="a", note="b")):
        assert _text(plain(record)) == _text(record.model_dump(mode="json"))
