"""Review of a pull request: what it changes, record by record and field by field, and whether each
change is within its authors' rights under data/policy.yaml.

Pure: file versions (parsed records) and commit authors in, a ReviewReport out. The base branch's
registry and policy decide: a branch cannot grant itself rights. Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field

from ..domain.note_quality import NoteWarning, entry_warnings
from ..domain.validation import measure_of, quality_of
from ..history.recorddiff import RecordChange, diff_files, records_in
from ..vocabulary import RECORD_KIND_LABELS, field_label
from .closing_review import closing_violations
from .identity import OFFICE, Author
from .violations import Violation

BACKDATE_DAYS = 14  # the policy's default for backdate_days


@dataclass(frozen=True)
class ReviewReport:
    """Every record change of a pull request, the files outside the ledger, and the violations."""

    base: str
    head: str
    authors: tuple[Author, ...]
    changes: tuple[RecordChange, ...]
    other_files: tuple[str, ...] = ()
    violations: tuple[Violation, ...] = field(default_factory=tuple)
    policy_missing: bool = False
    identity: str = "commits"  # a key of IDENTITY_NOTES
    notes: tuple[NoteWarning, ...] = ()  # note-quality warnings on the entries the branch adds

    @property
    def allowed(self) -> bool:
        """No change is outside its authors' rights."""
        return not self.violations

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "base": self.base,
            "head": self.head,
            "allowed": self.allowed,
            "authors": [{"name": a.name, "email": a.email, "party": a.party} for a in self.authors],
            "changes": [change.as_data() for change in self.changes],
            "other_files": list(self.other_files),
            "violations": [violation.as_data() for violation in self.violations],
            "identity": self.identity,
            "notes": [
                {
                    "code": w.code,
                    "id": w.measure_id,
                    "date": w.date.isoformat(),
                    "message": w.message,
                    "hint": w.hint,
                }
                for w in self.notes
            ],
        }


def review(
    base: str,
    head: str,
    versions: list[tuple[str, str | None, object, object]],
    other_files: list[str],
    authors: list[Author],
    base_units: list[dict],
    policy: dict | None,
    *,
    unreadable: list[str] = (),
    base_measures: dict[str, dict] | None = None,
    strangers: list[Author] = (),
    identity: str = "commits",
    today: dt.date | None = None,
    note_quality: object = None,
    approval: bool = False,
) -> ReviewReport:
    """Compare each file's base and head data and judge every change under the policy.

    `versions`: (path, kind, base data, head data) of each ledger file the branch changed;
    `base_measures`: each measure as the base branch's tip holds it (ownership, newest entry);
    `strangers`: commit authors other than the platform's author, whose work needs the office;
    `note_quality`: the base's rules.yaml note_quality (its defaults when missing or invalid).
    `approval`: the base's rules.closing.approval (only the office closes a measure).
    """
    parsed = []
    measures: dict[str, dict] = {}
    for path, kind, before, after in versions:
        old = records_in(kind, before) if kind else {}
        new = records_in(kind, after) if kind else {}
        measures.update({k: r.fields for k, r in old.items() if r.kind == "measure"})
        parsed.append((path, old, new))
    measures.update(base_measures or {})
    changes = diff_files(parsed)
    aliases = {
        str(alias): unit["name"] for unit in base_units for alias in unit.get("aliases") or []
    }
    judge = _Judge(policy, measures, aliases, today, approval)
    anything = bool(changes or other_files)
    violations = [
        Violation(
            "",
            None,
            _who(author),
            "提交者未登记：不知道他属于哪个单位，不能确认修改权限",
            "在 data/units.yaml 中本单位的 accounts 下登记其提交邮箱或 @用户名"
            "（统筹办的登记在 data/policy.yaml 的 office_accounts），由统筹办合并",
        )
        for author in authors
        if author.party is None and anything
    ]
    if not authors and anything:
        violations.append(
            Violation(
                "",
                None,
                "",
                "这些修改找不到提交者（例如分支只有合并提交），不能确认修改权限",
                "由统筹办审核合并，或在 CI 中给出平台认证的作者",
            )
        )
    violations += [
        Violation(
            "",
            None,
            _who(stranger),
            "合并请求中有不是其作者的人的提交：这些修改须由统筹办审核",
            "请作者本人提交，或交给统筹办合并",
        )
        for stranger in strangers
        if anything
    ]
    violations += [
        Violation(
            path,
            None,
            "",
            "这个文件的一个版本无法读取（不是有效的 YAML 或过大），无法逐项比较",
            "在分支上运行 ledger validate 改正该文件；审核不通过，直到它能读取",
        )
        for path in dict.fromkeys(unreadable)
    ]
    moved_files = {c.moved for c in changes if c.moved and c.kind != "measure"}
    violations += [
        violation
        for change in changes
        for author in authors
        for violation in judge.check(change, author, moved_files)
    ]
    violations += [
        violation
        for path in other_files
        for author in authors
        for violation in judge.other(path, author)
    ]
    return ReviewReport(
        base,
        head,
        tuple(authors),
        tuple(changes),
        tuple(other_files),
        tuple(dict.fromkeys(violations)),
        policy is None,
        identity,
        tuple(added_entry_warnings(parsed, note_quality)),
    )


