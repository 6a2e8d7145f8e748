"""Command-line parsing errors said in Chinese: what is wrong, the nearest option or command, where to read."""

from __future__ import annotations

import difflib
import re


def usage_message(exc: Exception) -> tuple[str, str]:
    """Translate a command-line parsing error into a Chinese message and a hint."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "ledger"
    help_hint = f"运行 {command} --help 查看用法"
    kind = type(exc).__name__
    text = str(getattr(exc, "message", exc))
    if kind == "NoSuchOption":
        near = sorted(getattr(exc, "possibilities", None) or [])
        return f"没有“{exc.option_name}”这个选项", (
            f"是不是想用：{'、'.join(near)}？" if near else help_hint
        )
    param = getattr(exc, "param", None)
    name = _param_hint(param, ctx)
    if kind == "MissingParameter":
        return f"缺少{name}", help_hint
    if kind == "BadParameter" and param is not None:
        choices = getattr(param.type, "choices", None)
        if choices:
            return f"{name} 的值无效", f"可选值：{'、'.join(str(c) for c in choices)}"
        if "is not a valid integer" in text:
            return f"{name} 应为整数", help_hint
        if "is not in the range" in text:
            bounds = text.split("is not in the range", 1)[1].strip(" .")
            low = re.search(r"x>=(-?\d+)", bounds)
            high = re.search(r"x<=(-?\d+)", bounds) or re.search(r"<=(-?\d+)$", bounds)
            allowed = "，".join(
                part
                for part in (
                    f"不小于 {low.group(1)}" if low else "",
                    f"不大于 {high.group(1)}" if high else "",
                )
                if part
            )
            return f"{name} 超出允许范围", f"应为{allowed or '允许范围内'} 的整数"
        if "does not exist" in text:
            return f"{name} 指定的路径不存在", "检查路径是否写对"
        return f"{name} 的值无效（{text}）", help_hint
    if text.startswith("No such command"):
        wanted = text.split("'")[1] if text.count("'") >= 2 else text
        known = ctx.command.list_commands(ctx) if ctx is not None else []
        near = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
        return f"没有“{wanted}”这个命令", (
            f"是不是想用：{'、'.join(near)}？" if near else f"可用的命令：{'、'.join(known)}"
        )
    if text.startswith("Got unexpected extra argument"):
        extra = text[text.rfind("(") + 1 : text.rfind(")")] if "(" in text else text
        return f"多余的参数：{extra}", help_hint
    if kind == "BadOptionUsage" and "requires an argument" in text:
        return f"选项 {exc.option_name} 后面缺少值", help_hint
    return f"命令用法有误（{text}）", help_hint


def _param_hint(param, ctx) -> str:
    if param is None:
        return "参数"
    if getattr(param, "param_type_name", "") == "argument":
        # The name the help shows for it (措施编号, 编号), never the parser's English placeholder.
        from .helptext import placeholder_word

        return f"参数 {placeholder_word(param.metavar or (param.name or '').upper())}"
    return f"选项 {' / '.join(param.opts)}"
