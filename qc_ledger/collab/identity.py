"""Who made a change: commit authors matched to the registry's accounts, and the pull request's author
as the platform authenticated it (GitHub, Gitea/Forgejo, GitLab event or API data).

Pure: e-mails, logins and parsed JSON in, values out. Never prints or exits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UsageError

OFFICE = "统筹办"

# Where the authors' identities came from, as the report says it.
IDENTITY_NOTES = {
    "platform": "身份来自平台认证的合并请求作者（登录名精确匹配）。",
    "given": "身份由 --author 给出：在本机运行时这是自称的身份，只有 CI 从平台取得时才可信。",
    "commits": "身份按提交中的姓名和邮箱判断：这是提交者自己填写的，只供本机参考；CI 按平台登录名审核。",
}


@dataclass(frozen=True)
class Author:
    """A commit author as git records them, and who the ledger knows them as."""

    name: str
    email: str
    party: str | None  # OFFICE, a unit's canonical name, or None when not registered


def handles(email: str) -> set[str]:
    """The platform handles a commit e-mail stands for (GitHub, Gitea/Forgejo, GitLab, Gitee)."""
    local, _, domain = email.lower().partition("@")
    if "noreply" not in domain or not local:
        return set()
    # Each platform's own form, taken apart exactly: a login may itself hold digits and hyphens, so
    # `1-office` on GitHub is the login 1-office, never @office.
    if domain == "users.noreply.github.com":  # 123+login@, or login@ for older accounts
        name = local.split("+", 1)[1] if "+" in local and local.split("+")[0].isdigit() else local
    elif domain.endswith("noreply.gitlab.com") or domain.startswith("users.noreply."):
        # GitLab: 123-login@users.noreply.gitlab.com (self-managed: users.noreply.HOST)
        head, _, rest = local.partition("-")
        name = rest if head.isdigit() and rest else local
    else:  # Gitea/Forgejo: login@noreply.HOST
        name = local
    return {"@" + name}


def identify(name: str, email: str, accounts: dict[str, str], given: set[str]) -> Author:
    """Who a commit author is: by e-mail, by the handle in a platform's e-mail, or by --author."""
    keys = {email.lower(), *handles(email)}
    keys |= {g.lower() for g in given} | {"@" + g.lower().removeprefix("@") for g in given}
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


@dataclass(frozen=True)
class PlatformAuthor:
    """A pull request's author as the platform's event or API says: the login, exactly."""

    login: str
    platform: str  # "github", "gitea" or "gitlab"
    base_sha: str | None = None
    head_sha: str | None = None


# A login as the platforms allow it (letters, digits, . _ -; a GitHub App ends in [bot]).
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254})(?:\[bot\])?")


def platform_author(event: object) -> PlatformAuthor:
    """The author of the pull request (merge request) an event or API answer describes.

    GitHub and Gitea/Forgejo: the `pull_request` event (`pull_request.user.login`). GitLab: the
    merge request as its API returns it (`author.username`); GitLab's own webhook names only the
    author's number and whoever triggered the pipeline, so it is refused.
    """
    if not isinstance(event, dict):
        raise _bad("文件内容不是 JSON 对象")
    pull = event.get("pull_request")
    if isinstance(pull, dict):
        user = pull.get("user")
        login = user.get("login") if isinstance(user, dict) else None
        # Gitea's users carry `username` as well; GitHub's do not.
        platform = "gitea" if isinstance(user, dict) and "username" in user else "github"
        base, head = pull.get("base"), pull.get("head")
        return PlatformAuthor(
            _login(login, "pull_request.user.login"),
            platform,
            base.get("sha") if isinstance(base, dict) else None,
            head.get("sha") if isinstance(head, dict) else None,
        )
    if event.get("object_kind") == "merge_request":
        raise _bad(
            "这是 GitLab 的 webhook 事件，其中的 user 是触发的人，不是合并请求的作者",
            '用合并请求接口的答复：curl "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/'
            '$CI_MERGE_REQUEST_IID" > mr.json',
        )
    author = event.get("author")
    if isinstance(author, dict) and "iid" in event:
        refs = event.get("diff_refs") if isinstance(event.get("diff_refs"), dict) else {}
        return PlatformAuthor(
            _login(author.get("username"), "author.username"),
            "gitlab",
            refs.get("base_sha"),
            refs.get("head_sha") or event.get("sha"),
        )
    raise _bad("其中没有合并请求的作者（pull_request.user.login 或 author.username）")


def _login(value: object, where: str) -> str:
    if not isinstance(value, str) or not _LOGIN.fullmatch(value):
        raise _bad(f"{where} 不是有效的登录名：{value!r}"[:200])
    return value


def _bad(message: str, hint: str | None = None) -> UsageError:
    return UsageError.single(
        f"--platform-event 读不出合并请求的作者：{message}",
        hint=hint
        or "给出 GitHub/Gitea 的事件文件（$GITHUB_EVENT_PATH）或 GitLab 合并请求接口的 JSON 答复",
    )
