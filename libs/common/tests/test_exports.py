"""The kit's exports (zjtx.common.web.exports): the format an `Accept` header asks for, the CSV an officer
opens in Excel (a byte-order mark, RFC 4180, formula cells guarded, money to the fen), the workbook read
back with openpyxl, the rows of a keyset-paged query read a batch at a time, the file names and the cap."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from types import SimpleNamespace
from urllib.parse import unquote

import openpyxl
import pytest

from zjtx.common.clock import CHINA
from zjtx.common.web import exports
from zjtx.common.web.exports import CSV, JSON, XLSX, Column, ExportTooLarge, NotAcceptable, Table, negotiate

TABLE = Table(
    "awards",
    "奖励清单",
    (
        Column("企业名称", lambda r: r.name),
        Column("所属旗县区", lambda r: exports.named({"150105": "赛罕区"})(r.district)),
        Column("金额（元）", lambda r: r.fen, "money"),
        Column("依据日期", lambda r: r.on, "date"),
        Column("计算时间", lambda r: r.at, "instant"),
        Column("笔数", lambda r: r.count, "count"),
    ),
)


def row(name="呼和浩特示例科技有限公司", district="150105", fen=50_000_000, on=date(2025, 5, 31), count=1):
    return SimpleNamespace(
        name=name, district=district, fen=fen, on=on, at=datetime(2025, 9, 1, 2, 0, tzinfo=CHINA), count=count
    )


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("application/json", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("text/csv", CSV),
        ("text/csv; charset=utf-8", CSV),
        ("text/*", CSV),
        (XLSX, XLSX),
        ("text/csv;q=0.5, application/json;q=0.4", CSV),
        ("text/csv;q=0.5, */*;q=0.9", JSON),  # */* at 0.9 rates JSON above CSV's own 0.5
        ("text/csv, */*;q=0.1", CSV),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),  # a browser
        (f"{XLSX}, text/csv", CSV),  # a tie: CSV comes before XLSX among the offered
    ],
)
def test_the_format_an_accept_header_asks_for(accept, chosen):
    assert negotiate(accept) == chosen


@pytest.mark.parametrize("accept", ["text/html", "application/pdf", "text/csv;q=0", "image/*", "text/csv;q=x"])
def test_an_accept_the_operation_cannot_answer_is_406(accept):
    with pytest.raises(NotAcceptable) as refused:
        negotiate(accept)
    assert (refused.value.status, refused.value.code) == (406, "not_acceptable")
    assert "text/csv" in refused.value.detail


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8's byte-order mark: Excel reads the Chinese right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_csv_has_chinese_headers_money_to_the_fen_and_iso_dates():
    writer = exports.CsvWriter(TABLE)
    writer.add(row())
    writer.add(row(name="乙", district="999999", fen=1, on=None, count=0))
    body = writer.finish()
    assert body.count(b"\r\n") == 3  # RFC 4180: CRLF after each record
    assert read_csv(body) == [
        ["企业名称", "所属旗县区", "金额（元）", "依据日期", "计算时间", "笔数"],
        ["呼和浩特示例科技有限公司", "赛罕区", "500000.00", "2025-05-31", "2025-09-01T02:00:00+08:00", "1"],
        ["乙", "999999", "0.01", "", "2025-09-01T02:00:00+08:00", "0"],  # a code without a name stays the code
    ]


def test_csv_quoting_and_formula_cells():
    writer = exports.CsvWriter(TABLE)
    for name in ['=HYPERLINK("http://x","点")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", 'a,"b"\nc', "普通"]:
        writer.add(row(name=name))
    writer.add(row(fen=-150_000))  # a negative amount (money is written by us): stays a number
    rows = read_csv(writer.finish())
    assert [r[0] for r in rows[1:-1]] == [
        '\'=HYPERLINK("http://x","点")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        'a,"b"\nc',  # quoted, the quote doubled, the line break kept
        "普通",
    ]
    assert rows[-1][2] == "-1500.00"


def test_the_workbook_read_back():
    writer = exports.XlsxWriter(TABLE)
    writer.add(row(name='=HYPERLINK("http://x","点")'))
    writer.add(row(name="控\x01制", fen=50_000_001, on=None))
    book = openpyxl.load_workbook(io.BytesIO(writer.finish()))
    sheet = book.active
    assert sheet.title == "奖励清单"
    cells = list(sheet.iter_rows())
    assert [c.value for c in cells[0]] == TABLE.headers
    assert cells[0][0].font.bold
    name, district, amount, on, at, count = cells[1]
    assert (name.value, name.data_type) == ('=HYPERLINK("http://x","点")', "s")  # text, never a formula
    assert district.value == "赛罕区"
    assert (amount.value, amount.number_format) == (500000, "0.00")
    assert (on.value, on.number_format) == (datetime(2025, 5, 31), "yyyy-mm-dd")
    assert at.value == datetime(2025, 9, 1, 2, 0)  # Beijing time
    assert count.value == 1
    assert [c.value for c in cells[2]][:4] == ["控制", "赛罕区", 500000.01, None]  # what XML cannot carry dropped


def test_the_file_names_ascii_and_chinese():
    said = exports.disposition("awards-2025-09-01", "奖励清单-2025-09-01", "csv")
    ascii_part, chinese_part = said.split("; filename*=UTF-8''")
    assert ascii_part == 'attachment; filename="awards-2025-09-01.csv"'
    assert unquote(chinese_part) == "奖励清单-2025-09-01.csv"
    assert said.isascii()


async def test_rows_are_read_a_batch_at_a_time_after_the_last_key():
    data = list(range(2500))
    asked = []

    async def fetch(after, size):
        asked.append((after, size))
        start = 0 if after is None else after + 1
        return data[start : start + size]

    got = [r async for r in exports.in_batches(fetch, key=lambda r: r, size=1000)]
    assert got == data
    assert asked == [(None, 1000), (999, 1000), (1999, 1000)]


def request_with(max_rows: int):
    return SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(export_max_rows=max_rows)))
    )


async def test_past_the_cap_the_export_is_refused_unless_uncapped():
    with pytest.raises(ExportTooLarge) as refused:
        await exports.export(request_with(2), TABLE, CSV, [row(), row(), row()])
    assert (refused.value.status, refused.value.code) == (422, "export_too_large")
    with pytest.raises(ExportTooLarge):  # the workbook begun is let go of (its temporary file removed)
        await exports.export(request_with(2), TABLE, XLSX, [row(), row(), row()])
    response = await exports.export(request_with(2), TABLE, XLSX, [row(), row(), row()], capped=False)
    assert response.media_type == XLSX
    answered = await exports.export(request_with(2), TABLE, CSV, [row(), row()])
    assert answered.headers["content-type"] == "text/csv; charset=utf-8"
    assert answered.headers["content-disposition"].startswith('attachment; filename="awards.csv"')


def test_the_documented_responses():
    responses = exports.documented(TABLE, example=[row()])
    assert set(responses) == {200, 406, 422}
    example = responses[200]["content"]["text/csv"]["example"]
    assert example.splitlines()[1] == "呼和浩特示例科技有限公司,赛罕区,500000.00,2025-05-31,2025-09-01T02:00:00+08:00,1"
    assert XLSX in responses[200]["content"]
    assert responses[406]["content"]["application/problem+json"]["schema"]["properties"]["code"]["enum"] == [
        "not_acceptable"
    ]
    assert set(exports.documented(TABLE, capped=False)) == {200, 406}
