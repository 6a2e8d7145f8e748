"""The bot's reply to a progress-report issue: what was written, or exactly what to fix.

Standard library only; every value from the form is escaped as Markdown text.
"""

from __future__ import annotations

from ..errors import Problem
from .markdown import text

# Messages of the update rules name command options; a form's reader knows the form's fields.
_FIELD_FOR_OPTION = {
    "--status": "「状态」",
    "--progress": "「进度（%）」",
    "--note": "「进展情况」",
    "--evidence": "「佐证材料」",
}


def _in_form_words(message: str) -> str:
    for option, field in _FIELD_FOR_OPTION.items():
        message = message.replace(option, field)
    return message


def refused(problems: list[Problem]) -> str:
    """The reply to a form that could not be applied; nothing was changed."""
    lines = ["这份进展报送还不能写进台账，请修改以下几处：", ""]
    for problem in problems:
        hint = f"：{text(_in_form_words(problem.hint))}" if problem.hint else ""
        lines.append(f"- {text(_in_form_words(problem.message))}{hint}")
    lines += ["", "改好后编辑本议题（不必重新提交），机器人会重新检查。台账没有任何改动。"]
    return "\n".join(lines) + "\n"


def applied(measure_id: str, changes: list[str]) -> str:
    """The reply (and pull-request body) for a form applied to the ledger."""
    lines = [f"已按这份报送更新措施 {text(measure_id)}：", ""]
    lines += [f"- {text(line)}" for line in changes]
    lines += ["", "统筹办审核后合并，合并后即记入台账。"]
    return "\n".join(lines) + "\n"


def refused_by_policy(login: str, review_markdown: str) -> str:
    """The reply to a form whose change the policy does not let its reporter make; nothing lands."""
    lines = [
        f"这份进展报送超出了 {text(login)} 的修改权限，没有生成合并请求，台账没有任何改动。",
        "",
        "如果您是单位联系人，请统筹办用 `ledger accounts add @登录名 --unit 单位` 登记您的账号，"
        "或确认这项措施由您的单位牵头或配合；登记后编辑本议题即可重新检查。",
        "",
        review_markdown,
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def failed() -> str:
    """The reply when the bot itself failed: the report is kept, the office follows up."""
    return (
        "处理这份进展报送时机器人出错，台账没有任何改动。统筹办会查看运行记录后跟进；"
        "您不需要重新提交。\n"
    )