def added_entry_warnings(parsed: list, note_quality: object) -> list[NoteWarning]:
    """Note-quality warnings on each progress entry the branch adds (its evidence counted exactly)."""
    quality = quality_of(note_quality)
    out: list[NoteWarning] = []
    for _path, old, new in parsed:
        for record_id, record in new.items():
            if record.kind != "measure":
                continue
            before = old[record_id].fields if record_id in old else {}
            measure = measure_of(record.fields)
            if measure is None:
                continue  # validate reports it; a warning on a broken record helps no one
            old_log = before.get("progress_log") or []
            old_evidence = before.get("evidence") or []
            added = (
                len(measure.evidence) > len(old_evidence)
                if isinstance(old_evidence, list)
                else False
            )
            start = len(old_log) if isinstance(old_log, list) else 0
            for index in range(start, len(measure.progress_log)):
                out.extend(
                    entry_warnings(
                        measure, index, quality, unit=measure.lead_unit, evidence_added=added
                    )
                )
    return out


def _who(author: Author) -> str:
    return author.name if author.name == author.email else f"{author.name} <{author.email}>"


class _Judge:
    """The rules of data/policy.yaml applied to one change by one author."""

    def __init__(
        self,
        policy: dict | None,
        measures: dict[str, dict],
        aliases: dict[str, str],
        today: dt.date | None,
        approval: bool = False,
    ):
        self.approval = approval
        policy = policy or {}
        self.unit_fields = list(dict.fromkeys(policy.get("unit_fields") or []))
        self.lead_only = policy.get("units_act_on") == "lead"
        self.append_only = set(policy.get("append_only") or [])
        self.open_files = [str(p) for p in policy.get("open_files") or []]
        days = policy.get("backdate_days")
        self.backdate = dt.timedelta(days=days if isinstance(days, int) else BACKDATE_DAYS)
        self.measures = measures
        self.aliases = aliases
        self.today = today

    def other(self, path: str, author: Author) -> list[Violation]:
        """A file outside the ledger's data: the office's, unless the policy opens it."""
        if author.party in (OFFICE, None):
            return []  # an unknown author has one violation already, made by review()
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in self.open_files):
            return []
        return [
            Violation(
                path,
                None,
                _who(author),
                f"台账数据以外的文件只能由统筹办修改（{author.party}的联系人无此权限）",
                "从本次提交中撤回这个文件的修改，或交给统筹办；"
                "data/policy.yaml 的 open_files 可以开放某些文件",
            )
        ]

    def check(
        self, change: RecordChange, author: Author, moved_files: set = frozenset()
    ) -> list[Violation]:
        who = _who(author)
        found = self._for_everyone(change, who)
        if author.party == OFFICE:
            return found
        if author.party is None:
            return found  # one violation for the author, made by review()
        kind = RECORD_KIND_LABELS.get(change.kind, change.kind)
        if change.moved and (change.kind != "measure" or change.moved not in moved_files):
            found.append(
                Violation(
                    change.record_id,
                    None,
                    who,
                    f"把{kind}移到另一个文件只能由统筹办进行（{author.party}的联系人无此权限）",
                    "把文件移回原处；确需调整的向统筹办申请",
                )
            )
            if change.kind != "measure" and not change.changes:
                return found
        if change.kind != "measure" or change.action != "changed":
            action = {"added": "新增", "removed": "删除", "changed": "修改"}[change.action]
            return [
                *found,
                Violation(
                    change.record_id,
                    None,
                    who,
                    f"{action}{kind}只能由统筹办进行（{author.party}的联系人无此权限）",
                    "请把这项修改交给统筹办，或从本次提交中撤回",
                ),
            ]
        measure = self.measures.get(change.record_id, {})
        if not self._acts_on(measure, author.party):
            role = "牵头" if self.lead_only else "牵头或配合"
            return [
                *found,
                Violation(
                    change.record_id,
                    None,
                    who,
                    f"措施 {change.record_id} 不由{author.party}{role}，不能修改",
                    "只修改本单位负责的措施；其他单位的措施请该单位报送",
                ),
            ]
        allowed = "、".join(field_label(name) for name in self.unit_fields) or "（无）"
        for item in change.changes:
            if item.field not in self.unit_fields:
                found.append(
                    Violation(
                        change.record_id,
                        item.field,
                        who,
                        f"“{item.label}”只能由统筹办修改；单位联系人可以修改的是：{allowed}",
                        "撤回这个字段的修改；确需调整的（如完成时限）向统筹办申请",
                    )
                )
        found += self._backdated(change, measure, who)
        found += closing_violations(change, author.party, who, self.aliases, self.approval)
        return found

    def _backdated(self, change: RecordChange, measure: dict, who: str) -> list[Violation]:
        """Progress entries dated before the measure's newest entry, or long before today."""
        log = change.change_of("progress_log")
        if log is None:
            return []
        known = [d for d in map(_day, measure.get("progress_log") or []) if d is not None]
        newest = max(known, default=None)
        found = []
        for entry in log.added:
            day = _day(entry)
            if day is None:
                continue
            if newest is not None and day < newest:
                rule = (
                    f"进展记录的日期 {day} 早于这项措施已有的最新记录（{newest}）：像是补记或倒填"
                )
            elif self.today is not None and day < self.today - self.backdate:
                rule = (
                    f"进展记录的日期 {day} 比审核当天（{self.today}）早 {(self.today - day).days} 天，"
                    f"超过 {self.backdate.days} 天：像是补记或倒填"
                )
            else:
                continue
            found.append(
                Violation(
                    change.record_id,
                    "progress_log",
                    who,
                    rule,
                    "写上实际报送的日期；确是补记的，由统筹办确认后合并",
                )
            )
        return found

    def _for_everyone(self, change: RecordChange, who: str) -> list[Violation]:
        found = []
        for item in change.changes:
            if item.field in self.append_only and item.removed:
                found.append(
                    Violation(
                        change.record_id,
                        item.field,
                        who,
                        f"“{item.label}”只能在末尾追加，已有的记录不能改写或删除",
                        "恢复原有记录；更正内容时在末尾追加一条新记录说明",
                    )
                )
        if change.change_of("deadline") is not None:
            history = change.change_of("deadline_history")
            if history is None or not history.added:
                found.append(
                    Violation(
                        change.record_id,
                        "deadline",
                        who,
                        "完成时限改了，但 deadline_history 中没有追加调整记录（原时限会丢失）",
                        '用 ledger update ID --deadline 日期 --reason "理由" 调整，它会记下原时限',
                    )
                )
        return found

    def _acts_on(self, measure: dict, party: str) -> bool:
        def canonical(name: object) -> str:
            return self.aliases.get(str(name), str(name))

        units = [measure.get("lead_unit")]
        if not self.lead_only:
            units += list(measure.get("cooperating_units") or [])
        return party in {canonical(unit) for unit in units}


def _day(entry: object) -> dt.date | None:
    """A progress entry's date, whether the parser gave a date or its text."""
    value = entry.get("date") if isinstance(entry, dict) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None
