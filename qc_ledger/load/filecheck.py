"""One data file checked on its own: read (never through a link, never past the size limit), linted,
parsed and validated, every problem placed at its line and column.

The one pipeline the loader, every edit and every new record go through; never prints or exits.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.models import MODEL_FOR_KIND, Record, known_field_names
from ..domain.validation import validate_record
from ..errors import DataError, Problem
from ..store.source import SourceFile
from ..store.textcheck import MAX_FILE_BYTES, decode, lint, refuse_size
from ..vocabulary import FILE_KIND_LABELS, describe_value, os_reason


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
    cache_line: bytes | None = None  # its per-file cache entry, when a worker process made it


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
        data = store.parse_fast(source.text, source.path)
    except DataError as exc:
        checked.problems = exc.problems
        return checked
    if not isinstance(data, dict):
        checked.problems = [_shape_problem(source, data)]
        return checked
    record, issues = validate_record(source.kind, data)
    if issues:
        checked.problems = [_record_issue(source, issue) for issue in issues]
        if isinstance(data.get("id"), str):
            checked.meant_id = data["id"]
        return checked
    checked.record = record
    checked.data = data
    return checked


def file_identity(path: Path) -> tuple | None:
    """A file's size, mtime, ctime (nanoseconds) and inode, or None when it cannot be seen."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def check_file(path: Path, kind: str, root: Path) -> CheckedFile:
    """Read one data file and check it (its identity taken first: a later change shows)."""
    read_at = time.time_ns()
    source = SourceFile(path, kind, identity=file_identity(path))
    try:
        source.text = read_data_file(path, root)
    except DataError as exc:
        return CheckedFile(source, problems=exc.problems, meant_id=path.stem, read_at=read_at)
    checked = check_text(source)
    checked.read_at = read_at
    return checked


def read_data_file(path: Path, root: Path) -> str:
    """Read a data file's text, never following a link and never reading more than the size limit."""
    try:
        info = path.lstat()
    except OSError as exc:
        raise DataError([unreadable(path, exc)]) from None
    if stat.S_ISLNK(info.st_mode):
        raise DataError([_link_problem(path, root)])
    if stat.S_ISDIR(info.st_mode):
        raise DataError.single(
            "这里应是文件，实际是一个目录",
            path=path,
            hint="把目录改名（不要以 .yaml 结尾）或移走",
            code="file",
        )
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end: never open one.
        raise DataError.single(
            "这不是普通文件（可能是管道、设备或套接字），台账不读取它",
            path=path,
            hint="用普通的 .yaml 文件代替它",
            code="file",
        )
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError([unreadable(path, exc)]) from None
    if len(data) > MAX_FILE_BYTES:
        refuse_size(max(info.st_size, len(data)), path)
    return decode(data, path)


def unreadable(path: Path, exc: OSError) -> Problem:
    if exc.errno == errno.EACCES:
        return Problem(
            "没有读取该文件的权限",
            path,
            hint=f"台账文件应对所有人可读：chmod a+r {path.name}",
            code="file",
        )
    return Problem(
        f"无法读取（{os_reason(exc)}）",
        path,
        hint="检查该文件和所在目录是否存在、可读；必要时从 git 恢复",
        code="file",
    )


def _link_problem(path: Path, root: Path) -> Problem:
    """Say where a symbolic link points, without ever reading what it points at."""
    try:
        written = os.readlink(path)
    except OSError:
        written = "?"
    target = Path(os.path.realpath(path))
    try:
        inside = target.relative_to(root.resolve()).as_posix()
    except ValueError:
        inside = None
    if inside is None:
        where = f"指向仓库之外的 {written}"
    elif not target.exists():
        where = f"指向不存在的 {written}"
    else:
        where = f"指向仓库内的 {inside}"
    thing = "目录" if target.is_dir() else "文件"
    return Problem(
        f"这是一个符号链接（{where}），台账从不跟随链接读取",
        path,
        hint=f"删除链接，放入真正的{thing}（复制其内容）",
        code="file",
    )


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


def _record_issue(source: SourceFile, issue) -> Problem:
    """Place one validation issue in its file; for a value that needs quotes, show it quoted."""
    problem = source.problem(
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
