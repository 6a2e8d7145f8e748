"""The one definition of each headline figure, used by status, report, site, federate and exports.

完成率 is the done measures over the measures not cancelled; 平均进度 and 序时进度 are means over the
measures not cancelled; every percentage is rounded half up to a whole number. Pure.
"""

from __future__ import annotations


def percent_of(part: int | float, whole: int | float) -> int:
    """`part` as a whole percentage of `whole`, rounded half up (0 when `whole` is 0)."""
    if not whole:
        return 0
    # In integers where possible: 0.315 × 100 is 31.499… in floating point.
    if isinstance(part, int) and isinstance(whole, int):
        return (200 * part + whole) // (2 * whole)
    return int(part * 100 / whole + 0.5)


def done_rate(done: int, measures: int, cancelled: int) -> int:
    """完成率: the done measures as a percentage of the measures not cancelled."""
    return percent_of(done, measures - cancelled)


def mean(values_sum: int | float, count: int) -> int:
    """A mean (of progress, of expected progress) rounded half up to a whole number."""
    if not count:
        return 0
    if isinstance(values_sum, int):
        return (2 * values_sum + count) // (2 * count)
    return int(values_sum / count + 0.5)
