"""Review of a pull request: what it changes, record by record and field by field, and whether each
change is within its authors' rights under data/policy.yaml.

Pure: file versions (parsed records) and commit authors in, a ReviewReport out. The base version's
registry and policy decide: a branch cannot grant itself rights. Never prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..history.recorddiff import RecordChange, diff_records, records_in
from ..vocabulary import RECORD_KIND_LABELS, field_label

OFFICE = "统筹办"


@dataclass(frozen=True)
class Author:
    """A commit author as git records them, and who the ledger knows them as."""

    name: str
    email: str
    party: str | None  # OFFICE, a unit's canonical name, or None when not registered


@dataclass(frozen=True)
class Violation:
    """A change outside an author's rights: which record and field, whose, and the rule."""

    record_id: str
    field: str | None
    author: str
    rule: str
    hint: str

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "id": self.record_id,
            "field": self.field,
            "label": field_label(self.field) if self.field else None,
            "author": self.author,
            "rule": self.rule,
            "hint": self.hint,
        }


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
        }


def handles(email: str) -> set[str]:
    """The platform handles a commit e-mail stands for (GitHub, Gitea/Forgejo, GitLab, Gitee)."""
    local, _, domain = email.lower().partition("@")
    if "noreply" not in domain:
        return set()
    # GitHub: 123+name@users.noreply.github.com; GitLab: 123-name@users.noreply.gitlab.com.
    name = local.split("+", 1)[-1]
    if "-" in name and name.split("-", 1)[0].isdigit():
        name = name.split("-", 1)[1]
    return {"@" + name}


def identify(name: str, email: str, accounts: dict[str, str], given: set[str]) -> Author:
    """Who a commit author is: by e-mail, by the handle in a platform's e-mail, or by --author."""
    keys = {email.lower(), *handles(email)}
    keys |= {g.lower() for g in given} | {"@" + g.lower().lstrip("@") for g in given}
    party = next((accounts[key] for key in keys if key in accounts), None)
    return Author(name, email, party)


def account_map(units: list[dict], policy: dict | None) -> dict[str, str]:
    """Account (lower-case e-mail or @handle) -> party, from the base's registry and policy."""
    found: dict[str, str] = {}
    for unit in units:
        for account in unit.get("accounts") or []:
            found[str(account).lower()] = unit["name"]
    for account in (policy or {}).get("office_accounts") or []:
        found[str(account).lower()] = OFFICE
    return found


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
) -> ReviewReport:
    """Compare each file's base and head data and judge every change under the policy.

    `versions`: (path, kind, base data, head data) of each ledger file the branch changed.
    """
    changes: list[RecordChange] = []
    measures_before: dict[str, dict] = {}
    for _path, kind, before, after in versions:
        old = records_in(kind, before) if kind else {}
        new = records_in(kind, after) if kind else {}
        measures_before.update({k: r.fields for k, r in old.items() if r.kind == "measure"})
        changes.extend(diff_records(old, new))
    aliases = {
        str(alias): unit["name"] for unit in base_units for alias in unit.get("aliases") or []
    }
    judge = _Judge(policy, measures_before, aliases)
    violations = [
        Violation(
            "",
            None,
            author.name if author.name == author.email else f"{author.name} <{author.email}>",
            "提交者未登记：不知道他属于哪个单位，不能确认修改权限",
            "在 data/units.yaml 中本单位的 accounts 下登记其提交邮箱或 @用户名"
            "（统筹办的登记在 data/policy.yaml 的 office_accounts），由统筹办合并",
        )
        for author in authors
        if author.party is None and changes
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
    violations += [
        violation
        for change in changes
        for author in authors
        for violation in judge.check(change, author)
    ]
    return ReviewReport(
        base,
        head,
        tuple(authors),
        tuple(changes),
        tuple(other_files),
        tuple(dict.fromkeys(violations)),
        policy is None,
    )


class _Judge:
    """The rules of data/policy.yaml applied to one change by one author."""

    def __init__(self, policy: dict | None, measures: dict[str, dict], aliases: dict[str, str]):
        policy = policy or {}
        self.unit_fields = list(dict.fromkeys(policy.get("unit_fields") or []))
        self.lead_only = policy.get("units_act_on") == "lead"
        self.append_only = set(policy.get("append_only") or [])
        self.measures = measures
        self.aliases = aliases

    def check(self, change: RecordChange, author: Author) -> list[Violation]:
        who = author.name if author.name == author.email else f"{author.name} <{author.email}>"
        found = self._for_everyone(change, who)
        if author.party == OFFICE:
            return found
        if author.party is None:
            return found  # one violation for the author, made by review()
        kind = RECORD_KIND_LABELS.get(change.kind, change.kind)
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
