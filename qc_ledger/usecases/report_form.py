"""A progress-report issue taken end to end: who sent it, the form's checks, the update, the review.

Every outcome is a value the caller answers with: accepted, refused by a form check (a UsageError),
refused by the policy (a review that did not allow it). Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..collab.forms import parse
from ..collab.review import ReviewReport
from ..domain.ledger import Ledger
from ..errors import Problem, UsageError
from .outcome import Outcome, WriteOptions
from .update import update


@dataclass(frozen=True)
class FormReport:
    """A report applied: the measure, the update's outcome and, when committed, its review."""

    measure_id: str
    outcome: Outcome
    review: ReviewReport | None = None
    withdrawn: bool = False  # refused by the policy: the commit was taken back, nothing landed

    @property
    def allowed(self) -> bool:
        """The policy lets the reporter make this change (or it was not reviewed)."""
        return self.review is None or self.review.allowed


def check_sender(login: str | None, sender: str | None) -> None:
    """Refuse a body last written by someone other than the issue's author: it speaks for no one."""
    if login and sender and sender.lstrip("@").lower() != login.lstrip("@").lower():
        raise UsageError(
            [
                Problem(
                    f"议题内容由 {sender} 修改过，不是报送人 {login} 本人：不能按它更新台账",
                    hint="请报送人本人编辑议题（或重新提交一份报送），机器人会重新检查",
                    code="form",
                )
            ]
        )


def apply_report(
    ledger: Ledger,
    body: str,
    *,
    today: dt.date,
    options: WriteOptions,
    login: str | None = None,
    sender: str | None = None,
) -> FormReport:
    """Check the sender and the form, apply the update and, once committed, review it as `login`."""
    check_sender(login, sender)
    measure_id, request = parse(body, ledger)
    outcome = update(ledger, measure_id, request, today=today, options=options)
    if not outcome.sha or not login:
        return FormReport(measure_id, outcome)
    from .review import review_branch

    report = review_branch(ledger.root, f"{outcome.sha}~1", outcome.sha, (login,))
    if report.allowed:
        return FormReport(measure_id, outcome, report)
    _withdraw(ledger.root, outcome.sha)
    return FormReport(measure_id, outcome, report, withdrawn=True)


def _withdraw(root, sha: str) -> None:
    """A refused report leaves no commit behind: the one just made is taken back, under the lock."""
    from ..git.lock import ledger_lock
    from ..git.repo import LedgerRepo

    with ledger_lock(root):
        repo = LedgerRepo(root)
        try:
            repo.withdraw(sha)
        finally:
            repo.close()
