"""The one error hierarchy: every problem carries its location, a hint and an exit code.

Imports nothing from the rest of the package and no third-party library.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

# Exit codes of `ledger`: 0 done, 1 the ledger's data (or a check) fails, 2 the command line is wrong;
# the others follow the BSD sysexits (70 a defect, 75 busy: nothing done, run it again) and the
# shells' 128 + SIGINT for an interrupted command.
EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_BUSY = 75
EXIT_INTERRUPTED = 130

# Every `Problem.code`, with what it means: the codes are part of `validate --format json` and of CI
# annotations, so a code is added here before it is used (a test holds the package to this list).
PROBLEM_CODES = {
    # The file as text and as YAML
    "file": "文件无法读取、过大、编码不对或无法写入",
    "missing_file": "缺少必需的文件或 data/ 目录",
    "empty_file": "文件是空的",
    "not_a_mapping": "文件或字段应为“字段名: 值”的映射",
    "syntax": "YAML 语法错误",
    "merge_conflict": "文件中留有合并冲突标记",
    "invisible_char": "文件中有看不见的控制字符",
    "tab_indent": "用制表符缩进",
    "fullwidth_space": "用全角空格缩进",
    "fullwidth_colon": "字段名后用了全角冒号",
    "no_space_after_colon": "冒号后缺空格",
    "fullwidth_comma": "方括号列表中用了全角逗号",
    "comment_in_value": "值中的“ #”被当作注释截断",
    "long_line": "行过长",
    "stray_file": "数据目录中有台账不读取的文件",
    # Fields of one record
    "unknown_field": "未知字段",
    "missing_field": "缺少必填字段",
    "empty": "字段没有填写内容",
    "bad_type": "字段的类型不对",
    "needs_quotes": "文字未加引号，被读成了数字、日期或真假值",
    "bad_value": "字段的值无效（不在可选值中，或日期不存在）",
    "out_of_range": "数值超出范围",
    "too_long": "文字过长",
    "bad_id": "编号格式不对",
    "personal_data": "记录中有个人信息（如手机号、身份证号）",
    "invalid": "记录未通过校验（其他情形）",
    # Rules of a measure and across files
    "status_progress": "状态与进度不一致",
    "status_unlogged": "状态的改变没有进展记录",
    "cancelled_without_reason": "取消措施没有说明理由",
    "done_without_proof": "标记为已完成，却没有完成说明或佐证材料",
    "date_before_plan": "日期早于实施期开始",
    "date_in_future": "日期晚于今天",
    "deadline_history": "完成时限调整记录前后不连贯",
    "deadline_unlogged": "完成时限与最后一次调整记录不一致",
    "deadline_out_of_period": "完成时限不在实施期内",
    "milestone_out_of_span": "节点不在措施的开始与完成时限之间",
    "milestone_order": "节点没有按日期从早到晚排列",
    "milestone_progress": "节点的应达进度比之前的节点低",
    "duplicate_id": "编号重复",
    "duplicate_unit": "单位名称或别名重复登记",
    "file_name": "编号与文件名不一致",
    "unknown_group": "未知的工作组",
    "unknown_unit": "未登记的单位",
    "unknown_id": "引用了不存在的编号",
    "normalise": "用了别名或非规范写法（警告，可用 ledger fmt 规范）",
    # Progress notes worth reading (纸面销号; warnings, thresholds in rules.yaml note_quality)
    "note_boilerplate": "进展是套话或过短，没有数字、日期、文号或成果（警告）",
    "note_copied": "进展与上一期或其他单位同期的进展几乎相同（警告）",
    "note_jump": "进度一次大幅提高而没有新的佐证材料（警告）",
    "note_no_problems": "亮红灯或逾期的措施，最近一次进展没有写存在问题和下步计划（警告）",
    # Commands that change the ledger
    "confirm": "需要确认的修改（加 --yes 或在提示时确认）",
    "busy": "台账正被另一个命令修改",
    "stale_lock": "上次的台账锁没有释放，已清除（警告）",
    "git": "git 拒绝了操作，或提交后的检查出错",
    "hook": "提交钩子改动了文件",
    "interrupted": "命令被中断",
    "internal": "qc-ledger 内部错误",
    "form": "议题表单的内容无法读取",
    "workbook_scope": "交回的工作簿不是导出给这个单位的",
    "closing_state": "办结申请的状态不允许这样做（没有待审核的申请，或已在等待审核）",
    "receipt_unit": "签收的单位不是这项工作的牵头或配合单位",
    "done_unapproved": "closing.approval 为 true 时标为已完成，却没有统筹办审核办结的记录",
    "config": "个人设置文件损坏，或没有保存它的目录",
    # Reading a plan document (ledger init --from-plan)
    "init_missing": "方案原文中的一段任务文字没有收进台账",
    "init_added": "台账中的措施文字不出自方案原文",
    # An interrupted change settled by the next command
    "recovered": "上次被中断的修改已由本命令完成或撤回（警告）",
    "changed_meanwhile": "确认期间台账被其他命令修改，没有照原来的确认执行",
    # Sending reminders (ledger reminders --send)
    "send_config": "发送催办的设置（环境变量）缺失或无效",
    "delivery": "催办邮件或群消息没有送达",
}


@functools.lru_cache(maxsize=4096)
def _shown_path(path: Path, root: Path | None) -> str:
    """A file's path as messages show it: relative to root when inside it (asked once per file)."""
    if root is None:
        return path.as_posix()
    try:
        # Resolve the folder only: a symbolic link is shown as itself, not as its target.
        return (_resolved(path.parent) / path.name).relative_to(_resolved(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _resolved(folder: Path) -> Path:
    """A folder resolved; an absolute one once: a province's warnings name thousands of files in a
    few folders, and resolving walks every component with a system call."""
    return _resolved_absolute(folder) if folder.is_absolute() else folder.resolve()


@functools.lru_cache(maxsize=1024)
def _resolved_absolute(folder: Path) -> Path:
    return folder.resolve()


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth normalising) at one place in one file."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"
    code: str = "invalid"  # one of PROBLEM_CODES

    def location(self, root: Path | None = None) -> str:
        """Return `file:line:column` (as much of it as is known), relative to root when possible."""
        if self.path is None:
            return ""
        text = _shown_path(self.path, root)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def file(self, root: Path | None = None) -> str | None:
        """The file alone, relative to root when possible (a name may itself hold a colon)."""
        if self.path is None:
            return None
        return Problem(self.message, self.path).location(root)

    def as_dict(self, root: Path | None = None) -> dict:
        """Return the problem as plain JSON-ready data."""
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file(root),
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(eq=False)
class LedgerError(Exception):
    """Base of every error the ledger raises on purpose; the CLI turns it into text and an exit code."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_DATA

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems)

    @classmethod
    def single(cls, message: str, *, hint: str | None = None, **where) -> LedgerError:
        """Build the error from one problem."""
        return cls([Problem(message, hint=hint, **where)])


class DataError(LedgerError):
    """The ledger's files are wrong: exit 1."""


class UsageError(LedgerError):
    """The command line is wrong: exit 2."""

    def __init__(self, problems: list[Problem] | None = None, exit_code: int = EXIT_USAGE):
        super().__init__(problems or [], exit_code)


class RootNotFound(UsageError):
    """No ledger folder could be found from where the command was run."""


class GitError(LedgerError):
    """The git repository refuses the operation; nothing was changed."""


class DeliveryError(LedgerError):
    """Some reminders did not reach their recipients (mail server or group bot refused or failed)."""
