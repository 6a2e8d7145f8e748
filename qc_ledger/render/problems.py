"""Problems as text for people and as data for scripts and CI. Standard library only."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .safe import one_line, visible

SEVERITY_LABELS = {"error": "错误", "warning": "提示"}


def problem_lines(problem: Problem, root: Path | None) -> list[str]:
    """Render one problem as `file:line:col: 错误：message` plus an indented hint."""
    where = one_line(problem.location(root))
    head = f"{where}: " if where else ""
    label = SEVERITY_LABELS.get(problem.severity, problem.severity)
    lines = [f"{head}{label}：{visible(problem.message)}"]
    if problem.hint:
        lines.append(f"  → {visible(problem.hint)}")
    return lines


def problems_text(problems: list[Problem], root: Path | None) -> str:
    """Render problems one after another, errors first, each with its hint."""
    # Files in the order they were checked; within a file, by line (a summary without one last).
    first = {}
    for index, problem in enumerate(problems):
        first.setdefault(problem.path, index)
    ordered = sorted(
        problems,
        key=lambda p: (
            p.severity != "error",
            first[p.path],
            p.line if p.line is not None else float("inf"),
            p.column or 0,
        ),
    )
    return "\n".join(line for problem in ordered for line in problem_lines(problem, root)) + "\n"


def summary_line(problems: list[Problem], files: int) -> str:
    """One line counting errors and warnings."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        return f"台账未通过校验：{errors} 个错误，{warnings} 个提示（共 {files} 个文件）。"
    if warnings:
        return f"台账通过校验（{files} 个文件），另有 {warnings} 个提示。"
    return f"台账通过校验：{files} 个文件，无错误。"


def _property(value: str) -> str:
    """A workflow-command property: %, CR, LF, ":" and "," escaped as GitHub requires."""
    escaped = visible(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escaped.replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem], root: Path | None) -> str:
    """Render problems as GitHub Actions workflow commands (they become inline annotations)."""
    out = []
    for problem in problems:
        level = "error" if problem.severity == "error" else "warning"
        parts = []
        if problem.path is not None:
            parts.append(f"file={_property(problem.file(root))}")
        if problem.line is not None:
            parts.append(f"line={problem.line}")
        if problem.column is not None:
            parts.append(f"col={problem.column}")
        message = visible(problem.message + (f"（{problem.hint}）" if problem.hint else ""))
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        out.append(f"::{level} {','.join(parts)}::{message}")
    return "\n".join(out) + ("\n" if out else "")


def code_quality(problems: list[Problem], root: Path | None) -> str:
    """Render problems as a GitLab Code Quality report (JSON), shown inline in merge requests."""
    import hashlib
    import json

    report = []
    seen: dict[str, int] = {}
    for problem in problems:
        where = problem.file(root) or "data"
        message = visible(problem.message + (f"（{problem.hint}）" if problem.hint else ""))
        # GitLab tells new findings from old by the fingerprint: no line or column in it, so a
        # finding stays itself when lines above it move; the same one twice in a file by its order.
        key = f"{where}:{problem.code}:{problem.message}"
        seen[key] = seen.get(key, 0) + 1
        identity = f"{key}:{seen[key]}"
        report.append(
            {
                "description": message,
                "check_name": problem.code,
                "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                "severity": "major" if problem.severity == "error" else "minor",
                "location": {"path": where, "lines": {"begin": problem.line or 1}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
