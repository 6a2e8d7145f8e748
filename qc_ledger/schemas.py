"""JSON Schema for each kind of data file, generated from the models, so editors can check YAML."""

from __future__ import annotations

import json
from pathlib import Path

from .models import MODEL_FOR_KIND

SCHEMA_DIR = "schemas"
TITLES = {
    "plan": "实施方案（data/plan.yaml）",
    "units": "单位名录（data/units.yaml）",
    "rules": "预警规则（data/rules.yaml）",
    "group": "工作组（data/groups/*.yaml）",
    "task": "工作任务及其措施（data/tasks/*.yaml）",
}


def generate() -> dict[str, str]:
    """Return file name -> JSON Schema text for every kind of data file."""
    out: dict[str, str] = {}
    for kind, model in MODEL_FOR_KIND.items():
        schema = model.model_json_schema()
        schema["title"] = TITLES[kind]
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def stale_schemas(root: Path) -> list[str]:
    """Return the schema files under root/schemas that differ from the models (or are missing)."""
    folder = root / SCHEMA_DIR
    return [
        name
        for name, text in generate().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def write_schemas(root: Path) -> list[str]:
    """Write every schema under root/schemas; return the names written."""
    from .files import write_atomic

    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in generate().items():
        write_atomic(folder / name, text)
        written.append(name)
    return written
