"""The loaded ledger: files found and validated, records indexed by id, cross-file checks, derived state.

Depends on models, registry, store and textcheck; never prints or exits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import errno
import gc
import itertools
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, Problem, RootNotFound, UsageError
from .models import (
    CLOSED_STATUSES,
    Group,
    Measure,
    Plan,
    Record,
    Task,
    known_field_names,
    validate_record,
)
from .registry import Registry

DATA_DIR = "data"
STALE_DAYS = 30
DUE_SOON_DAYS = 30
LIGHTS = ("red", "yellow", "green")
LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
PLAN_KEY = "@plan"
UNITS_KEY = "@units"


def find_root(start: Path) -> Path:
    """Return the nearest ancestor of `start` (itself included) that holds data/groups."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / DATA_DIR / "groups").is_dir():
            return folder
    raise RootNotFound.single(
        f"在 {start} 及其上级目录中找不到台账（data/groups 目录）",
        hint="请在台账仓库内运行，或用 --root 目录 / 环境变量 LEDGER_ROOT 指定台账位置",
    )


def check_root(root: Path) -> Path:
    """Return `root` resolved when it holds a ledger, else a usage error saying what is there instead."""
    hint = "--root 和 LEDGER_ROOT 应指向台账仓库的根目录（其中有 data/groups、data/tasks）"
    data = root / DATA_DIR
    if not root.exists():
        problem = f"目录 {root} 不存在"
    elif not root.is_dir():
        problem = f"{root} 是一个文件，不是目录"
    elif not data.is_dir():
        problem = f"{root} 不是台账目录：其中没有 {DATA_DIR}/ 目录"
        found = _ledger_below(root)
        if found is not None:
            hint = f"台账似乎在 {found}；请改用 --root {found}"
    elif not (data / "groups").is_dir():
        problem = f"{root} 不是台账目录：{DATA_DIR}/ 中没有 groups 目录"
    else:
        return root.resolve()
    raise RootNotFound.single(problem, hint=hint)


def _ledger_below(root: Path) -> Path | None:
    """A ledger one level below `root`, to suggest when --root points at its parent."""
    try:
        children = sorted(root.iterdir())[:200]
    except OSError:
        return None
    return next((c for c in children if (c / DATA_DIR / "groups").is_dir()), None)


@dataclass
class SourceFile:
    """A data file as read: its text and, once parsed, its round-trip document for locations."""

    path: Path
    kind: str
    text: str = ""
    _document: object = None

    def locate(self, loc: tuple, *, key: bool = False) -> tuple[int | None, int | None]:
        """Return the 1-based line and column of `loc` in this file (None when unknown)."""
        from . import store

        if self._document is None:
            try:
                self._document = store.parse_roundtrip(self.text, self.path)
            except DataError:
                return None, None
        found = (store.key_position if key else store.position)(self._document, loc)
        return found if found else (None, None)

    def problem(self, loc: tuple, message: str, hint: str | None = None, **extra) -> Problem:
        """Build a Problem located at `loc` in this file."""
        line, column = self.locate(loc, key=extra.pop("key", False))
        return Problem(message, self.path, line, column, hint=hint, **extra)


@dataclass
class Ledger:
    """Every record of the ledger, validated, indexed by id, with where each came from."""

    root: Path
    plan: Plan
    registry: Registry
    groups: dict[str, Group]
    tasks: dict[str, Task]
    sources: dict[str, SourceFile] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.measures: dict[str, tuple[Task, Measure]] = {
            measure.id: (task, measure) for task in self.tasks.values() for measure in task.measures
        }
        self._tasks_by_group: dict[str, list[Task]] = {}
        for task in self.tasks.values():
            self._tasks_by_group.setdefault(task.group, []).append(task)

    def tasks_of(self, group_id: str) -> list[Task]:
        """Return the tasks of one group in file order."""
        return list(self._tasks_by_group.get(group_id, ()))

    def iter_measures(self) -> Iterator[tuple[Group, Task, Measure]]:
        """Yield every measure with its task and group, in plan order."""
        for task in self.tasks.values():
            group = self.groups[task.group]
            for measure in task.measures:
                yield group, task, measure

    def path_of(self, record_id: str) -> Path:
        """Return the file holding a group, task or measure."""
        if record_id in self.measures:
            record_id = self.measures[record_id][0].id
        return self.sources[record_id].path

    def all_ids(self) -> list[str]:
        """Return every group, task and measure id."""
        return [*self.groups, *self.tasks, *self.measures]

    def lookup(self, record_id: str) -> Group | Task | Measure:
        """Return the group, task or measure with this id, or a usage error naming the closest ids."""
        key = record_id.strip()
        if key in self.groups:
            return self.groups[key]
        if key in self.tasks:
            return self.tasks[key]
        if key in self.measures:
            return self.measures[key][1]
        near = difflib.get_close_matches(key.lower(), self.all_ids(), n=5, cutoff=0.5)
        hint = f"最接近的编号：{'、'.join(near)}" if near else "用 ledger list 查看所有措施编号"
        raise UsageError.single(f"没有编号为“{record_id}”的工作组、任务或措施", hint=hint)

    def unit_argument(self, name: str) -> str:
        """Resolve a unit named on the command line (alias allowed) to its canonical name."""
        found = self.registry.resolve(name)
        if found is not None:
            return found.canonical
        near = self.registry.suggest(name)
        hint = (
            f"最接近的已登记单位：{'、'.join(near)}" if near else "用 ledger units 查看已登记的单位"
        )
        raise UsageError.single(f"未登记的单位“{name}”", hint=hint)


