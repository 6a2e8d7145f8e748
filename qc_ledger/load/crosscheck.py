"""Checks that span files: ids unique and matching their file names, references to groups and units,
deadlines within the plan's period. Returns problems and the records that passed; the Ledger value
is built by the assembler, not here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from pathlib import Path

from ..domain.digest import TaskFacts
from ..domain.ledger import Ledger
from ..domain.measure_rules import dated_findings
from ..domain.models import Group, Plan, Record, Task
from ..domain.registry import Registry
from ..domain.supervision import done_unapproved
from ..errors import Problem
from ..store.source import Locator, SourceFile


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class CrossChecker:
    """Checks that span files: ids, references, units, dates; `tasks` holds the task records that
    passed (with their files in `task_sources`), `complete` whether plan, units and rules loaded."""

    def __init__(
        self,
        root: Path,
        loaded: list[tuple[SourceFile, Record]],
        unloaded: dict[str, set[str]] | None = None,
        others: list[tuple[SourceFile, Task | TaskFacts]] = (),
        partial: list[tuple[SourceFile, tuple[tuple[tuple, str], ...]]] = (),
    ):
        """`others`: task files already checked and unchanged (records or digests), whose ids the
        new ones must not take; `partial`: files that failed their schema, with the unit names
        still readable in them (checked too, so every problem of a file shows at once)."""
        support = [(s, r) for s, r in loaded if s.kind != "task"]
        self._begin(root, support, unloaded, others)
        for source, task in ((s, r) for s, r in loaded if s.kind == "task"):
            if self.task(source, task):
                self.tasks[task.id] = task
                self.task_sources[task.id] = source
        self.finish(support, partial)

    @classmethod
    def streaming(
        cls,
        root: Path,
        support: list[tuple[SourceFile, Record]],
        unloaded: dict[str, set[str]] | None = None,
    ) -> CrossChecker:
        """A checker given the files other than tasks, then each task in turn (`task`), then
        `finish`: the same problems in the same order, no task record held by it."""
        checker = cls.__new__(cls)
        checker._begin(root, support, unloaded, ())
        return checker

    def _begin(self, root: Path, support: list[tuple[SourceFile, Record]],
               unloaded: dict[str, set[str]] | None, others) -> None:  # fmt: skip
        self.root = root
        self.problems: list[Problem] = []
        self.locator = Locator()
        self.tasks: dict[str, Task] = {}
        self.task_sources: dict[str, SourceFile] = {}
        self.complete = False
        # Ids of files that failed on their own: references to them are not reported a second time.
        self.unloaded = unloaded or {}
        plans = [(s, r) for s, r in support if s.kind == "plan"]
        registries = [(s, r) for s, r in support if s.kind == "units"]
        rule_files = [(s, r) for s, r in support if s.kind == "rules"]
        if not plans or not registries or not rule_files:
            return
        self.complete = True
        plan_source, self.plan = plans[0]
        units_source, units = registries[0]
        self.registry = Registry(units.units)
        self._check_registry(units_source, units)
        if self.plan.coordination_office is not None:
            office = self.plan.coordination_office
            self._unit(plan_source, ("coordination_office", "host_unit"), office.host_unit)
        self.groups: dict[str, Group] = {}
        self.sources: dict[str, SourceFile] = {}
        for source, group in ((s, r) for s, r in support if s.kind == "group"):
            if self._check_id(source, group.id, self.sources):
                self.groups[group.id] = group
                self.sources[group.id] = source
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
        self.measure_ids: dict[str, SourceFile] = {}
        for source, task in others:
            self.sources.setdefault(task.id, source)
            for measure in task.measures:
                self.measure_ids.setdefault(measure.id, source)

    def task(self, source: SourceFile, task: Task) -> bool:
        """Check one task file's record against the others; whether its id was its own."""
        if not self.complete or not self._check_id(source, task.id, self.sources):
            return False
        self.sources[task.id] = source
        # A task whose id is taken is most often a copied file: its measures repeat the
        # original's, so only the id is reported until it is changed.
        self._check_task(source, task, self.groups, self.plan, self.measure_ids)
        return True

    def finish(self, support: list[tuple[SourceFile, Record]],
               partial: list[tuple[SourceFile, tuple[tuple[tuple, str], ...]]] = ()) -> None:  # fmt: skip
        """The checks that need every task: the office's records; then the unit names of the
        files that failed their schema."""
        if not self.complete:
            return
        for source, office in ((s, r) for s, r in support if s.kind == "office"):
            self._check_office(source, office, set(self.measure_ids))
        for source, references in partial:
            for loc, name in references:
                self._unit(source, loc, name)

    def _check_office(self, source: SourceFile, office, measure_ids: set[str]) -> None:
        """Every unit of the office's records is registered, every measure exists, ids are unique."""
        from .office_checks import office_findings

        for loc, message, hint, code in office_findings(office, self.registry, measure_ids):
            if code == "unknown_unit":
                self._unit(source, loc, message)
            else:
                self._error(source, loc, message, hint, code)

    def _error(
        self, source: SourceFile, loc: tuple, message: str, hint: str | None, code: str
    ) -> None:
        self.problems.append(self.locator.problem(source, loc, message, hint, code=code))

    def _warn(self, source: SourceFile, loc: tuple, message: str, hint: str | None) -> None:
        self.problems.append(
            self.locator.problem(source, loc, message, hint, severity="warning", code="normalise")
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
            if not measure.beyond_period and not period.contains(measure.deadline):
                self._error(
                    source,
                    (*loc, "deadline"),
                    f"完成时限 {measure.deadline} 不在实施期 {period} 内",
                    "改为实施期内的日期；确需超出时在该措施下加 beyond_period: true",
                    "deadline_out_of_period",
                )
            for finding in dated_findings(measure, period, None):
                self._error(
                    source, (*loc, *finding.loc), finding.message, finding.hint, finding.code
                )


def dated_problems(ledger: Ledger, today: dt.date) -> list[Problem]:
    """Log and deadline-history entries dated after today (validate and review check these)."""
    problems, locator = [], Locator()
    # Only the tasks whose digest has a date after today are rebuilt: a province's are not read.
    for facts in ledger.index.tasks.values():
        if not any(m.latest_dated is not None and m.latest_dated > today for m in facts.measures):
            continue
        task, source = ledger.task_passing(facts.id), ledger.sources[facts.id]
        for index, measure in enumerate(task.measures):
            for finding in dated_findings(measure, ledger.plan.period, today):
                if finding.code == "date_in_future":
                    loc = ("measures", index, *finding.loc)
                    problems.append(
                        locator.problem(
                            source, loc, finding.message, finding.hint, code=finding.code
                        )
                    )
    return problems


def unapproved_problems(ledger: Ledger) -> list[Problem]:
    """Errors: measures marked done that the office never approved, while closing needs it.

    Checked by validate (and so by CI on every push), not on load: the office must still be able to
    load the ledger to approve or return them.
    """
    if not ledger.rules.closing.approval:
        return []
    problems, locator = [], Locator()
    for facts in ledger.index.tasks.values():
        if not any(m.status == "done" for m in facts.measures):
            continue
        task, source = ledger.task_passing(facts.id), ledger.sources[facts.id]
        for index, measure in enumerate(task.measures):
            if done_unapproved(measure, ledger.rules):
                problems.append(
                    locator.problem(
                        source,
                        ("measures", index, "status"),
                        f"措施 {measure.id} 标为已完成，但没有统筹办审核办结的记录"
                        "（rules.yaml 的 closing.approval 为 true）",
                        f"统筹办用 ledger close {measure.id} --approve 补审核办结，"
                        '或 --reject --reason "理由" 退回（状态改回推进中）',
                        severity="error",
                        code="done_unapproved",
                    )
                )
    return problems
