"""The CI files `ledger init` writes into a new ledger: checks and a review run by a pinned tool.

The new repository holds data only; its workflows install qc-ledger from `LEDGER_TOOL_SPEC` (a
repository variable the office sets once), defaulting to the exact source this tool was installed from.
"""

from __future__ import annotations

import json
from importlib import metadata

SPEC = "@LEDGER_TOOL_SPEC@"
CHECK = """# 台账的 CI（ledger init 生成）：每次推送和每个拉取请求都校验台账。qc-ledger 按仓库变量 LEDGER_TOOL_SPEC 安装
# （pip 的写法，固定到一个版本，见 qc-ledger 的 docs/forge-setup.md）；拉取请求的文件只当数据读，令牌只读。
name: 台账校验

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  ledger:
    runs-on: ubuntu-latest
    env:
      PYTHONSAFEPATH: "1"
      LEDGER_TOOL_SPEC: ${{ vars.LEDGER_TOOL_SPEC || '@LEDGER_TOOL_SPEC@' }}
    steps:
      - uses: actions/checkout@v5
        with:
          persist-credentials: false
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: 安装 qc-ledger（固定的版本）
        run: |
          if [ -z "$LEDGER_TOOL_SPEC" ]; then
            echo "::error::请在仓库变量中设置 LEDGER_TOOL_SPEC（例如 qc-ledger @ git+https://…/qc-ledger@提交编号）"
            exit 1
          fi
          cd "$RUNNER_TEMP" && python -m pip install "$LEDGER_TOOL_SPEC"
      - name: 缓存的键（所装的工具）
        id: tool
        run: echo "key=qc-ledger-$(printf '%s' "$LEDGER_TOOL_SPEC" | sha256sum | cut -c1-16)" >> "$GITHUB_OUTPUT"
      - name: 恢复校验缓存（只为加快；条目按文件内容和工具代码的摘要使用，对不上的不用）
        uses: actions/cache/restore@v5
        with:
          path: ~/.cache/qc-ledger
          key: ${{ steps.tool.outputs.key }}-${{ github.sha }}
          restore-keys: ${{ steps.tool.outputs.key }}-
      - name: 校验台账（错误标注在文件的行上）
        run: ledger validate --format github
      - name: JSON Schema 与模型一致
        run: ledger schemas --check
      - name: 保存校验缓存（只在默认分支的推送上，从不在拉取请求中）
        if: github.event_name == 'push' && github.ref_name == github.event.repository.default_branch
        uses: actions/cache/save@v5
        with:
          path: ~/.cache/qc-ledger
          key: ${{ steps.tool.outputs.key }}-${{ github.sha }}
"""
REVIEW = """# 审核修改权限（ledger init 生成）：pull_request_target 运行默认分支上的这个文件；拉取请求的提交只取来当数据读，
# 按基础分支上的 data/policy.yaml 和平台给出的作者审核，并发成评论。把本作业设为分支保护的必需检查。
name: 台账审核

on:
  pull_request_target:
    types: [opened, synchronize, reopened]

permissions:
  contents: read
  pull-requests: write

jobs:
  review:
    runs-on: ubuntu-latest
    env:
      PYTHONSAFEPATH: "1"
      LEDGER_TOOL_SPEC: ${{ vars.LEDGER_TOOL_SPEC || '@LEDGER_TOOL_SPEC@' }}
      GH_TOKEN: ${{ github.token }}
      GH_REPO: ${{ github.repository }}
      NUMBER: ${{ github.event.pull_request.number }}
    steps:
      - uses: actions/checkout@v5
        with:
          ref: ${{ github.event.pull_request.base.sha }}
          fetch-depth: 0
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: 安装 qc-ledger（固定的版本）
        run: cd "$RUNNER_TEMP" && python -m pip install "$LEDGER_TOOL_SPEC"
      - name: 取来拉取请求的提交（只作数据，不检出）
        run: git fetch --no-tags origin "+refs/pull/$NUMBER/head:refs/remotes/pull/head"
      - name: 审核修改权限
        env:
          BASE: ${{ github.event.pull_request.base.sha }}
        run: ledger review "$BASE" refs/remotes/pull/head --platform-event "$GITHUB_EVENT_PATH" --format md --output review.md
      - name: 把审核结果发成评论
        if: always() && hashFiles('review.md') != ''
        continue-on-error: true
        run: gh pr comment "$NUMBER" --body-file review.md
"""


def installed_spec() -> str:
    """How pip can install exactly this tool: its git source and commit, when it came from one."""
    try:
        found = metadata.distribution("qc-ledger").read_text("direct_url.json")
        source = json.loads(found) if found else {}
    except (metadata.PackageNotFoundError, ValueError):
        return ""
    vcs = source.get("vcs_info") or {}
    url = source.get("url") or ""
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and not url.startswith("file:"):
        return f"qc-ledger @ git+{url}@{vcs['commit_id']}"
    return ""  # a local or editable install: the office sets LEDGER_TOOL_SPEC


def workflow_files(spec: str) -> dict[str, str]:
    """The generated workflows by path, installing the tool from `spec` unless the variable is set."""
    quoted = spec.replace("'", "''")  # inside a single-quoted expression string
    return {
        ".github/workflows/ledger.yml": CHECK.replace(SPEC, quoted),
        ".github/workflows/review.yml": REVIEW.replace(SPEC, quoted),
    }
