"""A supervised item (督办件) as files: its task file and, with the first item, the group that holds them.

The group (督办事项) is led by the unit hosting the coordination office and lists no member units;
it is written in the same change as the first item, so data/ holds it only once the office has one.
Nothing is written here: the transaction writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.ledger import Ledger
from ..domain.supervision_models import SUPERVISION_GROUP
from ..errors import DataError
from ..store import yaml as store
from ..vocabulary import SUPERVISION_GROUP_NAME, SUPERVISION_GROUP_SHORT
from .patching import SCHEMA_PREFIX, Edit, MeasureDraft, check_new_text, create_task


def _schema_line(ledger: Ledger, path: Path, kind: str) -> str:
    schema_file = ledger.root / "schemas" / f"{kind}.schema.json"
    if not schema_file.is_file():
        return ""
    return SCHEMA_PREFIX + os.path.relpath(schema_file, path.parent).replace(os.sep, "/") + "\n"


def group_path(ledger: Ledger) -> Path:
    """Where the supervision group's file goes: beside the other groups' files."""
    folders = [ledger.sources[group_id].path.parent for group_id in ledger.groups]
    folder = max(set(folders), key=folders.count) if folders else ledger.root / "data" / "groups"
    return folder / f"{SUPERVISION_GROUP}.yaml"


def supervision_group(ledger: Ledger) -> Edit:
    """The new file of the group that holds the items, led by the coordination office's host unit."""
    office = ledger.plan.coordination_office
    path = group_path(ledger)
    if office is None:
        raise DataError.single(
            "实施方案中没有统筹办（coordination_office），督办事项组不知道由哪个单位牵头",
            path=ledger.sources["@plan"].path,
            hint="在 data/plan.yaml 中写明 coordination_office（name、short_name、director、"
            "host_unit），再新建督办事项",
        )
    fields: dict = {"id": SUPERVISION_GROUP, "name": SUPERVISION_GROUP_NAME}
    fields["short_name"] = SUPERVISION_GROUP_SHORT
    fields["leader"] = {"name": office.director.name, "title": office.director.title}
    fields["lead_unit"] = ledger.registry.canonical(office.host_unit)
    fields["member_units"] = []
    text = _schema_line(ledger, path, "group") + store.dump_new(store.new_map(fields))
    check_new_text(path, text, "group")
    return Edit(path, text, None, "group", SUPERVISION_GROUP)


def create_item(ledger: Ledger, title: str, draft: MeasureDraft, source: dict) -> list[Edit]:
    """The item's task file (call under the lock), and the group's file when it has none yet."""
    # Made by another command since this one loaded: on disk, though not in the ledger read.
    made = SUPERVISION_GROUP in ledger.groups or group_path(ledger).exists()
    edits = [] if made else [supervision_group(ledger)]
    return [*edits, create_task(ledger, SUPERVISION_GROUP, title, [draft], source)]
