"""The ledger's git repository: who commits, checks before a commit, commits of given paths.

The only module that imports GitPython, and only inside functions (it needs a git executable and
is slow to import). Commits go through `git commit --only -- <paths>`, which honours .gitattributes,
hooks and the user's identity and never sweeps in other staged files. Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import GitError, Problem, UsageError

_IN_PROGRESS = {
    "MERGE_HEAD": ("合并（merge）", "git merge --continue 或 git merge --abort"),
    "CHERRY_PICK_HEAD": ("拣选（cherry-pick）", "git cherry-pick --continue 或 --abort"),
    "REVERT_HEAD": ("还原（revert）", "git revert --continue 或 --abort"),
    "rebase-merge": ("变基（rebase）", "git rebase --continue 或 git rebase --abort"),
    "rebase-apply": ("变基（rebase/am）", "git rebase --continue 或 git rebase --abort"),
}


class CommittedWithError(GitError):
    """git made the commit, then failed at a later step (a hook after it, writing the index)."""

    def __init__(self, problems: list[Problem], sha: str):
        super().__init__(problems)
        self.sha = sha


def _error(message: str, hint: str | None = None, path: Path | None = None) -> GitError:
    return GitError([Problem(message, path, hint=hint, code="git")])


@dataclass(frozen=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


def parse_author(text: str) -> tuple[str, str | None]:
    """Split `姓名` or `姓名 <email>` into the name and the email (None when not given)."""
    match = re.fullmatch(r"\s*([^<>]*?)\s*(?:<([^<>]*)>)?\s*", text)
    if match is None or not match.group(1):
        raise UsageError.single(
            f"--author 的值“{text}”无效",
            hint='写作“姓名”或“姓名 <邮箱>”，例如 --author "张三 <zhangsan@example.org>"',
        )
    email = match.group(2)
    return match.group(1), (email.strip() or None) if email is not None else None


def configured_name(root: Path) -> str | None:
    """The user's git name (user.name) for the repository at root, or None (no git, none set)."""
    return _configured(root, "user.name")


def configured_email(root: Path) -> str | None:
    """Who commits as git says: GIT_AUTHOR_EMAIL, else user.email, or None."""
    return os.environ.get("GIT_AUTHOR_EMAIL") or _configured(root, "user.email")


def _configured(root: Path, key: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "config", "--get", key],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name or None


def init_repository(path: Path) -> None:
    """Make `path` a new git repository whose first branch is main."""
    import git

    git.Repo.init(path, initial_branch="main").close()


