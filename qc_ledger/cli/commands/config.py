"""`ledger config`: a user's saved defaults — their unit (list, unit) and how they sign (commits)."""

from __future__ import annotations

from typing import Annotated

import typer

from ...errors import UsageError
from ..base import _session, app, guarded
from ..helptext import HelpGroup, LedgerTyper
from ..writing import out

config_app = LedgerTyper(
    cls=HelpGroup,
    help="个人设置：默认单位（list、unit 默认只看本单位）和默认署名（提交时用），保存在本人的用户目录。",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


def _key(key: str) -> str:
    from ...store.userconfig import KEYS

    if key not in KEYS:
        choices = "、".join(f"{k}（{label}）" for k, label in KEYS.items())
        raise UsageError.single(f"没有“{key}”这项设置", hint=f"可设置的：{choices}")
    return key


@config_app.command("set")
@guarded
def set_value(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(metavar="SETTING", help="unit（默认单位）或 author（默认署名）。")
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help='单位名称，或 "张三 <zhang@example.org>"。')
    ],
) -> None:
    """保存一项个人设置，例如：ledger config set unit 区农业农村局。

    例：ledger config set author "张三 <zhang@example.org>"
    """
    from ...domain.names import unit_argument
    from ...git.repo import parse_author
    from ...store import userconfig

    key = _key(key)
    if key == "unit":
        value = unit_argument(_session(ctx).load(cached=True), value)
    else:
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
            raise UsageError.single(
                "署名中有控制字符（例如换行、制表符），git 不接受这样的署名；没有保存",
                hint='写作 "张三" 或 "张三 <zhang@example.org>"',
            )
        name, _email = parse_author(value)
        if not name:
            raise UsageError.single(
                "署名不能为空", hint='写作 "张三" 或 "张三 <zhang@example.org>"'
            )
    values = userconfig.load()
    values[key] = value
    path = userconfig.save(values)
    out(f"已保存：{userconfig.KEYS[key]} = {value}（{path}）")


@config_app.command("unset")
@guarded
def unset_value(
    key: Annotated[str, typer.Argument(metavar="SETTING", help="unit 或 author。")],
) -> None:
    """删除一项个人设置。

    例：ledger config unset unit
    """
    from ...store import userconfig

    key = _key(key)
    values = userconfig.load()
    values.pop(key, None)
    userconfig.save(values)
    out(f"已删除：{userconfig.KEYS[key]}")


@config_app.command("show")
@guarded
def show_values() -> None:
    """显示个人设置和保存的位置。

    例：ledger config show
    """
    from ...store import userconfig

    values = userconfig.load()
    out(f"设置文件：{userconfig.config_path() or '（无）'}")
    for key, label in userconfig.KEYS.items():
        out(f"  {key}（{label}）：{values.get(key, '未设置')}")
