"""CODEOWNERS for GitHub, GitLab and Gitea/Forgejo, generated from the registry and the policy:
each task file is reviewed by its measures' lead units, everything else by the coordination office.

Pure: the loaded ledger in, file path -> text out. Never prints, exits or writes.
"""

from __future__ import annotations

import re

from ..domain.ledger import Ledger
from ..domain.names import natural_key

# Where each platform looks first; Gitea reads Go regular expressions, the others globs.
FILES = {
    "github": ".github/CODEOWNERS",
    "gitlab": ".gitlab/CODEOWNERS",
    "gitea": ".gitea/CODEOWNERS",
}
OFFICE_FILES = ("data/plan.yaml", "data/units.yaml", "data/rules.yaml", "data/policy.yaml")
_HEADER = (
    "# 由 ledger codeowners 根据 data/units.yaml（accounts）和 data/policy.yaml（office_accounts）生成，"
    "请勿手工修改。\n"
    "# 任务文件由其措施的牵头单位审核；方案、单位名录、规则、权限、工作组和其他文件由统筹办审核。\n"
)


def _owners(accounts: list[str], platform: str) -> list[str]:
    """Accounts a platform accepts as owners: handles everywhere, e-mails on GitHub and GitLab."""
    handles = [a for a in accounts if a.startswith("@")]
    emails = [a for a in accounts if "@" in a[1:] and not a.startswith("@")]
    return handles + ([] if platform == "gitea" else emails)


def _pattern(path: str, platform: str, folder: bool = False) -> str:
    if platform == "gitea":
        return "^" + re.escape(path) + ("/.*" if folder else "") + "$"
    return "/" + path + ("/" if folder else "")


def generate(ledger: Ledger) -> dict[str, str]:
    """Each platform's CODEOWNERS text."""
    office = list(ledger.policy.office_accounts) if ledger.policy else []
    units = {unit.name: list(unit.accounts) for unit in ledger.registry.units.values()}
    out: dict[str, str] = {}
    for platform, path in FILES.items():
        lines = [_HEADER]
        chief = _owners(office, platform)
        if not chief:
            lines.append(
                "# data/policy.yaml 的 office_accounts 中没有本平台可用的账号：统筹办的审核规则从略。\n"
            )
        else:
            owners = " ".join(chief)
            lines.append(f"{'.*' if platform == 'gitea' else '*'} {owners}\n")
            for name in OFFICE_FILES:
                lines.append(f"{_pattern(name, platform)} {owners}\n")
            lines.append(f"{_pattern('data/groups', platform, folder=True)} {owners}\n")
        missing: list[str] = []
        for task_id in sorted(ledger.tasks, key=natural_key):
            task = ledger.tasks[task_id]
            leads = dict.fromkeys(ledger.registry.canonical(m.lead_unit) for m in task.measures)
            reviewers = [a for unit in leads for a in _owners(units.get(unit, []), platform)]
            missing += [unit for unit in leads if not _owners(units.get(unit, []), platform)]
            owners = list(dict.fromkeys([*reviewers, *chief]))
            if owners and reviewers:
                relative = ledger.sources[task_id].path.relative_to(ledger.root).as_posix()
                lines.append(f"{_pattern(relative, platform)} {' '.join(owners)}\n")
        if missing:
            names = "、".join(dict.fromkeys(missing))
            lines.append(f"# 以下单位还没有登记本平台的账号，其任务文件由统筹办审核：{names}\n")
        out[path] = "".join(lines)
    return out
