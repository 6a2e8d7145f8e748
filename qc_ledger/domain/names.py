"""Names people type resolved to records: ids, units, groups and tasks, with the nearest names when
nothing matches; and the one natural sort order of ids and file names."""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
from collections.abc import Callable

from ..errors import UsageError
from .ledger import Ledger
from .models import Group, Measure, Task


def natural_key(text: str) -> tuple:
    """Sort key that puts g1-t2 before g1-t10 (and g2.yaml before g10.yaml)."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


_TAIL = re.compile(r"(.*?)(\d+)").fullmatch
_ASCII_DIGITS = "0123456789"


def _split_tail(text: str) -> tuple[str, int] | None:
    """What precedes a text's trailing number and the number, as `_TAIL` splits it, or None.

    Stripping ASCII digits splits ids (ASCII by rule) several times faster than the pattern;
    a digit of another script before them, or instead of them, is left to the pattern."""
    head = text.rstrip(_ASCII_DIGITS)
    if len(head) == len(text) or head[-1:].isdecimal():
        found = _TAIL(text)
        return None if found is None else (found[1], int(found[2]))
    return head, int(text[len(head) :])


_LAST = re.compile(r"(.*\D|)(\d+)(\D*)").fullmatch  # before the last number, it, after it


class _HeadKeys(dict):
    """`natural_key` of texts, each made from the key of what precedes its last number (kept too):
    a province's ids share their group's and task's parts (p12-t3-m from p12-t)."""

    def __missing__(self, text: str) -> tuple:
        found = _LAST(text)
        key = self[text] = (text,) if found is None else (*self[found[1]], int(found[2]), found[3])
        return key


def natural_keys(texts: list[str]) -> list[tuple]:
    """`natural_key` of each text; what precedes a trailing number worked out once for all the
    texts that share it (a task's measures: p1-t1-m1, p1-t1-m2, …)."""
    heads = _HeadKeys()
    keys = []
    for text in texts:
        found = _split_tail(text)
        if found is None:
            keys.append(natural_key(text))
            continue
        known = heads[found[0]]
        # The number splits off as natural_key splits it: the number, then the empty rest.
        keys.append((*known, found[1], ""))
    return keys


def in_natural_order(texts: list[str]) -> bool:
    """Whether the texts are already in `natural_key` order (each no greater than the next), as
    `natural_keys` would tell: a text that shares what precedes its trailing number with the one
    before (a task's measures) compares by that number alone, and no key is kept."""
    heads = _HeadKeys()
    last_head, last_key, last_number = None, (), 0
    for text in texts:
        found = _split_tail(text)
        if found is None:
            keys = natural_keys(texts)
            return all(map(operator.le, keys, keys[1:]))
        head, number = found
        if head == last_head:
            if number < last_number:
                return False
        else:
            known = heads[head]
            # As `natural_keys` makes them: the head's key, the number, then the empty rest.
            if last_head is not None and (*known, number, "") < (*last_key, last_number, ""):
                return False
            last_head, last_key = head, known
        last_number = number
    return True


def lookup(ledger: Ledger, record_id: str) -> Group | Task | Measure:
    """The group, task or measure with this id, or a usage error naming the closest ids."""
    # Ids are ASCII lower case: full-width letters and capitals typed by an input method fold to them.
    key = unicodedata.normalize("NFKC", record_id).strip().lower()
    if key in ledger.groups:
        return ledger.groups[key]
    if key in ledger.tasks:
        return ledger.tasks[key]
    if key in ledger.measures:
        return ledger.measures[key][1]
    near = difflib.get_close_matches(key, ledger.all_ids(), n=5, cutoff=0.5) if key else []
    hint = f"最接近的编号：{'、'.join(near)}" if near else "用 ledger list 查看所有措施编号"
    raise UsageError.single(f"没有编号为“{record_id}”的工作组、任务或措施", hint=hint)


