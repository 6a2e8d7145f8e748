"""The installed package: every subpackage listed, and the plan shipped so `ledger demo` works anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

from conftest import REPO

SHIPPED = {"qc_ledger.plan.data": "data", "qc_ledger.plan.schemas": "schemas"}


def _setuptools() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_subpackage_and_the_shipped_plan_are_listed():
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "qc_ledger").rglob("__init__.py")
    }
    config = _setuptools()
    assert sorted(config["packages"]) == sorted(found | set(SHIPPED))
    assert config["package-dir"] == SHIPPED


def test_demo_runs_outside_any_ledger_from_a_non_editable_install(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # A real build and install of this checkout; the dependencies come from the test's own
    # environment (added after the install, so that pip never sees or touches its editable copy).
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    Path(site, "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    installed = Path(site, "qc_ledger")
    for folder in SHIPPED.values():
        copied = installed / "plan" / folder
        expected = {p.relative_to(REPO / folder) for p in (REPO / folder).rglob("*") if p.is_file()}
        assert {p.relative_to(copied) for p in copied.rglob("*") if p.is_file()} == expected

    empty = tmp_path / "空目录"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("LEDGER_ROOT", "PYTHONPATH")}
    result = subprocess.run(
        [str(venv / "bin" / "ledger"), "demo", "演示台账"],
        cwd=empty,
        env=env | {"NO_COLOR": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "随软件安装的实施方案" in result.stdout
    assert (empty / "演示台账" / "data" / "groups" / "g1.yaml").is_file()
    assert (empty / "演示台账" / "schemas" / "plan.schema.json").is_file()
    status = subprocess.run(
        [str(venv / "bin" / "ledger"), "status"],
        cwd=empty / "演示台账",
        env=env | {"NO_COLOR": "1", "LEDGER_TODAY": "2025-06-30"},
        capture_output=True,
        text=True,
    )
    assert status.returncode == 0, status.stderr
