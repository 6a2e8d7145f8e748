"""The workbook the export writes, described cell by cell, style by style, against the description
of the workbook openpyxl wrote cell by cell before the rows were streamed (tests/golden/xlsx-*.txt).

Everything a unit or a printer sees is described: every cell's value, type, number format, font,
fill, alignment and border; merged ranges, frozen panes, the filter, data validations, widths,
heights, print area and titles, page setup, margins, footer; sheet names, order and states.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qc_ledger import __version__

from conftest import MINI, REPO, run_cli
from golden import check_golden

sys.path.insert(0, str(REPO / "bench"))
import generate

TODAY = "2025-06-30"


def _colour(colour) -> str:
    if colour is None:
        return "-"
    return f"{colour.type}:{colour.rgb if colour.type == 'rgb' else colour.theme}"


def _style(cell) -> str:
    font, fill, align, border = cell.font, cell.fill, cell.alignment, cell.border
    sides = ",".join(
        f"{side.style}/{_colour(side.color)}" if side is not None else "-"
        for side in (border.left, border.right, border.top, border.bottom)
    )
    return (
        f"fmt={cell.number_format} font={font.name}/{font.sz}/{'b' if font.b else ''}/"
        f"{_colour(font.color)} fill={fill.fill_type}/{_colour(fill.fgColor)} "
        f"align={align.horizontal}/{align.vertical}/{align.wrap_text} border={sides}"
    )


def describe(path: Path) -> str:
    """Everything the workbook shows or prints, one fact a line (styles numbered as first met)."""
    book = load_workbook(path)
    lines = [f"sheets {book.sheetnames}"]
    props = book.properties
    lines.append(
        f"properties {props.creator!r} {props.title!r} {props.subject!r} {props.keywords!r}"
    )
    styles: dict[str, int] = {}
    for sheet in book.worksheets:
        setup, margins = sheet.page_setup, sheet.page_margins
        lines += [
            f"== {sheet.title} state={sheet.sheet_state} dimensions={sheet.dimensions}",
            f"merged {sorted(str(r) for r in sheet.merged_cells.ranges)}",
            f"freeze {sheet.freeze_panes} filter {sheet.auto_filter.ref}",
            f"print area {sheet.print_area} titles {sheet.print_title_rows}",
            f"page {setup.orientation} {setup.paperSize} fit={setup.fitToWidth}x{setup.fitToHeight}"
            f" fitToPage={sheet.sheet_properties.pageSetUpPr.fitToPage}"
            f" centred={sheet.print_options.horizontalCentered}",
            f"margins {margins.left} {margins.right} {margins.top} {margins.bottom}"
            f" {margins.header} {margins.footer}",
            f"footer {sheet.oddFooter.left.text!r} {sheet.oddFooter.right.text!r}",
            "widths "
            + " ".join(f"{k}={d.width}" for k, d in sorted(sheet.column_dimensions.items())),
        ]
        for check in sheet.data_validations.dataValidation:
            lines.append(
                f"validation {check.sqref} {check.type} {check.operator} {check.formula1!r}"
                f" {check.formula2!r} blank={check.allow_blank} error={check.showErrorMessage}"
                f" {check.errorTitle!r} {check.error!r}"
            )
        for row in sheet.iter_rows():
            number = row[0].row
            height = sheet.row_dimensions[number].height
            lines.append(f"row {number} height={height}")
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                style = styles.setdefault(_style(cell), len(styles))
                lines.append(f"{cell.coordinate} {cell.data_type} {cell.value!r} s{style}")
    lines += [f"style s{number} {text}" for text, number in styles.items()]
    return "\n".join(lines).replace(__version__, "VERSION") + "\n"


def _export(root: Path, target: Path, *args: str) -> Path:
    result = run_cli(root, "export", "-f", "xlsx", "-o", str(target), *args, today=TODAY)
    assert result.exit_code == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small ledger of the skewed shape: overdue rows, every light, long logs (no git)."""
    root = tmp_path_factory.mktemp("synthetic")
    generate.build(root, 40, shape=generate.SHAPES["skewed"])
    return root


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The repository's own data/, outside git (the title row then names no commit)."""
    shutil.copytree(REPO / "data", tmp_path / "plan" / "data")
    return tmp_path / "plan"


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    """The small fixture ledger with text that must stay text: markup, blanks, controls."""
    root = tmp_path / "awkward"
    shutil.copytree(MINI / "data", root / "data")
    path = next((root / "data" / "tasks").rglob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    first = text.index("text: ") + len("text: ")
    end = text.index("\n", first)
    tricky = '"  =SUM(A1) & <b>x</b> 末尾\\t "'
    path.write_text(text[:first] + tricky + text[end:], encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("xlsx-plan", ()),
        ("xlsx-plan-by-unit", ("--by-unit",)),
        ("xlsx-plan-unit", ("-u", "区发展改革局")),
    ],
)
def test_the_plans_workbook_is_the_one_written_cell_by_cell(plan, tmp_path, name, args):
    check_golden(f"{name}.txt", describe(_export(plan, tmp_path / "out.xlsx", *args)))


