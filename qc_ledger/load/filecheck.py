"""One data file checked on its own: read (never through a link, never past the size limit), linted,
parsed and validated, every problem placed at its line and column.

The one pipeline the loader, every edit and every new record go through; never prints or exits.
"""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.layout import kind_in_order, unit_names
from ..domain.models import MODEL_FOR_KIND, Record, known_field_names
from ..domain.validation import validate_record
from ..errors import DataError, Problem
from ..store.reader import file_identity, read_data
from ..store.source import Locator, SourceFile
from ..store.textcheck import lint
from ..vocabulary import FILE_KIND_LABELS, describe_value


@dataclass
class CheckedFile:
    """A data file's text checked: its record, or the problems that kept it from being one."""

    source: SourceFile
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)
    data: object = None  # the parsed plain data, for the per-file cache
    # The id the file was meant to carry, so that references to a broken file are not reported again.
    meant_id: str = ""
    read_at: int = 0  # when (ns) the file's identity was taken, before its text was read
    cache_line: bytes | None = (
        None  # what a worker process made of it for the caller (a cache entry)
    )
    # A file that failed its schema but could be read: its unit names with their places, so that
    # an unknown unit is reported with the schema error instead of in a second round.
    unit_refs: tuple[tuple[tuple, str], ...] = ()
    # The per-file cache holds its checked data: its record can be let go and rebuilt from it.
    stored: bool = False
    regular: bool = False  # its data was read by the fast reader of fmt's layout
    # A sound file that is in fmt's layout as it is (asked for with check_file's `layout`): its
    # first line and unit names, all fmt's verdict still rests on besides its bytes.
    layout: tuple[str, tuple[str, ...]] | None = None


def check_text(source: SourceFile) -> CheckedFile:
    """Lint, parse and validate one file's text as the loader does."""
    checked = CheckedFile(source, meant_id=source.path.stem)
    problems = lint(source.text, source.path, known_field_names())
    if problems:
        checked.problems = problems
        return checked
    # Imported here: a cached load checks no text and need not load ruamel at all.
    from ..store import yaml as store

    try:
        data, checked.regular = store.parse_fast_regular(source.text, source.path)
    except DataError as exc:
        checked.problems = exc.problems
        return checked
    if not isinstance(data, dict):
        checked.problems = [_shape_problem(source, data)]
        return checked
    record, issues = validate_record(source.kind, data)
    if issues:
        locator = Locator()
        checked.problems = [_record_issue(source, issue, locator) for issue in issues]
        if isinstance(data.get("id"), str):
            checked.meant_id = data["id"]
        wrong = {tuple(issue.loc) for issue in issues}  # reported already, not twice
        checked.unit_refs = tuple(
            ref for ref in unit_references(source.kind, data) if ref[0] not in wrong
        )
        return checked
    checked.record = record
    checked.data = data
    return checked


def unit_references(kind: str, data: dict) -> tuple[tuple[tuple, str], ...]:
    """The unit names a task or group file's plain data holds, each with its place in the file."""
    found: list[tuple[tuple, str]] = []

    def one(loc: tuple, value: object) -> None:
        if isinstance(value, str):
            found.append((loc, value))

    def many(loc: tuple, values: object) -> None:
        if isinstance(values, list):
            for index, value in enumerate(values):
                one((*loc, index), value)

    if kind == "group":
        one(("lead_unit",), data.get("lead_unit"))
        many(("member_units",), data.get("member_units"))
    elif kind == "task" and isinstance(data.get("measures"), list):
        for index, measure in enumerate(data["measures"]):
            if isinstance(measure, dict):
                one(("measures", index, "lead_unit"), measure.get("lead_unit"))
                many(("measures", index, "cooperating_units"), measure.get("cooperating_units"))
    return tuple(found)


def check_file(path: Path, kind: str, root: Path, layout: bool = False) -> CheckedFile:
    """Read one data file and check it (its identity taken first: a later change shows); with
    `layout`, tell whether a sound file is in fmt's layout as it is (CheckedFile.layout)."""
    read_at = time.time_ns()
    identity = file_identity(path)
    try:
        read = read_data(path, root)
    except DataError as exc:
        source = SourceFile(path, kind, identity=identity)
        return CheckedFile(source, problems=exc.problems, meant_id=path.stem, read_at=read_at)
    checked = check_text(SourceFile(path, kind, read.text, identity))
    checked.read_at = read_at
    # A BOM or CR in the bytes: fmt rewrites the file whatever its lines.
    if layout and checked.regular and checked.record is not None and not read.raw.startswith(
        b"\xef\xbb\xbf") and b"\r" not in read.raw:  # fmt: skip
        checked.layout = fmt_layout(kind, read.text, checked.data)
    return checked


def fmt_layout(kind: str, text: str, data: object) -> tuple[str, tuple[str, ...]] | None:
    """A file's first line and unit names when fmt would give its text back as it is, told from its
    lines and the data the fast reader made of them (no ruamel), or None when that is not certain."""
    from ..store import yaml as store

    if store.dumped_as_is(text, data) is None or not kind_in_order(kind, data):
        return None
    return text.partition("\n")[0], tuple(dict.fromkeys(unit_names(kind, data)))


def _shape_problem(source: SourceFile, data: object) -> Problem:
    """The file is empty or holds a bare value or a list: say what a file of its kind contains."""
    model = MODEL_FOR_KIND[source.kind]
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    label = FILE_KIND_LABELS[source.kind]
    first = "、".join(required)
    start = f"id: {source.path.stem}" if "id" in required else f"{required[0]}:"
    hint = f"{label}文件由“字段名: 值”组成，必须有 {first}；从“{start}”开始写（可参照同目录下的其他文件）"
    if data is None:
        return Problem("文件是空的（没有任何字段）", source.path, hint=hint, code="empty_file")
    line, column = _first_content(source.text)
    return Problem(
        f"文件内容应为“字段名: 值”的映射，实际是{describe_value(data)}",
        source.path,
        line,
        column,
        hint=hint,
        code="not_a_mapping",
    )


def _first_content(text: str) -> tuple[int | None, int | None]:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            return number, len(line) - len(line.lstrip()) + 1
    return None, None


def _raw_value(source: SourceFile, line: int | None, column: int | None) -> str | None:
    """The value as written at a line and column, without a trailing comment."""
    if line is None or column is None:
        return None
    lines = source.text.split("\n")
    if not 0 < line <= len(lines):
        return None
    raw = lines[line - 1][column - 1 :]
    raw = re.split(r"\s#", raw, maxsplit=1)[0].strip()
    return raw or None


def _record_issue(source: SourceFile, issue, locator: Locator) -> Problem:
    """Place one validation issue in its file; for a value that needs quotes, show it quoted."""
    problem = locator.problem(
        source,
        issue.loc,
        issue.message,
        issue.hint,
        code=issue.code,
        key=issue.code == "unknown_field",
    )
    if issue.code == "needs_quotes":
        raw = _raw_value(source, problem.line, problem.column)
        if raw is not None and not raw.startswith(("'", '"', "[", "{")):
            written = "" if raw in issue.message else f"（文件中写的是 {raw}）"
            quoted = raw.replace("\\", "\\\\").replace('"', '\\"')
            problem = dataclasses.replace(
                problem,
                message=issue.message + written,
                hint=f'这里要的是文字：请加双引号写成 "{quoted}"',
            )
    return problem
