"""JSON Schema for each kind of data file, generated from the models and the unit registry, so that
editors explain every field in Chinese and flag a misspelt unit as it is typed.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..domain.models import MODEL_FOR_KIND, STATUSES
from ..domain.schema_docs import MODEL_DOCS, field_doc
from ..vocabulary import STATUS_LABELS, field_label

SCHEMA_DIR = "schemas"
TITLES = {
    "plan": "实施方案（data/plan.yaml）",
    "units": "单位名录（data/units.yaml）",
    "rules": "预警规则（data/rules.yaml）",
    "policy": "修改权限（data/policy.yaml）",
    "office": "统筹办工作记录（data/office.yaml）",
    "federation": "多个台账的联合视图（federation.yaml，ledger federate --file）",
    "group": "工作组（data/groups/*.yaml）",
    "task": "工作任务及其措施（data/tasks/*.yaml）",
}
# Fields that name a unit: the schema offers the registered names there.
UNIT_FIELDS = {
    ("Measure", "lead_unit"),
    ("Measure", "cooperating_units"),
    ("Group", "lead_unit"),
    ("Group", "member_units"),
    ("CoordinationOffice", "host_unit"),
    ("ResponsibilityList", "unit"),
    ("WorkTeam", "unit"),
    ("WorkPlan", "unit"),
    ("Inspection", "units"),
    ("PolicyRequest", "unit"),
    ("Reminder", "unit"),
}
_KIND_OF_MODEL = {"Unit": "unit", "Rules": "rules", "Federation": "federation"}


def registered_names(root: Path) -> list[tuple[str, str]]:
    """Every name the registry accepts with what an editor shows beside it: canonical names, then
    aliases marked as such. Read from data/units.yaml."""
    from ..errors import DataError
    from ..load.filecheck import check_file

    checked = check_file(root / "data" / "units.yaml", "units", root)
    if checked.record is None:
        raise DataError(checked.problems)
    units = checked.record.units
    return (
        [(unit.name, f"规范名称（{unit.kind}）") for unit in units]
        + [
            (alias, f"别名，不推荐：规范名称是“{unit.name}”，ledger fmt 会换成它")
            for unit in units
            for alias in unit.aliases
        ]
        + [
            (unit.short_name, f"简称，不推荐：规范名称是“{unit.name}”，ledger fmt 会换成它")
            for unit in units
            if unit.short_name and unit.short_name not in (unit.name, *unit.aliases)
        ]
    )


def generate(root: Path) -> dict[str, str]:
    """Return file name -> JSON Schema text for every kind of data file."""
    names = registered_names(root)
    out: dict[str, str] = {}
    for kind, model in MODEL_FOR_KIND.items():
        schema = model.model_json_schema()
        definitions = schema.setdefault("$defs", {})
        names_units = _document(model.__name__, schema)
        for name, definition in definitions.items():
            names_units |= _document(name, definition)
        if names_units:
            definitions["UnitName"] = _unit_enum(names)
        definitions = {key: definitions[key] for key in sorted(definitions)}
        if definitions:
            schema["$defs"] = definitions
        else:
            schema.pop("$defs")
        schema["title"] = TITLES[kind]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def _unit_enum(names: list[tuple[str, str]]) -> dict:
    return {
        "title": "单位名称",
        "description": "单位名录（data/units.yaml）中登记的名称；别名可用，但 ledger fmt 会换成规范名称",
        "type": "string",
        "enum": [name for name, _ in names],
        # What the YAML language server shows beside each name, so canonical names stand out.
        "enumDescriptions": [shown for _, shown in names],
    }


def _document(model_name: str, schema: dict) -> bool:
    """Give a model's schema and each property a Chinese title, description and example.

    Returns whether a property names a unit (the schema then needs the registered names).
    """
    if "properties" not in schema:
        return False
    names_units = False
    if model_name in MODEL_DOCS:
        schema["description"] = MODEL_DOCS[model_name]
    kind = _KIND_OF_MODEL.get(model_name)
    for field, prop in schema["properties"].items():
        prop["title"] = field_label(field, kind)
        doc = field_doc(model_name, field)
        if doc is not None and "description" not in prop:
            prop["description"] = doc[0]
        if doc is not None and doc[1] not in (None, [], {}):
            prop["examples"] = [doc[1]]
        if (model_name, field) in UNIT_FIELDS:
            _point_to_units(prop)
            names_units = True
        if _is_status(prop):
            _label_statuses(prop)
    return names_units


def _point_to_units(prop: dict) -> None:
    reference = "#/$defs/UnitName"
    if prop.get("type") == "array":
        prop["items"] = {"$ref": reference}
    else:
        for key in ("type", "maxLength", "minLength"):
            prop.pop(key, None)
        # Beside the field's own title, not under allOf: the YAML language server shows the first
        # title it meets and meets an allOf's target first, so hovering showed 单位名称, not the field.
        prop["$ref"] = reference


def _is_status(prop: dict) -> bool:
    options = prop.get("anyOf", [prop])
    return any(option.get("enum") == list(STATUSES) for option in options)


def _label_statuses(prop: dict) -> None:
    for option in prop.get("anyOf", [prop]):
        if option.get("enum") == list(STATUSES):
            # enumDescriptions is what the YAML language server shows beside each value.
            option["enumDescriptions"] = [f"{STATUS_LABELS[s]}（{s}）" for s in STATUSES]
    labels = "、".join(f"{value}（{label}）" for value, label in STATUS_LABELS.items())
    prop["description"] = f"{prop.get('description', '状态')}。可选值：{labels}"


def stale_schemas(root: Path) -> list[str]:
    """Return the schema files under root/schemas that differ from the models (or are missing)."""
    folder = root / SCHEMA_DIR
    return [
        name
        for name, text in generate(root).items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
