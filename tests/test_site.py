"""`ledger site`: one offline page, checked in headless Chromium (tests/browser.py)."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest

from browser import browser  # noqa: F401  (a fixture)
from conftest import git, run_cli

HOSTILE = '</script><script>document.title="pwned"</script><img src=x onerror=alert(1)>'


@pytest.fixture
def page_dir(mini, tmp_path):
    """The fixture ledger with a hostile note, built into a dashboard."""
    noted = run_cli(mini, "update", "g2-t1-m3", "--note", HOSTILE, "--commit")
    assert noted.exit_code == 0, noted.stderr
    out = tmp_path / "看板"
    result = run_cli(mini, "site", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def open_page(browser, url, **options):  # noqa: F811
    context = browser.new_context(**options)
    page = context.new_page()
    requests, errors, dialogs = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    return page, requests, errors, dialogs


def test_the_page_is_one_self_contained_file(page_dir, mini):
    assert sorted(p.name for p in page_dir.iterdir()) == ["index.html"]
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "@font-face" not in html
    assert HOSTILE not in html  # escaped everywhere, the embedded JSON too
    assert git(mini, "rev-parse", "--short=7", "HEAD").strip() in html


def test_groups_overdue_measures_and_provenance_show(browser, page_dir, mini):  # noqa: F811
    page, requests, errors, dialogs = open_page(browser, (page_dir / "index.html").as_uri())
    for name in ("教育", "发展"):
        assert name in page.inner_text("#groups")
    attention = page.inner_text("#attention")
    assert "g1-t1-m2" in attention and "逾期 15 天" in attention  # the one overdue measure
    provenance = page.inner_text("#provenance")
    assert git(mini, "rev-parse", "--short=7", "HEAD").strip() in provenance
    assert "统计日期 2024-07-15" in provenance and "qc-ledger" in provenance
    assert "本页按 2024-07-15 统计，不是今天" in page.inner_text("#as-of")
    # Shown as text, never run (details render as they scroll in: read their text content).
    assert HOSTILE in page.text_content("#m-g2-t1-m3") and page.title().endswith("进展看板")
    assert dialogs == [] and errors == []
    assert requests == [(page_dir / "index.html").as_uri()]  # nothing else was asked for


def test_filters_change_what_is_shown_and_live_in_the_url(browser, page_dir):  # noqa: F811
    url = (page_dir / "index.html").as_uri()
    page, _requests, errors, _dialogs = open_page(browser, url)
    articles = page.locator("article.measure")
    assert articles.count() == 6 and "显示 6 / 6" in page.inner_text("#f-count")
    page.select_option("#f-group", "g2")
    assert page.locator("article.measure:visible").count() == 3
    assert page.locator("#m-g1-t1-m1").is_hidden() and page.locator("#m-g2-t1-m1").is_visible()
    assert "group=g2" in page.url
    page.select_option("#f-status", "delayed")
    assert page.locator("article.measure:visible").count() == 1
    shared = page.url
    again, _r, _e, _d = open_page(browser, shared)
    assert again.input_value("#f-group") == "g2" and again.input_value("#f-status") == "delayed"
    assert again.locator("article.measure:visible").count() == 1
    again.select_option("#f-unit", "区财政局")  # cooperating on g2-t1-m3 only, which is not delayed
    assert again.locator("article.measure:visible").count() == 0
    again.click("#f-clear")
    assert again.locator("article.measure:visible").count() == 6
    assert errors == []


def test_the_print_layout_keeps_the_provenance(browser, page_dir, tmp_path):  # noqa: F811
    page, _requests, _errors, _dialogs = open_page(browser, (page_dir / "index.html").as_uri())
    page.emulate_media(media="print")
    footer = page.locator(".print-footer")
    assert footer.is_visible() and "统计日期 2024-07-15" in footer.inner_text()
    assert page.locator("#filters").is_hidden()
    assert page.eval_on_selector(".print-footer", "e => getComputedStyle(e).position") == "fixed"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    shot = tmp_path / "看板.png"
    page.emulate_media(media="screen")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


def test_it_opens_from_a_web_server_and_on_a_phone(browser, page_dir):  # noqa: F811
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(page_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        page, requests, errors, _d = open_page(browser, url, viewport={"width": 390, "height": 800})
        assert "g1-t1-m2" in page.inner_text("#attention")
        assert requests == [url] and errors == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392  # no sideways scrolling on a phone: wide tables scroll in place
    finally:
        server.shutdown()


def test_site_refuses_a_file_as_its_folder(mini, tmp_path):
    target = tmp_path / "a.html"
    target.write_text("x", encoding="utf-8")
    result = run_cli(mini, "site", str(target))
    assert result.exit_code == 2 and "不是目录" in result.stderr
    inside = run_cli(mini, "site", str(mini / "data"))
    assert inside.exit_code == 2


def test_on_paper_no_column_is_squeezed_and_charts_carry_their_values(browser, page_dir):  # noqa: F811
    page, _requests, _errors, _dialogs = open_page(browser, (page_dir / "index.html").as_uri())
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    em = page.evaluate("parseFloat(getComputedStyle(document.querySelector('td')).fontSize)")
    narrowest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('td.text, td.unit, td.date, td.id, td.nw')]"
        ".filter(e => e.offsetWidth).map(e => e.offsetWidth))"
    )
    assert narrowest >= 4 * em  # today's squeeze printed the content a character or two a line
    assert page.locator("#trend text.axis").count() == 3
    assert "教育测试组" in page.inner_text(
        "#groups"
    )  # the groups' official names, not only short ones
    assert page.locator("#details .print-only").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 3  # six measures: a few pages


def test_on_a_phone_the_measures_become_cards(browser, page_dir):  # noqa: F811
    url = (page_dir / "index.html").as_uri()
    page, _r, errors, _d = open_page(browser, url, viewport={"width": 390, "height": 800})
    assert page.locator("#measures thead").is_hidden()
    row = page.locator("#measures tbody tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    text = row.locator("td.text")
    assert text.bounding_box()["width"] >= 300  # the measure's text across the card, not a sliver
    label = row.locator("td.date").evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"完成时限"' and errors == []