def unit_argument(ledger: Ledger, name: str) -> str:
    """A unit named on the command line (alias allowed) as its canonical name."""
    found = ledger.registry.resolve(name)
    if found is not None:
        return found.canonical
    near = ledger.registry.suggest(name)
    hint = f"最接近的已登记单位：{'、'.join(near)}" if near else "用 ledger units 查看已登记的单位"
    raise UsageError.single(f"未登记的单位“{name}”", hint=hint)


def unit_arguments(ledger: Ledger, names: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Several units named on the command line, canonical, each once, in the order given."""
    return tuple(dict.fromkeys(unit_argument(ledger, name) for name in names or ()))


def find_group(ledger: Ledger, text: str) -> Group:
    """The group with this id, short name or name; else a usage error with the nearest groups."""
    key = text.strip()
    for group in ledger.groups.values():
        if key in (group.id, group.short_name, group.name):
            return group
    if key in ledger.tasks or key in ledger.measures:
        kind = "任务" if key in ledger.tasks else "措施"
        group_id = (ledger.tasks.get(key) or ledger.measures[key][0]).group
        raise UsageError.single(
            f"“{key}”是{kind}编号，不是工作组",
            hint=f"它属于工作组 {group_id}；按任务筛选用 --task，查看一项用 ledger show {key}",
        )
    names = {group.id: group for group in ledger.groups.values()}
    for group in ledger.groups.values():
        names[group.short_name] = group
    near = difflib.get_close_matches(key.lower(), list(names), n=3, cutoff=0.4)
    shown = list(dict.fromkeys(f"{names[n].id}（{names[n].short_name}）" for n in near))
    everything = "、".join(f"{g.id}（{g.short_name}）" for g in ledger.groups.values())
    hint = f"最接近的工作组：{'、'.join(shown)}" if shown else f"已有的工作组：{everything}"
    raise UsageError.single(f"没有工作组“{key}”", hint=hint)


def find_task(ledger: Ledger, text: str) -> Task:
    """The task with this id or title; else a usage error with the nearest task ids."""
    key = text.strip()
    if key in ledger.tasks:
        return ledger.tasks[key]
    for task in ledger.tasks.values():
        if key == task.title:
            return task
    if key in ledger.measures:
        task = ledger.measures[key][0]
        raise UsageError.single(
            f"“{key}”是措施编号，不是任务",
            hint=f"它属于任务 {task.id}；查看这项措施用 ledger show {key}",
        )
    if key in ledger.groups:
        ids = "、".join(task.id for task in ledger.tasks_of(key))
        raise UsageError.single(
            f"“{key}”是工作组编号，不是任务",
            hint=f"按工作组筛选用 --group {key}；该组的任务：{ids}",
        )
    near = difflib.get_close_matches(key.lower(), list(ledger.tasks), n=3, cutoff=0.5)
    titles = {task.title: task.id for task in ledger.tasks.values()}
    near += [titles[t] for t in difflib.get_close_matches(key, list(titles), n=3, cutoff=0.5)]
    near = list(dict.fromkeys(near))[:5]
    hint = (
        f"最接近的任务：{'、'.join(f'{t}（{ledger.tasks[t].title}）' for t in near)}"
        if near
        else "用 ledger show 工作组编号（如 ledger show g1）查看其任务"
    )
    raise UsageError.single(f"没有任务“{key}”", hint=hint)


def listed(
    values: tuple[str, ...] | list[str], one: Callable[[str], str], option: str, example: str
) -> tuple[str, ...]:
    """Values given repeated or comma-separated, each read by `one`, each kept once; none: an error."""
    found: list[str] = []
    for value in values:
        for part in re.split(r"[,，、]", value):
            if part.strip():
                item = one(part)
                if item not in found:
                    found.append(item)
    if not found:
        raise UsageError.single(f"{option} 的值不能为空", hint=f"例如 {option} {example}")
    return tuple(found)