def natural_key(path: Path) -> list:
    """Sort key that puts g2 before g10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.as_posix())]


# Files that may sit among the data files without being data: documentation and hidden files.
_IGNORED_SUFFIXES = (".md",)


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """List the data files to load with their kind, and problems with the folders themselves."""
    data = root / DATA_DIR
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    if not data.is_dir():
        problems.append(
            Problem(
                f"缺少 {DATA_DIR}/ 目录",
                data,
                hint="在台账仓库的根目录运行，或从 git 恢复 data/ 目录",
                code="missing_file",
            )
        )
        return files, problems
    for name, kind in (("plan.yaml", "plan"), ("units.yaml", "units")):
        path = data / name
        if not path.exists() and not path.is_symlink():
            problems.append(
                Problem(
                    f"缺少 {DATA_DIR}/{name}（{'实施方案' if kind == 'plan' else '单位名录'}）",
                    path,
                    hint=f"从 git 恢复该文件：git checkout HEAD -- {DATA_DIR}/{name}",
                    code="missing_file",
                )
            )
        else:
            files.append((path, kind))
    for folder, kind in (("groups", "group"), ("tasks", "task")):
        base = data / folder
        if base.is_symlink() or (base.exists() and not base.is_dir()):
            problems.append(
                Problem(
                    f"{DATA_DIR}/{folder} 应是一个目录"
                    + ("，实际是符号链接" if base.is_symlink() else "，实际是一个文件"),
                    base,
                    hint=f"从 git 恢复 {DATA_DIR}/{folder} 目录",
                    code="file",
                )
            )
            continue
        if base.is_dir():
            _walk(base, kind, root, files, problems)
    return files, problems


def _walk(
    folder: Path, kind: str, root: Path, files: list[tuple[Path, str]], problems: list[Problem]
) -> None:
    """Collect the .yaml files under `folder` without following links; report what does not belong."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: natural_key(Path(e.name)))
    except OSError as exc:
        problems.append(_unreadable(folder, exc))
        return
    for entry in entries:
        path = Path(entry.path)
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_symlink():
            files.append((path, kind))  # refused by _read with a message naming the target
        elif entry.is_dir(follow_symlinks=False):
            if name.endswith(".yaml"):
                files.append((path, kind))  # refused by _read: a folder where a file belongs
            else:
                _walk(path, kind, root, files, problems)
        elif name.endswith(".yaml"):
            files.append((path, kind))
        elif name.lower().endswith((".yml", ".yaml")):
            stem = name.rsplit(".", 1)[0]
            problems.append(
                Problem(
                    "文件扩展名应为小写的 .yaml，这个文件不会被读取",
                    path,
                    hint=f"把文件改名为 {stem}.yaml",
                    code="file",
                )
            )
        elif name.lower().endswith(_IGNORED_SUFFIXES) or name.upper().startswith("README"):
            continue
        elif ".yaml" in name.lower() or ".yml" in name.lower():
            stem = name[: name.lower().find(".y")]
            problems.append(
                Problem(
                    "文件名不以 .yaml 结尾，台账不会读取它",
                    path,
                    hint=f"若这是台账文件，请改名为 {stem}.yaml；若是备份或合并留下的文件，请删除",
                    severity="warning",
                    code="stray_file",
                )
            )
        else:
            problems.append(
                Problem(
                    "这不是 .yaml 文件，台账不会读取它",
                    path,
                    hint="data/groups 和 data/tasks 只放台账的 .yaml 文件（说明文档可用 .md）；"
                    "请移走或删除该文件",
                    severity="warning",
                    code="stray_file",
                )
            )


