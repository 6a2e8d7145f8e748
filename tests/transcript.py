"""Golden transcripts: command lines with the output and exit code each must give, one file a case.

A transcript is a series of steps. Each step may first change the ledger, then runs one command:

    # 说明（任意多行注释）
    ~ data/tasks/g1-t1.yaml ["deadline: 2024-06-30", "deadline: 2024-02-30"]   replace once
    + data/office.yaml "responsibility_lists: []\\n"                            write a file
    +gb18030 data/units.yaml "..."                                              write in an encoding
    - data/rules.yaml                                                           remove a file
    $ LEDGER_TODAY=2024-03-01 ledger refine --unit 区教育局
    --- stdout
    (what the command prints)
    --- stderr
    (what it prints on stderr)
    --- exit 1

A section whose text has no final newline says so: `--- stdout (no final newline)`. The command
runs with `--root` set to a fresh copy of the ledger (unless it gives `--root` itself), from that
copy's folder; the copy's path is shown as `<root>`. UPDATE_TRANSCRIPTS=1 rewrites every section
below the `$` lines with what the commands print now.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

SECTIONS = ("stdout", "stderr")
NO_NEWLINE = " (no final newline)"


@dataclass
class Step:
    """One command of a transcript, the changes made before it and what it must give."""

    changes: list[str] = field(default_factory=list)
    command: str = ""
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0

    def argv(self) -> tuple[dict[str, str], list[str]]:
        """The environment settings written before `ledger`, and the arguments after it."""
        words = shlex.split(self.command)
        env = {}
        while words and "=" in words[0] and words[0] != "ledger":
            name, value = words.pop(0).split("=", 1)
            env[name] = value
        assert words[:1] == ["ledger"], f"a step runs `ledger`: {self.command}"
        return env, words[1:]


def parse(text: str) -> tuple[list[str], list[Step]]:
    """The comment lines at the top, and the steps, of a transcript's text."""
    comments: list[str] = []
    steps: list[Step] = []
    current = Step()
    section: str | None = None
    lines: list[str] = []

    def close() -> None:
        nonlocal section, lines
        if section is not None:
            name, _, flag = section.partition(" ")
            body = "".join(line + "\n" for line in lines)
            if flag:
                body = body.removesuffix("\n")
            setattr(steps[-1], name, body)
        section, lines = None, []

    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if line.startswith("--- "):
            close()
            marker = line[4:]
            if marker.startswith("exit "):
                steps[-1].exit_code = int(marker[5:])
                current = Step()
            else:
                name = marker.removesuffix(NO_NEWLINE)
                assert name in SECTIONS, f"unknown section: {line}"
                section = name + (" nonl" if marker.endswith(NO_NEWLINE) else "")
        elif section is not None:
            lines.append(line)
        elif line.startswith("$ "):
            if current.command:  # a step written without its sections yet
                current = Step()
            current.command = line[2:]
            steps.append(current)
        elif line.startswith(("~ ", "+", "- ")):
            if current.command:
                current = Step()
            current.changes.append(line)
        elif line.startswith("#") and not steps and not current.changes:
            comments.append(line)
        elif line.strip():
            raise AssertionError(f"not a transcript line: {line!r}")
    close()
    return comments, steps


def _section(name: str, text: str) -> str:
    if not text:
        return f"--- {name}\n"
    if text.endswith("\n"):
        return f"--- {name}\n{text}"
    return f"--- {name}{NO_NEWLINE}\n{text}\n"


def render(comments: list[str], steps: list[Step]) -> str:
    """The text of a transcript (what `parse` reads back)."""
    parts = ["".join(line + "\n" for line in comments)]
    for step in steps:
        parts.append("".join(change + "\n" for change in step.changes))
        parts.append(f"$ {step.command}\n")
        parts.append(_section("stdout", step.stdout) + _section("stderr", step.stderr))
        parts.append(f"--- exit {step.exit_code}\n")
    return "".join(parts)


def apply_change(root: Path, change: str) -> None:
    """Make one `~`, `+` or `-` change to the ledger copy at `root`."""
    head, _, rest = change.partition(" ")
    if head == "-":
        (root / rest).unlink()
        return
    name, _, data = rest.partition(" ")
    path = root / name
    value = json.loads(data)
    if head == "~":
        old, new = value
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name} holds {old!r} {text.count(old)} times"
        path.write_text(text.replace(old, new), encoding="utf-8")
    elif head.startswith("+"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(value.encode(head[1:] or "utf-8"))
    else:
        raise AssertionError(f"unknown change: {change}")


# The clock time a command stamps on what it builds (the dashboard's "生成于"): not the ledger's day.
CLOCK = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} [+-]\d{4}")


def shown(text: str, places: dict[str, str]) -> str:
    """The text with each temporary path replaced by its placeholder (longest first), and the clock."""
    for path, placeholder in sorted(places.items(), key=lambda item: -len(item[0])):
        text = text.replace(path, placeholder)
    return CLOCK.sub("<now>", text)


def updating() -> bool:
    """Whether transcripts are to be rewritten with the output of this run."""
    return bool(os.environ.get("UPDATE_TRANSCRIPTS"))
