"""`ledger accounts`: the platform accounts review recognises, listed and registered."""

from __future__ import annotations

from typing import Annotated

import typer

from ..base import _session, app, guarded
from ..helptext import HelpGroup, LedgerTyper
from ..writing import AuthorOption, CommitOption, DryRunOption, out, show_outcome

accounts_app = LedgerTyper(
    cls=HelpGroup,
    help="账号：review 按平台登录名（@登录名）或提交邮箱认人，统筹办的在 data/policy.yaml，单位的在 data/units.yaml。"
    "\n\n例：ledger accounts list；ledger accounts add <登录名> --unit 区教育局",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(accounts_app, name="accounts")


@accounts_app.command("list")
@guarded
def list_accounts(ctx: typer.Context) -> None:
    """列出已登记的账号及其所属（统筹办或单位）；还没有统筹办账号时说明下一步。

    例：ledger accounts list
    """
    from ...usecases.accounts import accounts, setup_state

    ledger = _session(ctx).load(cached=True)
    for account in accounts(ledger):
        out(f"{account.party}\t{account.account}")
    state = setup_state(ledger)
    if state:
        out(state)


@accounts_app.command("add")
@guarded
def add(
    ctx: typer.Context,
    account: Annotated[
        str, typer.Argument(metavar="NAME", help="平台登录名（@登录名，可不写 @）或提交邮箱。")
    ],
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", "-u", metavar="UNIT", help="单位联系人的账号；不给时登记为统筹办的账号。"
        ),
    ] = None,
    commit: CommitOption = False,
    author: AuthorOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """登记一个账号：不给 --unit 时是统筹办的（写入 data/policy.yaml），给出时是该单位联系人的（data/units.yaml）。

    例：ledger accounts add <统筹办的登录名> --commit；ledger accounts add <登录名> --unit 区教育局
    """
    from ...usecases.accounts import register

    session = _session(ctx)
    ledger = session.load(cached=True)
    outcome = register(
        ledger, account, unit, session.write_options(author, commit=commit, dry_run=dry_run)
    )
    show_outcome(outcome, ledger.root, [outcome.message], subject=outcome.message)
