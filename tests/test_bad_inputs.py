"""Every bad input gets one clear answer: the corpus of bad files, each with its exact message.

Each file in tests/corpus/ replaces one file of a copy of the mini fixture (the task g1-t2 unless
TARGETS says otherwise); `ledger validate` must print exactly the expected text on stderr, exit 1,
never a traceback, within a second and in bounded memory, and change nothing in the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from qc_ledger.errors import DataError
from qc_ledger.load.loader import load_ledger

from conftest import run_cli, without_note_warnings

CORPUS = Path(__file__).resolve().parent / "corpus"
DEFAULT_TARGET = "tasks/g1-t2.yaml"
TARGETS = {"group-broken": "groups/g1.yaml", "copied-task": "tasks/g1-t3.yaml"}
# Kinds that are not mistakes: a BOM, CRLF and old-Mac CR line ends are read as if they were LF.
ACCEPTED = {"bom-crlf", "cr-only"}
# Too big to keep in git: made by the test.
GENERATED = {
    "large-file": lambda: b"# " + b"x" * (3 * 1024 * 1024) + b"\n",
    "long-line": lambda: (
        (CORPUS.parent / "fixtures/mini/data" / DEFAULT_TARGET)
        .read_text(encoding="utf-8")
        .replace("    deliverable: null", "    deliverable: " + "长" * 25_000)
        .encode("utf-8")
    ),
}

EXPECTED: dict[str, str] = {
    "alias-bomb": (
        "data/tasks/g1-t2.yaml:1:4: 错误：使用了锚点/别名（& 和 *）：这里定义的内容在别处被“*”引用\n"
        "  → 台账文件不使用锚点和别名；请把内容直接写出"
    ),
    "bad-id": (
        "data/tasks/g1-t2.yaml:5:9: 错误：编号“G1-T2-M1”格式不对\n"
        "  → 编号只用小写英文字母、数字和连字符，例如 g1-t2-m3"
    ),
    "bad-indent": (
        "data/tasks/g1-t2.yaml:13:1: 错误：这一行缩进了 3 格，与上一行（第 12 行“deliverable”）的 4 格不一致\n"
        "  → 改为 4 个空格，与第 12 行对齐"
    ),
    "bare-scalar": (
        "data/tasks/g1-t2.yaml:1:1: 错误：文件内容应为“字段名: 值”的映射，实际是文字“教师编制挂钩”\n"
        "  → 任务文件由“字段名: 值”组成，必须有 id、group、title、measures；从“id: g1-t2”开始写（可参照同目录下的其他文件）"
    ),
    "binary": (
        "data/tasks/g1-t2.yaml: 错误：这不是文本文件（含有二进制内容）\n"
        "  → 台账文件必须是 UTF-8 编码的 YAML 文本；请从 git 恢复该文件"
    ),
    "chinese-key": (
        "data/tasks/g1-t2.yaml:12:5: 错误：未知字段“成果形式”\n"
        "  → 字段名用英文：“成果形式”请写作 deliverable"
    ),
    "chinese-status": (
        "data/tasks/g1-t2.yaml:13:13: 错误：字段“status”的值文字“推进中”无效\n"
        "  → 状态在文件中用英文值：“推进中”请写作 in_progress"
    ),
    "comment-in-value": (
        "data/tasks/g1-t2.yaml:12:27: 错误：“#201号文”会被当成注释丢掉，值只剩“测教〔2024〕”\n"
        '  → 若“#”是文字的一部分，请给整段文字加双引号，例如 "测教〔2024〕 #201号文"；若是注释，请在“#”后加一个空格'
    ),
    "control-char": (
        "data/tasks/g1-t2.yaml:6:13: 错误：这一行有看不见的字符 U+0008（控制字符）\n"
        "  → 删除这个字符（多半是从网页、聊天软件或其他文档复制时带进来的）"
    ),
    "copied-task": (
        "data/tasks/g1-t3.yaml:1:5: 错误：编号“g1-t2”已用于 g1-t2.yaml，也与文件名“g1-t3.yaml”不一致（像是复制了 g1-t2.yaml 后没有改编号）\n"
        "  → 把 id 改为 g1-t3，并把其中的措施编号改为 g1-t3-m1、g1-t3-m2……"
    ),
    "curly-quotes": (
        "data/tasks/g1-t2.yaml:12:21: 错误：这里不能出现“: ”（冒号加空格）\n"
        '  → 中文引号“”不是 YAML 的引号：请用半角双引号 "…" 把整段文字括起来'
    ),
    "custom-tag": (
        "data/tasks/g1-t2.yaml:12:18: 错误：使用了 YAML 标签“!include”：台账不接受标签，也从不按标签构造对象或执行任何内容\n"
        "  → 删除这个以“!”开头的标签；要把数字或日期当作文字，请给它加双引号"
    ),
    "date-for-text": (
        "data/tasks/g1-t2.yaml:12:18: 错误：字段“deliverable”应为文字，未加引号的值被读成了日期 2024-12-31\n"
        '  → 这里要的是文字：请加双引号写成 "2024-12-31"'
    ),
    "date-with-time": (
        "data/tasks/g1-t2.yaml:11:15: 错误：字段“deadline”：“2025-06-30 09:00”不是 YYYY-MM-DD 格式的日期\n"
        "  → 日期写作 YYYY-MM-DD，例如 2025-12-31"
    ),
    "deep-block-map": (
        "data/tasks/g1-t2.yaml:33:32: 错误：嵌套层级超过 32 层，台账不读取这样的文件\n"
        "  → 台账记录不需要这么深的嵌套；请检查文件是否被损坏，或从 git 恢复该文件"
    ),
    "deep-block-seq": (
        "data/tasks/g1-t2.yaml:3:65: 错误：嵌套层级超过 32 层，台账不读取这样的文件\n"
        "  → 台账记录不需要这么深的嵌套；请检查文件是否被损坏，或从 git 恢复该文件"
    ),
    "deep-flow": (
        "data/tasks/g1-t2.yaml:2:42: 错误：嵌套层级超过 32 层，台账不读取这样的文件\n"
        "  → 台账记录不需要这么深的嵌套；请检查文件是否被损坏，或从 git 恢复该文件"
    ),
    "duplicate-key": (
        "data/tasks/g1-t2.yaml:15:5: 错误：字段“status”在同一层级出现了两次\n"
        "  → 删除其中一行“status: …”，只保留正确的值"
    ),
    "duplicate-measure-id": (
        "data/tasks/g1-t2.yaml:5:9: 错误：措施编号“g1-t1-m1”重复（已用于 g1-t1.yaml）\n"
        "  → 每个编号只能使用一次：改为本任务未用的编号，例如 g1-t2-m1"
    ),
    "empty-value": (
        "data/tasks/g1-t2.yaml:7:5: 错误：字段“text”没有填写内容\n"
        "  → 请在“text:”后面填写内容（措施内容）"
    ),
    "empty": (
        "data/tasks/g1-t2.yaml: 错误：文件是空的（没有任何字段）\n"
        "  → 任务文件由“字段名: 值”组成，必须有 id、group、title、measures；从“id: g1-t2”开始写（可参照同目录下的其他文件）"
    ),
    "float-text": (
        "data/tasks/g1-t2.yaml:12:18: 错误：字段“deliverable”应为文字，未加引号的值被读成了数字 1000.0（文件中写的是 1e3）\n"
        '  → 这里要的是文字：请加双引号写成 "1e3"'
    ),
    "fullwidth-colon": (
        "data/tasks/g1-t2.yaml:13:11: 错误：字段名“status”后面用了全角冒号“：”\n"
        "  → 请把“：”改为半角冒号“:”，并在冒号后加一个空格"
    ),
    "fullwidth-comma": (
        "data/tasks/g1-t2.yaml:8:29: 错误：方括号列表中用了全角逗号“，”，整个列表会被当成一项\n"
        "  → 请把列表中的“，”改为半角逗号“,”；若逗号是文字的一部分，请给该项加双引号"
    ),
    "fullwidth-space-after-colon": (
        "data/tasks/g1-t2.yaml:13:12: 错误：字段名“status:”后面是全角空格，整行会被当成一段文字\n"
        "  → 请把冒号后的空格改为半角空格"
    ),
    "fullwidth-space-indent": (
        "data/tasks/g1-t2.yaml:13:3: 错误：缩进中有全角空格（中文输入法下的空格）\n"
        "  → 请删除这个空格，改用半角空格缩进"
    ),
    "gbk": (
        "data/tasks/g1-t2.yaml:3:8: 错误：文件是 GBK/GB18030 编码（中文 Windows 记事本、WPS 的默认编码），台账只接受 UTF-8（第 3 行按 GBK 读出是“title: 教师编制挂钩”）\n"
        "  → 在记事本中“另存为”并把编码选为 UTF-8，或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件"
    ),
    "group-broken": (
        "data/groups/g1.yaml:6:10: 错误：字段“title”应为文字，未加引号的值被读成了数字 755（文件中写的是 0755）\n"
        '  → 这里要的是文字：请加双引号写成 "0755"'
    ),
    "half-resolved-conflict": (
        "data/tasks/g1-t2.yaml:15:1: 错误：第 15、16 行是残留的合并冲突标记（=======、>>>>>>>），合并冲突没有解决完\n"
        "  → 对照 git 中的两个版本确认保留的内容正确，然后删除这些冲突标记行"
    ),
    "impossible-date": (
        "data/tasks/g1-t2.yaml:11:15: 错误：字段“deadline”：“2025-02-30”不是存在的日期\n"
        "  → 日期写作 YYYY-MM-DD，例如 2025-12-31"
    ),
    "list": (
        "data/tasks/g1-t2.yaml:1:1: 错误：文件内容应为“字段名: 值”的映射，实际是列表\n"
        "  → 任务文件由“字段名: 值”组成，必须有 id、group、title、measures；从“id: g1-t2”开始写（可参照同目录下的其他文件）"
    ),
    "merge-conflict": (
        "data/tasks/g1-t2.yaml:13:1: 错误：第 13–19 行是未解决的合并冲突（<<<<<<< … ======= … >>>>>>>）\n"
        "  → “=======”上方是本分支的内容，下方是合并进来的内容。两边都是进展记录时两边都保留（按日期排列）；"
        "状态或进度不同时与对方确认后留下实际的值；删除冲突标记，再运行 ledger validate"
        "（运行过 ledger setup 的仓库会自动合并进展记录）"
    ),
    "merge-key": (
        "data/tasks/g1-t2.yaml:2:3: 错误：使用了锚点/别名（& 和 *）：这里定义的内容在别处被“*”引用\n"
        "  → 台账文件不使用锚点和别名；请把内容直接写出"
    ),
    "missing-key": (
        "data/tasks/g1-t2.yaml:5:5: 错误：缺少必填字段“deadline”\n  → 请补上“deadline: …”这一行"
    ),
    "no-space-after-colon": (
        "data/tasks/g1-t2.yaml:13:12: 错误：字段名“status:”后面缺少空格，整行会被当成一段文字\n"
        "  → 请在半角冒号“:”后加一个空格"
    ),
    "not-text": (
        "data/tasks/g1-t2.yaml:1:1: 错误：文件不是 UTF-8 编码的文本，也不是可识别的中文编码（可能已损坏或根本不是文本）\n"
        "  → 若是文本，请用编辑器另存为 UTF-8 编码；否则请从 git 恢复该文件"
    ),
    "number-for-date": (
        "data/tasks/g1-t2.yaml:11:15: 错误：字段“deadline”：应为日期，实际是数字 20250630；写作 2025-06-30\n"
        "  → 日期写作 YYYY-MM-DD，例如 2025-12-31"
    ),
    "octal-text": (
        "data/tasks/g1-t2.yaml:12:18: 错误：字段“deliverable”应为文字，未加引号的值被读成了数字 755（文件中写的是 0755）\n"
        '  → 这里要的是文字：请加双引号写成 "0755"'
    ),
    "only-comments": (
        "data/tasks/g1-t2.yaml: 错误：文件是空的（没有任何字段）\n"
        "  → 任务文件由“字段名: 值”组成，必须有 id、group、title、measures；从“id: g1-t2”开始写（可参照同目录下的其他文件）"
    ),
    "out-of-range": (
        "data/tasks/g1-t2.yaml:14:15: 错误：字段“progress”的值 140 超出范围\n"
        "  → 允许范围：不大于 100（进度为 0–100 的整数）"
    ),
    "python-tag": (
        "data/tasks/g1-t2.yaml:12:18: 错误：使用了 YAML 标签“!!python/object/apply:os.system”：台账不接受标签，也从不按标签构造对象或执行任何内容\n"
        "  → 删除这个以“!”开头的标签；要把数字或日期当作文字，请给它加双引号"
    ),
    "scalar-for-list": (
        "data/tasks/g1-t2.yaml:8:24: 错误：字段“cooperating_units”应为列表，实际是文字“区财政局”\n"
        "  → 写成每行一项、以“- ”开头的列表，或空列表 []"
    ),
    "several-documents": (
        "data/tasks/g1-t2.yaml:17:1: 错误：这一行的“---”开始了第二个 YAML 文档，一个文件只能有一条记录\n"
        "  → 删除这一行“---”及其后多余的内容；若确实是另一条记录，请另建一个文件"
    ),
    "standard-tag": (
        "data/tasks/g1-t2.yaml:12:18: 错误：使用了 YAML 标签“!!str”：台账不接受标签，也从不按标签构造对象或执行任何内容\n"
        "  → 删除这个以“!”开头的标签；要把数字或日期当作文字，请给它加双引号"
    ),
    "tab-indent": (
        "data/tasks/g1-t2.yaml:6:1: 错误：缩进中有制表符（Tab）\n"
        "  → YAML 缩进只能用半角空格；请把 Tab 换成空格"
    ),
    "truncated": (
        "data/tasks/g1-t2.yaml:11:15: 错误：字段“deadline”：“2025-0”不是 YYYY-MM-DD 格式的日期\n"
        "  → 日期写作 YYYY-MM-DD，例如 2025-12-31"
    ),
    "unclosed-bracket": (
        "data/tasks/g1-t2.yaml:16:15: 错误：这里开始的方括号“[”没有闭合\n"
        "  → 在列表末尾补上“]”，并检查逗号"
    ),
    "unclosed-quote": (
        "data/tasks/g1-t2.yaml:12:18: 错误：这里开始的引号没有闭合\n"
        "  → 在这段文字末尾补上对应的引号（\"…\" 或 '…'）"
    ),
    "units-on-one-line": (
        "data/tasks/g1-t2.yaml:9:9: 错误：未登记的单位“区财政局，区教育局”\n"
        "  → 这里像是把几个单位写在了一行：每个单位单独一行，以“- ”开头；最接近的已登记单位：区教育局、区财政局"
    ),
    "unknown-group": (
        "data/tasks/g1-t2.yaml:2:8: 错误：未知的工作组“g9”\n  → 已有的工作组：g2、g1"
    ),
    "unknown-key": (
        "data/tasks/g1-t2.yaml:13:5: 错误：未知字段“statsu”\n  → 是不是想写：status、start？"
    ),
    "unknown-unit": (
        "data/tasks/g1-t2.yaml:9:9: 错误：未登记的单位“区财务局”\n"
        "  → 最接近的已登记单位：区财政局、区教育局"
    ),
    "utf16": (
        "data/tasks/g1-t2.yaml: 错误：文件是 UTF-16 编码（记事本“另存为”时选了“Unicode”），台账只接受 UTF-8\n"
        "  → 在记事本中“另存为”并把编码选为 UTF-8，或运行 iconv -f UTF-16 -t UTF-8 原文件 > 新文件"
    ),
    "wrong-type": (
        "data/tasks/g1-t2.yaml:14:15: 错误：字段“progress”应为整数，实际是文字“50”\n"
        "  → 写成不带引号的整数，例如 40"
    ),
    "yaml11-directive": (
        "data/tasks/g1-t2.yaml:1:1: 错误：“%YAML 1.1”指令会改变取值的含义（YAML 1.1 把 no、on 读成 false、true，把 0755 读成八进制数）\n"
        "  → 删除这一行（台账按 YAML 1.2 读取）；若“%”是文字的一部分，请加双引号并缩进"
    ),
    "yaml11-no": (
        "data/tasks/g1-t2.yaml:10:25: 错误：未加引号的 no 在许多 YAML 工具（YAML 1.1）中会被读成 false\n"
        '  → 若是文字，请加引号写成 "no"；若是是/否，请写 true 或 false'
    ),
    "yaml11-on": (
        "data/tasks/g1-t2.yaml:17:9: 错误：未加引号的 on 在许多 YAML 工具（YAML 1.1）中会被读成 true\n"
        '  → 若是文字，请加引号写成 "on"；若是是/否，请写 true 或 false'
    ),
    "zero-width-space": (
        "data/tasks/g1-t2.yaml:13:5: 错误：这一行有看不见的字符 U+200B（零宽空格）\n"
        "  → 删除这个字符（多半是从网页、聊天软件或其他文档复制时带进来的）"
    ),
    "large-file": (
        "data/tasks/g1-t2.yaml: 错误：文件过大（3.0 MiB），上限为 2 MiB\n"
        "  → 一个任务一个文件；请检查是否误粘贴了大量内容，或从 git 恢复该文件"
    ),
    "long-line": (
        "data/tasks/g1-t2.yaml:12:1: 错误：这一行过长（25017 个字符）\n"
        "  → 一行不超过 20000 个字符；请检查是否误粘贴了大量内容"
    ),
}


def corpus_bytes(kind: str) -> bytes:
    if kind in GENERATED:
        return GENERATED[kind]()
    return (CORPUS / f"{kind}.yaml").read_bytes()


def place(root: Path, kind: str) -> Path:
    target = root / "data" / TARGETS.get(kind, DEFAULT_TARGET)
    target.write_bytes(corpus_bytes(kind))
    return target


def test_every_corpus_file_has_an_expected_answer():
    files = {path.stem for path in CORPUS.glob("*.yaml")}
    assert files == (set(EXPECTED) - set(GENERATED)) | ACCEPTED
    assert not set(GENERATED) & files


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_bad_file_gets_its_exact_message(mini, kind, monkeypatch):
    monkeypatch.chdir(mini)
    place(mini, kind)
    before = snapshot(mini)
    started = time.perf_counter()
    result = run_cli(mini, "validate")
    elapsed = time.perf_counter() - started
    assert snapshot(mini) == before
    assert result.exit_code == 1, result.stderr
    assert result.stderr == EXPECTED[kind] + "\n"
    assert result.stdout.startswith("台账未通过校验：")
    assert "Traceback" not in result.stderr + result.stdout
    assert elapsed < 1.0, f"{kind} took {elapsed:.2f} s"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file in the working tree (git's own files aside) with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.mark.parametrize(
    "kind", ["gbk", "merge-conflict", "alias-bomb", "unknown-key", "large-file"]
)
def test_reading_a_bad_ledger_writes_nothing(mini, kind, monkeypatch):
    monkeypatch.chdir(mini)
    place(mini, kind)
    before = snapshot(mini)
    for command in (["validate"], ["status"], ["validate", "--format", "json"], ["export"]):
        result = run_cli(mini, *command)
        assert result.exit_code == 1, (command, result.stderr)
    assert snapshot(mini) == before


@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_bom_and_foreign_line_ends_are_accepted(mini, kind):
    place(mini, kind)
    result = run_cli(mini, "validate")
    assert result.exit_code == 0, result.stderr
    assert without_note_warnings(result.stderr) == ""
    assert (
        load_ledger(mini).measures["g1-t2-m1"][1].text == "探索建立教师编制额度与学生人数挂钩机制。"
    )


def test_status_answers_a_bad_file_with_the_same_message(mini):
    place(mini, "fullwidth-colon")
    result = run_cli(mini, "status")
    assert result.exit_code == 1
    assert result.stderr == EXPECTED["fullwidth-colon"] + "\n"
    assert result.stdout == ""


def test_validate_json_locates_a_bad_file(mini):
    import json

    place(mini, "gbk")
    result = run_cli(mini, "validate", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    (error,) = report["errors"]
    assert (error["file"], error["line"], error["column"]) == ("data/tasks/g1-t2.yaml", 3, 8)
    assert "GBK/GB18030" in error["message"] and "iconv" in error["hint"]


def test_a_python_tag_is_never_executed(mini, monkeypatch):
    monkeypatch.chdir(mini)
    place(mini, "python-tag")
    assert "touch LEDGER_PWNED" in (CORPUS / "python-tag.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataError):
        load_ledger(mini)
    assert not (mini / "LEDGER_PWNED").exists()


@pytest.mark.parametrize(
    "kind",
    ["alias-bomb", "deep-flow", "deep-block-seq", "deep-block-map", "large-file", "long-line"],
)
def test_hostile_files_are_refused_quickly_in_bounded_memory(mini, kind):
    place(mini, kind)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DataError):
            load_ledger(mini)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5, f"{kind} took {elapsed:.2f} s"
    assert peak < 32 * 1024 * 1024, f"{kind} used {peak // 1024} KiB"


@pytest.mark.parametrize("depth", [1_000, 9_000])
def test_nesting_far_beyond_the_limit_never_reaches_the_parser(mini, depth):
    """The C parser recurses: tens of thousands of levels would crash the interpreter, not raise."""
    path = mini / "data" / DEFAULT_TARGET
    for text in (
        "a: " + "[" * depth + "]" * depth + "\n",
        "a:\n  " + "- " * depth + "x\n",
        "a: " + "{a: " * (depth // 4) + "1" + "}" * (depth // 4) + "\n",
    ):
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        with pytest.raises(DataError) as caught:
            load_ledger(mini)
        assert time.perf_counter() - started < 0.5
        (problem,) = caught.value.problems
        assert "嵌套层级超过 32 层" in problem.message and problem.line is not None


def test_brackets_inside_quotes_are_text(mini):
    path = mini / "data" / DEFAULT_TARGET
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace("    deliverable: null", '    deliverable: "' + "[" * 40 + '"'),
        encoding="utf-8",
    )
    assert load_ledger(mini).measures["g1-t2-m1"][1].deliverable == "[" * 40
    # Quoted brackets first must not hide real nesting after them.
    path.write_text(
        original.replace("    deliverable: null", '    deliverable: "' + "[" * 40 + '"')
        + "extra: "
        + "[" * 5000
        + "]" * 5000
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_ledger(mini)
    (problem,) = caught.value.problems
    assert problem.message.startswith("嵌套层级超过 32 层") and problem.line == 17


# The file system: links, folders, pipes and permissions where a data file should be.


def only_error(root: Path) -> str:
    result = run_cli(root, "validate")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_link_out_of_the_repository_is_never_read(mini, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: g1-t9\npassword: 绝密内容\n", encoding="utf-8")
    (mini / "data/tasks/g1-t9.yaml").symlink_to(secret)
    stderr = only_error(mini)
    assert stderr == (
        f"data/tasks/g1-t9.yaml: 错误：这是一个符号链接（指向仓库之外的 {secret}），台账从不跟随链接读取\n"
        "  → 删除链接，放入真正的文件（复制其内容）\n"
    )
    assert "绝密" not in stderr


def test_link_inside_the_repository_is_named_as_itself(mini):
    (mini / "data/tasks/g1-t9.yaml").symlink_to("g1-t2.yaml")
    assert only_error(mini) == (
        "data/tasks/g1-t9.yaml: 错误：这是一个符号链接（指向仓库内的 data/tasks/g1-t2.yaml），"
        "台账从不跟随链接读取\n"
        "  → 删除链接，放入真正的文件（复制其内容）\n"
    )


def test_linked_folder_is_not_walked(mini, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "g1-t9.yaml").write_text("这不是台账文件：\t\n", encoding="utf-8")
    (mini / "data/tasks/more").symlink_to(outside)
    assert only_error(mini) == (
        f"data/tasks/more: 错误：这是一个符号链接（指向仓库之外的 {outside}），台账从不跟随链接读取\n"
        "  → 删除链接，放入真正的目录（复制其内容）\n"
    )


def test_folder_where_a_file_belongs(mini):
    (mini / "data/tasks/g1-t9.yaml").mkdir()
    assert only_error(mini) == (
        "data/tasks/g1-t9.yaml: 错误：这里应是文件，实际是一个目录\n"
        "  → 把目录改名（不要以 .yaml 结尾）或移走\n"
    )


def test_tasks_in_subfolders_are_read(mini):
    (mini / "data/tasks/g1").mkdir()
    (mini / "data/tasks/g1-t2.yaml").rename(mini / "data/tasks/g1/g1-t2.yaml")
    assert "g1-t2-m1" in load_ledger(mini).measures


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_is_refused_without_blocking(mini):
    os.mkfifo(mini / "data/tasks/g1-t9.yaml")
    # In a child process with a timeout: opening a pipe for reading would block forever.
    result = subprocess.run(
        [sys.executable, "-m", "qc_ledger", "--root", str(mini), "validate"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "LEDGER_NO_CACHE": "1"},
    )
    assert result.returncode == 1
    assert result.stderr == (
        "data/tasks/g1-t9.yaml: 错误：这不是普通文件（可能是管道、设备或套接字），台账不读取它\n"
        "  → 用普通的 .yaml 文件代替它\n"
    )


UNREADABLE = "data/tasks/g1-t2.yaml: 错误：没有读取该文件的权限\n  → 台账文件应对所有人可读：chmod a+r g1-t2.yaml\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(mini):
    (mini / "data/tasks/g1-t2.yaml").chmod(0)
    assert only_error(mini) == UNREADABLE


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to drop the capability that lets root read any file",
)
def test_unreadable_file_as_root_without_read_override(mini):
    (mini / "data/tasks/g1-t2.yaml").chmod(0)
    result = subprocess.run(
        [
            "setpriv",
            "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search",
            sys.executable,
            "-m",
            "qc_ledger",
            "--root",
            str(mini),
            "validate",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "LEDGER_NO_CACHE": "1"},
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == UNREADABLE


@pytest.mark.parametrize(("name", "label"), [("plan.yaml", "实施方案"), ("units.yaml", "单位名录")])
def test_missing_plan_or_registry(mini, name, label):
    (mini / "data" / name).unlink()
    assert only_error(mini) == (
        f"data/{name}: 错误：缺少 data/{name}（{label}）\n"
        f"  → 从 git 恢复该文件：git checkout HEAD -- data/{name}\n"
    )


def test_tasks_folder_that_is_a_file(mini):
    shutil.rmtree(mini / "data/tasks")
    (mini / "data/tasks").write_text("", encoding="utf-8")
    assert only_error(mini) == (
        "data/tasks: 错误：data/tasks 应是一个目录，实际是一个文件\n  → 从 git 恢复 data/tasks 目录\n"
    )


def test_files_that_are_not_data(mini):
    tasks = mini / "data/tasks"
    (tasks / "README.md").write_text("# 任务文件说明\n", encoding="utf-8")
    (tasks / ".g1-t2.yaml.swp").write_bytes(b"\x00\x01")
    (tasks / "notes.txt").write_text("备忘\n", encoding="utf-8")
    (tasks / "g1-t2.yaml.orig").write_text("id: g1-t2\n", encoding="utf-8")
    result = run_cli(mini, "validate")
    assert result.exit_code == 0, result.stderr
    assert without_note_warnings(result.stderr) == (
        "data/tasks/g1-t2.yaml.orig: 提示：文件名不以 .yaml 结尾，台账不会读取它\n"
        "  → 若这是台账文件，请改名为 g1-t2.yaml；若是备份或合并留下的文件，请删除\n"
        "data/tasks/notes.txt: 提示：这不是 .yaml 文件，台账不会读取它\n"
        "  → data/groups 和 data/tasks 只放台账的 .yaml 文件（说明文档可用 .md）；请移走或删除该文件\n"
    )
    (tasks / "g1-t3.YML").write_text("id: g1-t3\n", encoding="utf-8")
    assert (
        "data/tasks/g1-t3.YML: 错误：文件扩展名应为小写的 .yaml，这个文件不会被读取\n"
        in only_error(mini)
    )


# The command line of the load path: --root, LEDGER_TODAY, --format.


def test_root_that_does_not_exist(tmp_path):
    result = run_cli(tmp_path / "nowhere", "validate")
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：目录 {tmp_path / 'nowhere'} 不存在\n"
        "  → --root 和 LEDGER_ROOT 应指向台账仓库的根目录（其中有 data/groups、data/tasks）\n"
    )


def test_root_that_is_the_parent_of_a_ledger(mini):
    result = run_cli(mini.parent, "status")
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：{mini.parent} 不是台账目录：其中没有 data/ 目录\n"
        f"  → 台账似乎在 {mini}；请改用 --root {mini}\n"
    )


def test_root_without_groups(mini):
    shutil.rmtree(mini / "data/groups")
    result = run_cli(mini, "validate")
    assert result.exit_code == 2
    assert "data/ 中没有 groups 目录" in result.stderr


def test_root_that_is_a_file(mini):
    result = run_cli(mini / "data/plan.yaml", "validate")
    assert result.exit_code == 2
    assert "--root" in result.stderr and "Traceback" not in result.stderr


def test_root_from_the_environment_is_checked_the_same_way(tmp_path):
    from conftest import run_cli as run

    result = run(None, "validate", LEDGER_ROOT=str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert f"目录 {tmp_path / 'nowhere'} 不存在" in result.stderr


@pytest.mark.parametrize(
    "today", ["2025-02-30", "2025-1-1", "明天", "2025-06-30T00:00", "20250630"]
)
@pytest.mark.parametrize("command", ["status", "validate"])
def test_bad_ledger_today(mini, today, command):
    # validate checks that no record is dated after today, so it needs the day as much as status.
    result = run_cli(mini, command, today=today)
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：环境变量 LEDGER_TODAY 的值“{today}”不是有效日期\n"
        "  → 写作 YYYY-MM-DD，例如 LEDGER_TODAY=2025-06-30；或取消该变量以使用今天的日期\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("command", "choices"), [("validate", "text、json、github、gitlab"), ("status", "md：Markdown")]
)
def test_bad_format(mini, command, choices):
    result = run_cli(mini, command, "--format", "xml")
    assert result.exit_code == 2
    assert choices in result.stderr and result.stdout == ""


def test_literal_blocks_are_text_not_slips(mini):
    """Inside `|` blocks a colon without a space, a "#" or a full-width comma is just text."""
    path = mini / "data" / DEFAULT_TARGET
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    deliverable: null",
        "    deliverable: |\n      status:见附件\n      文件 #201号\n\n      - note:x\n      [甲，乙]",
    ).replace(
        "    progress_log: []",
        "    progress_log:\n      - date: 2024-05-01\n        note: |-\n          第一行\n"
        "          status:第二行 #3\n        status: not_started",
    )
    path.write_text(text, encoding="utf-8")
    measure = load_ledger(mini).measures["g1-t2-m1"][1]
    assert measure.deliverable == "status:见附件\n文件 #201号\n\n- note:x\n[甲，乙]\n"
    assert measure.progress_log[0].note == "第一行\nstatus:第二行 #3"
    assert measure.progress_log[0].status == "not_started"


def test_many_slips_in_one_file_are_summarised(mini):
    path = mini / "data" / DEFAULT_TARGET
    path.write_text(path.read_text(encoding="utf-8").replace("    ", "\t"), encoding="utf-8")
    stderr = only_error(mini)
    assert stderr.count("缩进中有制表符（Tab）") == 6
    assert "data/tasks/g1-t2.yaml: 错误：另有 6 行有同样的问题（缩进中有制表符（Tab））\n" in stderr
