"""A sheet's body deflated on a thread and put in the zip between its deflated head and tail."""

from __future__ import annotations

import errno
import io
import os
import zipfile
import zlib

import pytest

from qc_ledger.sheets.deflate import Deflated, Piece, crc32_combine, write_member


@pytest.mark.parametrize(
    "first,second", [(b"", b"x"), (b"abc", b""), (b"head", os.urandom(70_001))]
)
def test_crcs_combine_as_zlib_computes_them_whole(first, second):
    joined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert joined == zlib.crc32(first + second)


def test_a_member_of_a_deflated_body_reads_back_whole():
    rows = [f'<row r="{n}"><c><v>{n}</v></c></row>'.encode() * 50 for n in range(3000)]
    body = Deflated(io.BytesIO(), 5)
    for row in rows:
        body.write(row)
    body.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("first.xml", b"<a/>")
        write_member(target, "sheet.xml", b"<sheetData>", [body], b"</sheetData>", 5)
        target.writestr("last.xml", b"<b/>")
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["first.xml", "sheet.xml", "last.xml"]
        assert archive.read("sheet.xml") == b"<sheetData>" + b"".join(rows) + b"</sheetData>"
        assert archive.read("last.xml") == b"<b/>"


def test_a_body_deflated_in_pieces_apart_reads_back_as_one_stream():
    rows = [f'<row r="{n}"><c><v>{n}</v></c></row>'.encode() * 40 for n in range(2000)]
    pieces = []
    for share in (rows[:700], rows[700:701], rows[701:]):
        body = Deflated(io.BytesIO(), 5)
        for row in share:
            body.write(row)
        body.close()
        # As a forked process hands it over: the file, its size and CRC.
        pieces.append(Piece(body.out, body.size, body.crc))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        write_member(target, "sheet.xml", b"<sheetData>", pieces, b"</sheetData>", 5)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert archive.testzip() is None
        assert archive.read("sheet.xml") == b"<sheetData>" + b"".join(rows) + b"</sheetData>"


class _Full(io.BytesIO):
    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_met_on_the_thread_is_raised_to_the_writer():
    body = Deflated(_Full(), 5)
    with pytest.raises(OSError) as raised:
        for _ in range(100):
            body.write(os.urandom(1 << 16))  # incompressible: deflated output is written
        body.close()
    assert raised.value.errno == errno.ENOSPC
    body.stop()
    assert not body._thread.is_alive()
