"""Property tests: valid records survive write and read unchanged; damaged files never crash the loader.

Hypothesis runs derandomized with a fixed number of examples, so CI sees the same cases every run.
Set LEDGER_HYPOTHESIS=explore for a longer, random search (failures are then kept in .hypothesis/).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from qc_ledger.domain.models import STATUSES, Task
from qc_ledger.domain.privacy import find_in_text
from qc_ledger.errors import DataError
from qc_ledger.load.loader import load_ledger
from qc_ledger.render.problems import problems_text
from qc_ledger.store import yaml as store
from qc_ledger.store.files import write_atomic

from conftest import MINI, REPO

EXPLORE = os.environ.get("LEDGER_HYPOTHESIS") == "explore"

# Example counts, reported in docs/development.md: enough to find the known classes of fault, small enough
# that the whole file runs in well under a minute on two cores.
ROUND_TRIP_EXAMPLES = 150
MUTATION_EXAMPLES = 300


def profile(examples: int):
    """Derandomized with a fixed count in CI; random and twenty times longer when exploring."""
    return settings(
        max_examples=examples * (20 if EXPLORE else 1),
        derandomize=not EXPLORE,
        database=None if not EXPLORE else settings.default.database,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def ledger_copy(tmp_path_factory) -> Path:
    """One copy of the mini ledger per module; each example rewrites the file it works on."""
    root = tmp_path_factory.mktemp("properties") / "mini"
    shutil.copytree(MINI / "data", root / "data")
    return root


# Text as contributors type it: Chinese, full-width and YAML-special punctuation, digits, spaces,
# and the words YAML 1.1 reads as booleans.
_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.sampled_from(list("，。：；、“”‘’（）〔〕【】《》！？　")),
    st.sampled_from(list("abcXYZ019 -:#[]{}!&*?|>%@`'\",.\\/\t")),
)
_TEXT = st.one_of(
    st.text(_CHARS, min_size=1, max_size=40),
    st.sampled_from(["no", "on", "Yes", "off", "y", "0755", "1e3", "2024-01-01", "null", "~"]),
    st.sampled_from(
        ["status:推进中", "note: 见附件", "文件 #201号", "- 项", "<<<<<<< HEAD", "%YAML"]
    ),
    st.text(_CHARS, min_size=1, max_size=20).map(lambda s: s + "\n" + s),
).filter(lambda s: (s.strip() != "" or s == " ") and not find_in_text(s))
_NAME = _TEXT.filter(lambda s: "\n" not in s and len(s) <= 200)
_UNITS = ["区发展改革局", "区财政局", "区教育局", "源潭镇", "区发展和改革局"]
_IN_PERIOD = st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))


@st.composite
def _entry(draw) -> dict:
    return {
        "date": draw(_IN_PERIOD),
        "author": draw(st.none() | _NAME),
        "note": draw(_TEXT),
        "status": draw(st.none() | st.sampled_from(STATUSES)),
        "progress": draw(st.none() | st.integers(0, 100)),
    }


@st.composite
def _change(draw) -> dict:
    return {
        "date": draw(_IN_PERIOD),
        "previous": draw(_IN_PERIOD),
        "new": draw(_IN_PERIOD),
        "reason": draw(_TEXT),
        "author": draw(st.none() | _NAME),
    }


def _consistent(measure: dict) -> dict:
    """Bring a drawn measure into a state the rules accept, as `update` would have left it."""
    status = measure["status"]
    if status == "not_started":
        measure["progress"] = 0
    if status == "done":
        measure["progress"] = 100
    log = measure["progress_log"]
    if status in ("done", "cancelled") and not any(e["status"] == status for e in log):
        log.append({**(log[-1] if log else _FIRST), "status": status})
    if log and (log[-1]["status"] is not None or any(e["status"] for e in log)):
        log[-1]["status"] = status
    history = measure["deadline_history"]
    for earlier, later in itertools.pairwise(history):
        later["previous"] = earlier["new"]
    if history:
        measure["deadline"] = history[-1]["new"]
    return measure


_FIRST = {"date": dt.date(2024, 1, 1), "author": None, "note": "报送", "progress": None}


@st.composite
def _measure(draw, task_id: str, number: int) -> dict:
    return _consistent(
        {
            "id": f"{task_id}-m{number}",
            "text": draw(_TEXT),
            "lead_unit": draw(st.sampled_from(_UNITS)),
            "cooperating_units": draw(st.lists(st.sampled_from(_UNITS), unique=True, max_size=3)),
            "responsible_person": draw(st.none() | _NAME),
            "deadline": draw(_IN_PERIOD),
            "deliverable": draw(st.none() | _TEXT),
            "status": draw(st.sampled_from(STATUSES)),
            "progress": draw(st.integers(0, 100)),
            "progress_log": draw(st.lists(_entry(), max_size=3)),
            "evidence": draw(st.lists(_TEXT, max_size=3)),
            "deadline_history": draw(st.lists(_change(), max_size=2)),
            "beyond_period": False,
        }
    )


@st.composite
def tasks(draw) -> Task:
    count = draw(st.integers(1, 3))
    data = {
        "id": "g1-t2",
        "group": "g1",
        "title": draw(_NAME),
        "measures": [draw(_measure("g1-t2", n)) for n in range(1, count + 1)],
    }
    return Task.model_validate(data)


@profile(ROUND_TRIP_EXAMPLES)
@given(task=tasks())
def test_valid_record_round_trips_through_write_and_read(ledger_copy, task):
    path = ledger_copy / "data/tasks/g1-t2.yaml"
    text = store.dump_new(task.model_dump())
    write_atomic(path, text)
    loaded = load_ledger(ledger_copy).tasks["g1-t2"]
    assert loaded == task
    # Read for editing and written back untouched, the file is the same bytes.
    assert store.dump_roundtrip(store.parse_roundtrip(text, path)) == text


SOURCES = {"mini": MINI, "plan": REPO}


def _data_files() -> list[tuple[str, str, bytes]]:
    """The mini fixture's files and some of the real plan's (longer text, comments, aliases)."""
    files = [
        ("mini", path.relative_to(MINI / "data").as_posix(), path.read_bytes())
        for path in sorted((MINI / "data").rglob("*.yaml"))
    ]
    for name in ("plan.yaml", "units.yaml", "groups/g6.yaml", "tasks/g6-t2.yaml"):
        files.append(("plan", name, (REPO / "data" / name).read_bytes()))
    return files


DATA_FILES = _data_files()


@pytest.fixture(scope="module")
def plan_copy_for_mutations(tmp_path_factory) -> Path:
    """One copy of the real plan's data per module."""
    root = tmp_path_factory.mktemp("properties") / "plan"
    shutil.copytree(REPO / "data", root / "data")
    return root