def _read(path: Path, root: Path) -> str:
    """Read a data file's text, never following a link and never reading more than the size limit."""
    from .textcheck import MAX_FILE_BYTES, decode, refuse_size

    try:
        info = path.lstat()
    except OSError as exc:
        raise DataError([_unreadable(path, exc)]) from None
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
        raise DataError([_unreadable(path, exc)]) from None
    if len(data) > MAX_FILE_BYTES:
        refuse_size(max(info.st_size, len(data)), path)
    return decode(data, path)


def _unreadable(path: Path, exc: OSError) -> Problem:
    if exc.errno == errno.EACCES:
        return Problem(
            "没有读取该文件的权限",
            path,
            hint=f"台账文件应对所有人可读：chmod a+r {path.name}",
            code="file",
        )
    return Problem(
        f"无法读取（{exc.strerror or type(exc).__name__}）",
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


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


_KIND_LABELS = {"plan": "实施方案", "units": "单位名录", "group": "工作组", "task": "任务"}


def _shape_problem(source: SourceFile, data: object) -> Problem:
    """The file is empty or holds a bare value or a list: say what a file of its kind contains."""
    from .models import MODEL_FOR_KIND

    model = MODEL_FOR_KIND[source.kind]
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    label = _KIND_LABELS[source.kind]
    first = "、".join(required)
    start = f"id: {source.path.stem}" if "id" in required else f"{required[0]}:"
    hint = f"{label}文件由“字段名: 值”组成，必须有 {first}；从“{start}”开始写（可参照同目录下的其他文件）"
    if data is None:
        return Problem("文件是空的（没有任何字段）", source.path, hint=hint, code="empty_file")
    from .models import describe_value

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


def _unloaded_id(source: SourceFile, data: object) -> str:
    """The id a file that failed validation was meant to carry, so others' references to it are spared."""
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return data["id"]
    return source.path.stem


def load_ledger(root: Path) -> Ledger:
    """Load, validate and cross-check every file; raise one DataError listing every problem."""
    # Validation creates tens of thousands of long-lived objects at province scale: the cyclic GC
    # would walk them again and again, so it is paused during the load.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_ledger(root)
    finally:
        if paused:
            gc.enable()


def _load_ledger(root: Path) -> Ledger:
    from . import store
    from .textcheck import lint

    files, problems = discover(root)
    known_keys = known_field_names()
    loaded: list[tuple[SourceFile, Record]] = []
    unloaded: dict[str, set[str]] = {"plan": set(), "units": set(), "group": set(), "task": set()}
    for path, kind in files:
        source = SourceFile(path, kind)
        data: object = None
        try:
            source.text = _read(path, root)
            lint_problems = lint(source.text, path, known_keys)
            if lint_problems:
                problems.extend(lint_problems)
                unloaded[kind].add(path.stem)
                continue
            data = store.parse_fast(source.text, path)
        except DataError as exc:
            problems.extend(exc.problems)
            unloaded[kind].add(path.stem)
            continue
        if not isinstance(data, dict):
            problems.append(_shape_problem(source, data))
            unloaded[kind].add(path.stem)
            continue
        record, issues = validate_record(kind, data)
        if issues:
            problems.extend(_record_issue(source, issue) for issue in issues)
            unloaded[kind].add(_unloaded_id(source, data))
            continue
        loaded.append((source, record))
    checker = _CrossChecker(root, loaded, unloaded)
    problems.extend(checker.problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors or checker.ledger is None:
        raise DataError(problems)
    checker.ledger.warnings = [p for p in problems if p.severity == "warning"]
    return checker.ledger


class _CrossChecker:
    """Checks that span files: ids, references, units, dates. Builds the Ledger when it can."""

    def __init__(
        self,
        root: Path,
        loaded: list[tuple[SourceFile, Record]],
        unloaded: dict[str, set[str]] | None = None,
    ):
        self.root = root
        self.problems: list[Problem] = []
        self.ledger: Ledger | None = None
        # Ids of files that failed on their own: references to them are not reported a second time.
        self.unloaded = unloaded or {}
        plans = [(s, r) for s, r in loaded if s.kind == "plan"]
        registries = [(s, r) for s, r in loaded if s.kind == "units"]
        if not plans or not registries:
            return
        plan_source, plan = plans[0]
        units_source, units = registries[0]
        self.registry = Registry(units.units)
        self._check_registry(units_source, units)
        self._unit(
            plan_source, ("coordination_office", "host_unit"), plan.coordination_office.host_unit
        )
        groups: dict[str, Group] = {}
        tasks: dict[str, Task] = {}
        sources: dict[str, SourceFile] = {}
        for source, group in ((s, r) for s, r in loaded if s.kind == "group"):
            if self._check_id(source, group.id, sources):
                groups[group.id] = group
                sources[group.id] = source
            self._unit(source, ("lead_unit",), group.lead_unit)
            seen: set[str] = set()
            for index, name in enumerate(group.member_units):
                canonical = self._unit(source, ("member_units", index), name)
                if canonical in seen:
                    self._warn(
                        source,
                        ("member_units", index),
                        f"成员单位“{name}”重复列出",
                        "删除重复的一行",
                    )
                seen.add(canonical or name)
        measure_ids: dict[str, SourceFile] = {}
        for source, task in ((s, r) for s, r in loaded if s.kind == "task"):
            if self._check_id(source, task.id, sources):
                tasks[task.id] = task
                sources[task.id] = source
                # A task whose id is taken is most often a copied file: its measures repeat the
                # original's, so only the id is reported until it is changed.
                self._check_task(source, task, groups, plan, measure_ids)
        self.ledger = Ledger(root, plan, self.registry, groups, tasks, sources)
        sources[PLAN_KEY] = plan_source
        sources[UNITS_KEY] = units_source

    def _error(
        self, source: SourceFile, loc: tuple, message: str, hint: str | None, code: str
    ) -> None:
        self.problems.append(source.problem(loc, message, hint, code=code))

    def _warn(self, source: SourceFile, loc: tuple, message: str, hint: str | None) -> None:
        self.problems.append(
            source.problem(loc, message, hint, severity="warning", code="normalise")
        )

    def _check_registry(self, source: SourceFile, units) -> None:
        names: dict[str, int] = {}
        for index, unit in enumerate(units.units):
            if unit.name in names:
                self._error(
                    source,
                    ("units", index, "name"),
                    f"单位“{unit.name}”重复登记",
                    "每个单位只登记一次，其他写法放进 aliases",
                    "duplicate_unit",
                )
            names.setdefault(unit.name, index)
        for spelling, first, second in self.registry.duplicates():
            if spelling == second and second in names and first != second:
                continue
            self._error(
                source,
                ("units", names.get(second, 0)),
                f"名称“{spelling}”同时属于“{first}”和“{second}”",
                "一个名称只能指向一个单位",
                "duplicate_unit",
            )

    def _unit(self, source: SourceFile, loc: tuple, name: str) -> str | None:
        found = self.registry.resolve(name)
        if found is None:
            near = self.registry.suggest(name)
            hint = (
                f"最接近的已登记单位：{'、'.join(near)}"
                if near
                else "请使用 data/units.yaml 中登记的单位名称，或先在其中登记该单位"
            )
            if any(separator in name for separator in "，、,；;"):
                hint = "这里像是把几个单位写在了一行：每个单位单独一行，以“- ”开头；" + hint
            self._error(source, loc, f"未登记的单位“{name}”", hint, "unknown_unit")
            return None
        if found.is_alias:
            self._warn(
                source,
                loc,
                f"“{name}”是“{found.canonical}”的别名",
                f"请改写为规范名称“{found.canonical}”（ledger fmt 可自动替换）",
            )
        return found.canonical

    def _check_id(self, source: SourceFile, record_id: str, sources: dict[str, SourceFile]) -> bool:
        if record_id in sources:
            other = sources[record_id].path.name
            stem = source.path.stem
            if stem != record_id:
                hint = f"把 id 改为 {stem}"
                if source.kind == "task":
                    hint += f"，并把其中的措施编号改为 {stem}-m1、{stem}-m2……"
                self._error(
                    source,
                    ("id",),
                    f"编号“{record_id}”已用于 {other}，也与文件名“{source.path.name}”不一致"
                    f"（像是复制了 {other} 后没有改编号）",
                    hint,
                    "duplicate_id",
                )
            else:
                self._error(
                    source,
                    ("id",),
                    f"编号“{record_id}”重复（已用于 {_shown(sources[record_id].path, self.root)}）",
                    "每个编号只能使用一次；删除或改名其中一个文件",
                    "duplicate_id",
                )
            return False
        if source.path.stem != record_id:
            self._error(
                source,
                ("id",),
                f"编号“{record_id}”与文件名“{source.path.name}”不一致",
                f"把文件改名为 {record_id}.yaml，或把 id 改为 {source.path.stem}",
                "file_name",
            )
        return True

    def _check_task(
        self,
        source: SourceFile,
        task: Task,
        groups: dict[str, Group],
        plan: Plan,
        measure_ids: dict[str, SourceFile],
    ) -> None:
        if task.group not in groups and task.group in self.unloaded.get("group", ()):
            pass  # the group's own file is broken and already reported
        elif task.group not in groups:
            near = difflib.get_close_matches(task.group, list(groups), n=3, cutoff=0.3)
            hint = f"已有的工作组：{'、'.join(near or groups)}"
            self._error(source, ("group",), f"未知的工作组“{task.group}”", hint, "unknown_group")
        elif not task.id.startswith(task.group + "-"):
            self._error(
                source,
                ("id",),
                f"任务编号“{task.id}”应以所属工作组编号“{task.group}-”开头",
                f"例如 {task.group}-t1",
                "bad_id",
            )
        own_ids = {measure.id for measure in task.measures}
        for index, measure in enumerate(task.measures):
            loc = ("measures", index)
            if measure.id in measure_ids:
                other = measure_ids[measure.id].path.name
                free = next(
                    f"{task.id}-m{n}"
                    for n in itertools.count(1)
                    if f"{task.id}-m{n}" not in own_ids and f"{task.id}-m{n}" not in measure_ids
                )
                self._error(
                    source,
                    (*loc, "id"),
                    f"措施编号“{measure.id}”重复（已用于 {other}）",
                    f"每个编号只能使用一次：改为本任务未用的编号，例如 {free}",
                    "duplicate_id",
                )
            else:
                measure_ids[measure.id] = source
                if not measure.id.startswith(task.id + "-"):
                    self._error(
                        source,
                        (*loc, "id"),
                        f"措施编号“{measure.id}”应以所属任务编号“{task.id}-”开头",
                        f"例如 {task.id}-m{index + 1}",
                        "bad_id",
                    )
            self._unit(source, (*loc, "lead_unit"), measure.lead_unit)
            for position, name in enumerate(measure.cooperating_units):
                self._unit(source, (*loc, "cooperating_units", position), name)
            period = plan.period
            if not measure.beyond_period and not period.start <= measure.deadline <= period.end:
                self._error(
                    source,
                    (*loc, "deadline"),
                    f"完成时限 {measure.deadline} 不在实施期 {period.start}–{period.end} 内",
                    "改为实施期内的日期；确需超出时在该措施下加 beyond_period: true",
                    "deadline_out_of_period",
                )
            if measure.status == "done" and measure.progress != 100:
                self._warn(
                    source,
                    (*loc, "progress"),
                    f"状态为已完成，但进度是 {measure.progress}%",
                    "已完成的措施进度应为 100",
                )


def is_overdue(measure: Measure, today: dt.date) -> bool:
    """Past its deadline and neither done nor cancelled."""
    return measure.status not in CLOSED_STATUSES and today > measure.deadline


def is_stale(measure: Measure, today: dt.date) -> bool:
    """Open and without a progress report in the last STALE_DAYS days (or ever)."""
    if measure.status in CLOSED_STATUSES:
        return False
    last = measure.last_report
    return last is None or (today - last).days > STALE_DAYS


def days_overdue(measure: Measure, today: dt.date) -> int:
    """Days past the deadline (0 when not overdue)."""
    return (today - measure.deadline).days if is_overdue(measure, today) else 0


def light(measure: Measure, today: dt.date) -> str | None:
    """The traffic light: red overdue; yellow delayed, unreported for 30 days or due within 30; else green."""
    if measure.status == "cancelled":
        return None
    if measure.status == "done":
        return "green"
    if is_overdue(measure, today):
        return "red"
    if (
        measure.status == "delayed"
        or is_stale(measure, today)
        or (measure.deadline - today).days <= DUE_SOON_DAYS
    ):
        return "yellow"
    return "green"


def worst_light(lights: list[str | None]) -> str | None:
    """The most urgent of several lights."""
    present = [value for value in lights if value]
    return min(present, key=LIGHTS.index) if present else None