class LedgerRepo:
    """The git repository holding a ledger."""

    def __init__(self, root: Path):
        try:
            import git
        except ImportError:
            raise _error(
                "找不到 git 程序，无法使用 git 的功能",
                "安装 git（https://git-scm.com）并确认 git 命令可以运行；或不用 --commit",
            ) from None
        self._git = git
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise _error(
                f"{root} 不在 git 仓库中；什么也没有改动",
                "在台账的 git 仓库里运行（git clone 得到的目录），或去掉 --commit 只修改文件",
            ) from None
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise _error(f"{root} 所在的 git 仓库没有工作区（bare 仓库）")
        self.top = Path(self.repo.working_tree_dir).resolve()
        self._user_config: dict[str, str] | None = None

    @property
    def command_error(self) -> type[Exception]:
        """GitPython's error for a failed git command (callers need not import GitPython)."""
        return self._git.GitCommandError

    def close(self) -> None:
        """Stop the git helper processes."""
        self.repo.close()

    def relative(self, path: Path) -> str:
        """A path relative to the working tree, as git writes it."""
        return path.resolve().relative_to(self.top).as_posix()

    def run(self, *args: str, env: dict | None = None) -> str:
        try:
            return self.repo.git.execute(
                ["git", "-c", "core.quotePath=false", *args], env=env, stdout_as_string=True
            )
        except self._git.GitCommandError as exc:
            detail = (exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
            raise _error(
                f"git 命令失败：git {args[0]}（{detail or exc.status}）",
                "按上面 git 的说明处理后重试",
            ) from None

    # -- identity ------------------------------------------------------------------------------

    def _config(self, key: str) -> str | None:
        """One user.* setting; all of them are read with a single git call and kept."""
        if self._user_config is None:
            try:
                out = self.repo.git.config("--get-regexp", r"^user\.")
            except self._git.GitCommandError:
                out = ""
            self._user_config = {}
            for line in out.splitlines():
                name, _, value = line.partition(" ")
                self._user_config[name.lower()] = value.strip()
        return self._user_config.get(key.lower()) or None

    def identity(self, author: str | None) -> Identity:
        """Who commits: --author (name, optionally with email), else git's user.name/user.email."""
        name, email = parse_author(author) if author else (None, None)
        name = name or os.environ.get("GIT_AUTHOR_NAME") or self._config("user.name")
        email = email or os.environ.get("GIT_AUTHOR_EMAIL") or self._config("user.email")
        if not name or not email:
            missing = "姓名" if not name else "邮箱"
            raise _error(
                f"不知道由谁提交：git 中没有设置{missing}；什么也没有改动",
                '用 --author "张三 <zhangsan@example.org>" 指定，或设置一次：'
                "git config --global user.name 张三 && git config --global user.email zhangsan@example.org",
            )
        return Identity(name, email)

    def _commit_env(self, identity: Identity, when: dt.datetime | None = None) -> dict[str, str]:
        env = {"GIT_AUTHOR_NAME": identity.name, "GIT_AUTHOR_EMAIL": identity.email}
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
        # The committer is the configured user; without one, the author commits for themselves.
        if not (os.environ.get("GIT_COMMITTER_NAME") or self._config("user.name")):
            env["GIT_COMMITTER_NAME"] = identity.name
        if not (os.environ.get("GIT_COMMITTER_EMAIL") or self._config("user.email")):
            env["GIT_COMMITTER_EMAIL"] = identity.email
        return env

    # -- checks before writing -----------------------------------------------------------------

    def preflight(self, paths: list[Path], *, created: frozenset[Path] = frozenset()) -> None:
        """Refuse, before anything is written, a commit of these paths git would not make cleanly."""
        if self.repo.head.is_detached:
            raise _error(
                "git 仓库处于分离头指针状态（detached HEAD），提交不会落在任何分支上；什么也没有改动",
                "先切换到分支，例如 git switch main",
            )
        try:
            branch = self.repo.head.ref.path
        except (TypeError, ValueError):
            branch = "HEAD"
        locks = ["index.lock", "HEAD.lock", f"{branch}.lock"]
        names = [*_IN_PROGRESS, *locks]
        answers = self.run("rev-parse", *(a for n in names for a in ("--git-path", n))).splitlines()
        found = {
            name: Path(answer) if os.path.isabs(answer) else self.top / answer
            for name, answer in zip(names, answers, strict=True)
        }
        for name, (what, how) in _IN_PROGRESS.items():
            if found[name].exists():
                raise _error(
                    f"git 仓库中有未完成的{what}；什么也没有改动", f"先完成或放弃它：{how}"
                )
        for name in locks:
            if found[name].exists():
                raise self._locked(found[name])
        conflicted = sorted(
            {line.split("\t", 1)[-1] for line in self.run("ls-files", "-u").splitlines() if line}
        )
        if conflicted:
            raise _error(
                f"git 索引中有未解决的冲突：{'、'.join(conflicted)}；什么也没有改动",
                "先解决冲突并提交（git status 查看），再运行本命令",
            )
        for path in paths:
            relative = self.relative(path)
            if self._ignored(relative):
                raise _error(
                    "该文件被 .gitignore 忽略，git 不会提交它；什么也没有改动",
                    f"从 .gitignore 中去掉与它匹配的规则（git check-ignore -v -- {relative} 可查看"
                    "是哪一条），或去掉 --commit 只修改文件",
                    path,
                )
            status = self.run("status", "--porcelain=v1", "--untracked-files=all", "--", relative)
            if path in created:
                if status.strip() or path.exists():
                    raise _error("该文件已存在；什么也没有改动", "重新运行命令以取下一个编号", path)
                continue
            if status.startswith("??"):
                raise _error(
                    "该文件还没有提交到 git；什么也没有改动",
                    f"先提交该文件（git add -- {relative} 后 git commit），或去掉 --commit 只修改文件",
                    path,
                )
            if status.strip():
                raise _error(
                    "该文件有尚未提交的修改（别人的，或你之前没有提交、被中断的命令留下的），"
                    "--commit 不会替别人提交；什么也没有改动",
                    f"先用 git diff -- {relative} 查看：要保留就 git commit -- {relative}，"
                    f"不要就 git restore -- {relative}，然后重新运行；或去掉 --commit 只修改文件",
                    path,
                )

    def _ignored(self, relative: str) -> bool:
        """An untracked path that .gitignore keeps out of git (a tracked file is never ignored)."""
        if self.run("ls-files", "--", relative).strip():
            return False
        try:
            return bool(self.run("check-ignore", "--", relative).strip())
        except GitError:  # exit 1: not ignored
            return False

    def _locked(self, lock: Path) -> GitError:
        """git's own lock file is there: another git is running, or one crashed and left it."""
        here = Path.cwd().resolve()
        shown = lock.relative_to(here) if lock.is_relative_to(here) else lock
        return _error(
            f"git 仓库被锁住了：存在 {shown.as_posix()}。可能另有 git 程序正在使用这个仓库（编辑器、"
            "git 图形界面、另一个终端里的 git 命令），也可能是之前的 git 被中断后留下的；什么也没有改动",
            f"等那个 git 程序结束后重试；若确定没有 git 在运行，删除该文件后重试：rm {shown.as_posix()}",
        )

    # -- committing ----------------------------------------------------------------------------

    def head(self) -> str | None:
        """The commit HEAD points at (None on an unborn branch)."""
        try:
            return self.run("rev-parse", "--verify", "--quiet", "HEAD").strip() or None
        except GitError:
            return None

    def withdraw(self, sha: str) -> None:
        """Take back the commit `sha` a command has just made: HEAD returns to its parent, and so do its files."""
        if self.head() != sha:
            raise _error(
                f"提交 {sha[:7]} 之后又有了新的提交，不能撤回",
                "用 ledger undo 撤销它（作为一次新提交）",
            )
        # --keep: the files the commit changed go back; anything else in the work tree stays.
        self.run("reset", "--keep", f"{sha}~1")

    def commit(
        self,
        paths: list[Path],
        message: str,
        identity: Identity,
        *,
        created: frozenset[Path] = frozenset(),
        when: dt.datetime | None = None,
    ) -> str:
        """Commit exactly these paths with this message (dated `when`); return the new commit's id.

        The message reaches git through a file, never as an argument (no length limit, no option
        injection). When git fails after making the commit, CommittedWithError says so.
        """
        relatives = [self.relative(path) for path in paths]
        new = [self.relative(path) for path in paths if path in created]
        if new:
            self.run("add", "--intent-to-add", "--", *new)
        before = self.head()
        handle, message_file = tempfile.mkstemp(prefix="ledger-commit-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(message)
            self._commit_only(
                "--only",
                "--quiet",
                "--no-edit",
                # whitespace, not strip: a line of a note that starts with "#" stays in the message.
                "--cleanup=whitespace",
                f"--file={message_file}",
                "--",
                *relatives,
                env=self._commit_env(identity, when),
            )
        except GitError as exc:
            after = self.head()
            if after is not None and after != before:
                raise CommittedWithError(exc.problems, sha=after) from None
            if new:
                self.run("rm", "--cached", "--quiet", "--", *new)
            raise
        finally:
            Path(message_file).unlink(missing_ok=True)
        return self.head() or ""

    def commit_all(self, message: str, identity: Identity, when: dt.datetime) -> str:
        """Commit every file of the work tree (a new repository's first commit)."""
        self.run("add", "--all")
        self.run("commit", "--quiet", "-m", message, env=self._commit_env(identity, when))
        return self.head() or ""

    def after_commit(self, path: Path) -> tuple[str | None, bool]:
        """What HEAD holds for a just-committed path, and whether the work tree still differs.

        A hook that re-staged the file leaves git's index at the version before the hook: it is set
        to HEAD's again (the path was clean before the commit, so nothing of the user's is lost).
        """
        relative = self.relative(path)
        status = self.run("status", "--porcelain=v1", "--", relative)
        index_differs = status[:1] not in ("", " ")
        worktree_differs = status[1:2] not in ("", " ")
        if index_differs:
            self.run("reset", "-q", "--", relative)
            status = self.run("status", "--porcelain=v1", "--", relative)
            worktree_differs = bool(status.strip())
        try:
            text = self.run("show", f"HEAD:{relative}")
        except GitError:
            text = None
        return text, worktree_differs

    def _commit_only(self, *args: str, env: dict[str, str]) -> None:
        """Run `git commit`; a refusal says whether the repository's own hooks refused it."""
        try:
            self.repo.git.execute(
                ["git", "-c", "core.quotePath=false", "commit", *args],
                env=env,
                stdout_as_string=True,
            )
        except self._git.GitCommandError as exc:
            output = "\n".join(
                part.strip().removeprefix("stderr:").removeprefix("stdout:").strip(" '\n")
                for part in (exc.stderr or "", exc.stdout or "")
                if part and part.strip()
            )
            hooks = [name for name in ("pre-commit", "commit-msg") if self._hook(name)]
            detail = f"：{output}" if output else f"（退出码 {exc.status}）"
            if hooks:
                raise _error(
                    f"git 没有完成提交，可能是仓库的 {'、'.join(hooks)} 钩子拒绝了它{detail}",
                    "按钩子的说明修改后重试（钩子在 .git/hooks 或 core.hooksPath 指定的目录中）",
                ) from None
            raise _error(f"git 没有完成提交{detail}", "按上面 git 的说明处理后重试") from None

    def git_path(self, name: str) -> Path:
        """Where git keeps `name` of this clone (hooks, shallow, …), core.hooksPath and worktrees heeded."""
        where = self.run("rev-parse", "--git-path", name).strip()
        return Path(where) if os.path.isabs(where) else self.top / where

    def _hook(self, name: str) -> bool:
        """The repository has this hook, ready to run."""
        try:
            path = self.git_path(f"hooks/{name}")
        except GitError:
            return False
        return path.is_file() and os.access(path, os.X_OK)