@st.composite
def mutations(draw) -> tuple[str, str, bytes]:
    """A data file damaged the way files are damaged: lines lost or repeated, bytes swapped or lost."""
    source, name, data = draw(st.sampled_from(DATA_FILES))
    kind = draw(
        st.sampled_from(["delete_line", "repeat_line", "swap", "truncate", "insert", "replace"])
    )
    if kind in ("delete_line", "repeat_line"):
        lines = data.split(b"\n")
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "delete_line":
            del lines[index]
        else:
            lines.insert(index, lines[index])
        return source, name, b"\n".join(lines)
    position = draw(st.integers(0, len(data) - 1))
    if kind == "swap":
        other = draw(st.integers(0, len(data) - 1))
        assume(data[position] != data[other])
        changed = bytearray(data)
        changed[position], changed[other] = changed[other], changed[position]
        return source, name, bytes(changed)
    if kind == "truncate":
        return source, name, data[:position]
    junk = draw(st.binary(min_size=1, max_size=8))
    if kind == "insert":
        return source, name, data[:position] + junk + data[position:]
    return source, name, data[:position] + junk + data[position + len(junk) :]


@profile(MUTATION_EXAMPLES)
@given(mutation=mutations())
@example(mutation=("mini", "tasks/g1-t2.yaml", b"measures:\n  - - - - - - - -\n"))
@example(mutation=("mini", "units.yaml", b"units:\n  - name: \xe5\x8c\xba\n    kind: [\n"))
def test_damaged_file_gives_a_valid_ledger_or_a_clean_error(
    ledger_copy, plan_copy_for_mutations, mutation
):
    source, name, damaged = mutation
    root = ledger_copy if source == "mini" else plan_copy_for_mutations
    target = root / "data" / name
    try:
        target.write_bytes(damaged)
        try:
            ledger = load_ledger(root)
        except DataError as exc:
            assert exc.problems, "an error must say what is wrong"
            for problem in exc.problems:
                assert problem.message.strip()
                assert problem.path is not None
            assert problems_text(exc.problems, root)
        else:
            assert ledger.tasks
    finally:
        target.write_bytes((SOURCES[source] / "data" / name).read_bytes())
