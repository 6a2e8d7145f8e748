"""Output formats shared by the report commands: --format, --output, the file's extension, documents."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .base import emit

FORMATS = {
    "table": "终端表格（默认）",
    "json": "JSON，供脚本使用",
    "csv": "CSV（UTF-8 带 BOM，Excel、WPS 可直接打开）",
    "md": "Markdown 表格，可贴进通知",
}
FORMAT_ALIASES = {"markdown": "md", "text": "table", "txt": "table"}
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md", ".txt": "table"}
SHOW_FORMATS = {"table": FORMATS["table"], "json": FORMATS["json"]}


class OutputFormat(StrEnum):
    """Output formats of reports that are tables on screen and nothing else."""

    table = "table"
    json = "json"


FORMAT_HELP = "输出格式：table（表格，默认）、json、csv（UTF-8 带 BOM）或 md（Markdown）。"
OUTPUT_HELP = (
    "写入文件而不是屏幕（UTF-8；CSV 带 BOM）。未给 --format 时按扩展名 .csv/.json/.md 选格式。"
)

FormatOption = Annotated[
    str | None, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help=OUTPUT_HELP, dir_okay=False)
]
KIND_HELP = (
    "来源：plan（方案措施）、instruction（领导批示）、meeting（会议纪要）、proposal（建议提案）、"
    "key_work（重点工作），英文值或中文名；可重复或用逗号分隔，满足其一即可。"
)


def _kinds(incomplete: str) -> list[tuple[str, str]]:
    from .completion import kinds  # on Tab only: a run imports only its command's modules

    return kinds(incomplete)


KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help=KIND_HELP,
        autocompletion=_kinds,
        show_default=False,
    ),
]


def of_kinds(ledger, kinds: list[str] | None):
    """The ledger narrowed to the sources asked for with --kind (the whole ledger without it)."""
    if not kinds:
        return ledger
    from ..domain.kinds import of_kinds as narrowed
    from ..domain.kinds import parse_kinds

    return narrowed(ledger, parse_kinds(kinds))


def _format(value: str | None, output: Path | None, choices: dict[str, str] = FORMATS) -> str:
    """The output format asked for (or implied by the output file's extension)."""
    from ..domain.query import choose

    chosen = None if value is None else choose("--format", value, choices, FORMAT_ALIASES)
    if output is None:
        return chosen or "table"
    implied = SUFFIX_FORMATS.get(output.suffix.lower())
    if implied is None or (chosen is not None and implied != chosen):
        usable: dict[str, str] = {}
        for suffix, name in SUFFIX_FORMATS.items():
            if name in choices:
                usable.setdefault(name, suffix)
        listed = "、".join(f"{suffix}（{name}）" for name, suffix in usable.items())
        if implied is None:
            problem = f"不支持写{output.suffix or '没有扩展名的'}文件（{output.name}）"
        else:
            problem = f"--format {chosen} 与文件扩展名 {output.suffix} 不一致（{output.name}）"
        raise UsageError.single(
            f"{problem}；什么也没有写入", hint=f"文件名的扩展名要与格式一致，可用：{listed}"
        )
    return implied


def _print_table(printer, value, output: Path | None, root: Path | None = None) -> None:
    """Print a Rich rendering to the terminal, or plain text without colour to the file."""
    from ..render.terminal import make_console

    if output is None:
        printer(make_console(), value)
        return
    from ..render.query_tables import plain_text

    emit(plain_text(printer, value), output, root)


def emit_document(document, data, output_format: str | None, out_file: Path | None, root: Path):
    """One office document in the format asked for: a table on screen, Markdown, CSV or JSON."""
    chosen = _format(output_format, out_file)
    if chosen == "json":
        from ..render.jsonout import to_json

        emit(to_json(data), out_file, root)
    elif chosen in ("md", "csv"):
        from ..render.documents import document_csv, document_md

        emit((document_md if chosen == "md" else document_csv)(document), out_file, root)
    else:
        from ..render.document_tables import print_document
        from ..usecases.forked import beside

        _print_table(partial(print_document, beside=beside), document, out_file, root)
