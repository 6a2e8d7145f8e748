"""The `site` use case: the leaders' dashboard as one offline HTML file, saying what it was built from.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..domain.ledger import Ledger
from ..errors import UsageError
from ..reports.site import Provenance

# How many characters of measure details are held before they are spooled (a few MB as UTF-8).
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SitePage:
    """The page written, its size in bytes and where it came from."""

    path: Path
    size: int
    provenance: Provenance


def build_site_page(ledger: Ledger, today: dt.date, outdir: Path) -> SitePage:
    """Write the dashboard for `today` as index.html in `outdir` (made when missing)."""
    from ..git.provenance import source_of
    from ..render.site_html import page_closing, page_opening
    from ..render.site_measures import measure_details
    from ..reports.site import LABELS, build_site
    from .outputs import write_atomically

    source = source_of(ledger.root)
    built = dt.datetime.now().astimezone()
    provenance = Provenance(
        as_of=today,
        real_today=built.date(),
        commit=source.commit,
        dirty=source.dirty,
        built=built.strftime("%Y-%m-%d %H:%M %z"),
        generator=f"qc-ledger {__version__}",
        groups=len(ledger.groups),
        tasks=len(ledger.tasks),
        measures=len(ledger.measures),
        units=len(ledger.registry.units),
    )
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError.single(
            f"无法创建目录 {outdir}（{exc.strerror}）", hint="换一个目录"
        ) from None
    path = outdir / "index.html"
    # The measures' details come before the figures above them are all counted: they are spooled
    # to a nameless file beside the page as each task passes, so that a province's page is never
    # held whole, as text or as bytes, and no task is rebuilt twice.
    with tempfile.TemporaryFile(dir=outdir) as spool:
        held: list[str] = []  # written a few hundred measures at a time: one write, not one each
        size = 0

        def spooled(m: dict) -> None:
            nonlocal size
            details = measure_details(m, LABELS)
            held.append(details)
            size += len(details)
            if size > _CHUNK:
                spool.write("".join(held).encode("utf-8"))
                held.clear()
                size = 0

        site = build_site(ledger, today, provenance, spooled)
        spool.write("".join(held).encode("utf-8"))
        held.clear()
        written = 0

        def write(stream) -> None:
            nonlocal written
            opening = page_opening(site).encode("utf-8")
            stream.write(opening)
            spool.seek(0)
            shutil.copyfileobj(spool, stream)
            closing = page_closing(site).encode("utf-8")
            stream.write(closing)
            written = len(opening) + spool.tell() + len(closing)

        write_atomically(write, path, ledger.root)
    return SitePage(path, written, provenance)