@pytest.mark.parametrize("args", [(), ("--by-unit",)])
def test_a_synthetic_province_workbook_is_the_one_written_cell_by_cell(synthetic, tmp_path, args):
    name = "-".join(["xlsx-synthetic", *[arg.strip("-") for arg in args]]) + ".txt"
    check_golden(name, describe(_export(synthetic, tmp_path / "out.xlsx", *args)))


def test_awkward_text_is_written_as_it_was(awkward, tmp_path):
    described = describe(_export(awkward, tmp_path / "out.xlsx"))
    assert "'  =SUM(A1) & <b>x</b> 末尾\\t '" in described
    check_golden("xlsx-awkward.txt", described)


def test_the_description_misses_nothing_that_is_lost(plan, tmp_path):
    """Each thing the writer sets, taken out of a workbook, changes its description."""
    path = _export(plan, tmp_path / "out.xlsx")
    whole = describe(path)

    def without(change) -> str:
        book = load_workbook(path)
        change(book["台账"])
        book.save(tmp_path / "changed.xlsx")
        return describe(tmp_path / "changed.xlsx")

    from openpyxl.styles import Alignment, Border, Font, PatternFill

    losses = [
        lambda s: s.unmerge_cells(str(s.merged_cells.ranges.copy().pop())),
        lambda s: setattr(s, "freeze_panes", None),
        lambda s: setattr(s.auto_filter, "ref", None),
        lambda s: s.data_validations.dataValidation.pop(),
        lambda s: setattr(s.column_dimensions["E"], "width", 8),
        lambda s: setattr(s.row_dimensions[5], "height", None),
        lambda s: setattr(s.page_setup, "orientation", "portrait"),
        lambda s: setattr(s.page_margins, "left", 1.0),
        lambda s: setattr(s, "print_title_rows", "1:1"),
        lambda s: setattr(s.oddFooter.right, "text", None),
        lambda s: setattr(s["Q3"], "value", None),  # the 来源 column's cell
        lambda s: setattr(s["J3"], "number_format", "General"),
        lambda s: setattr(s["E3"], "font", Font(name="Arial")),
        lambda s: setattr(s["E3"], "fill", PatternFill("solid", fgColor="FFFFFF")),
        lambda s: setattr(s["E3"], "alignment", Alignment(vertical="top")),
        lambda s: setattr(s["E3"], "border", Border()),
    ]
    for index, lose in enumerate(losses):
        assert without(lose) != whole, index


@pytest.mark.parametrize("args", [(), ("-u", "清远区发展改革局")])
def test_a_warm_cache_writes_the_same_workbook_without_rebuilding_records(
    synthetic, tmp_path, args
):
    """The second export reads rows from the cached digests and row data: cell for cell the same."""
    cold = describe(_export(synthetic, tmp_path / "cold.xlsx", *args))
    warm = describe(_export(synthetic, tmp_path / "warm.xlsx", *args))
    assert warm == cold
    if not args:
        check_golden("xlsx-synthetic.txt", warm)
