"""Exports of a list (issue 12, item 11): the same operation answers JSON, CSV or an Excel workbook, by the
request's `Accept` header, with Chinese column headers, for the officers who open them in Excel or WPS.

- Negotiation (`negotiate`): `application/json` when there is no `Accept` (or `*/*`, or `application/*`);
  `text/csv`; `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (.xlsx). The q-values
  count, the most specific range wins, ties go to JSON. An `Accept` that takes none of them is 406
  `not_acceptable` (problem+json), before any work.
- A table (`Table`, `Column`) says each column's Chinese header, how to read its value from a row and what
  kind of value it is: text, money (integer fen: yuan with two decimals, "500000.00"), a date (ISO
  8601), an instant (ISO 8601 in Asia/Shanghai), a count. Codes with Chinese names (districts, tiers,
  the city as funder) are said by `named(...)` over the table of names the service already has.
- CSV: UTF-8 with a byte-order mark (Excel and WPS then read the Chinese right), RFC 4180 (CRLF, fields
  quoted when they hold a comma, a quote or a line break). Formula injection: a text cell beginning with
  `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text and
  never runs it. Only text cells are guarded: money, dates and counts are written by us from numbers
  (digits, a point, a minus for a negative amount), so a negative amount stays a number.
- XLSX (openpyxl, write-only): one sheet, the headers in bold on the first row (frozen); text cells are
  strings, never formulas (a name beginning with `=` is shown as written), with the characters XML cannot
  carry dropped; money is a number with the format `0.00` (so a column adds up in Excel), dates are dates
  (`yyyy-mm-dd`), counts integers.
- A file holds every row matching the filters, from the first (`limit` and `cursor`, the JSON pages',
  do not apply), read from the database in batches (`in_batches`: keyset pages of `BATCH` rows), and at
  most `export_max_rows` (the setting EXPORT_MAX_ROWS, 100,000 by default): past it the answer is 422
  `export_too_large`, telling to narrow the filters. The file is built in memory, then sent.
- `Content-Disposition: attachment` with an ASCII `filename` and the Chinese one as `filename*`
  (RFC 6266, UTF-8).
- `documented(...)`: the `responses=` of an exported operation: its problems, 406 and 422
  `export_too_large`, and on its 200 the CSV (with an example made by the writer) and XLSX media types."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote

from fastapi import Request, Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zjtx.common.clock import CHINA
from zjtx.common.errors import AppError, Unprocessable
from zjtx.common.money import fen_to_yuan, format_fen
from zjtx.common.web.routing import problems

JSON = "application/json"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = (JSON, CSV, XLSX)
SUFFIXES = {CSV: "csv", XLSX: "xlsx"}

BATCH = 1000  # rows read from the database at a time
DEFAULT_MAX_ROWS = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

T = TypeVar("T")
Kind = Literal["text", "money", "date", "instant", "count"]


class NotAcceptable(AppError):
    status, code, title = 406, "not_acceptable", "The operation cannot answer in a format the Accept header takes"


class ExportTooLarge(Unprocessable):
    code, title = "export_too_large", "The export would hold more rows than a file may: narrow the filters"


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header
    value: Callable[[Any], Any]  # the cell's value, read from a row
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    name: str  # the file's ASCII name, without its suffix: `awards`
    title: str  # its Chinese name (the file's `filename*` and the sheet's title): `奖励清单`
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def values(self, row: Any) -> list[tuple[Kind, Any]]:
        return [(column.kind, column.value(row)) for column in self.columns]


def named(names: Mapping[str, str]) -> Callable[[str | None], str | None]:
    """A code said by its Chinese name (the code itself when the table has none for it)."""

    def say(code: str | None) -> str | None:
        return None if code is None else names.get(code, code)

    return say


# Negotiation.


def negotiate(accept: str | None, offered: Sequence[str] = FORMATS) -> str:
    """The media type to answer with: the offered one the `Accept` header rates highest (the most specific
    range that matches it gives its q), the first offered on a tie or without a header; 406 for none."""
    if accept is None or not accept.strip():
        return offered[0]
    ranges = list(_ranges(accept))
    best, best_q = None, 0.0
    for offer in offered:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    if best is None:
        shown = accept if len(accept) <= 200 else accept[:200] + "…"
        raise NotAcceptable(f"Accept: {shown}: this operation answers {', '.join(offered)}")
    return best


def requested(request: Request, offered: Sequence[str] = FORMATS) -> str:
    return negotiate(request.headers.get("accept"), offered)


def _ranges(accept: str) -> Iterable[tuple[str, str, float]]:
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        kind, _, sub = media.lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:
                    q = 0.0
        yield kind, sub, q


def _quality(offer: str, ranges: list[tuple[str, str, float]]) -> float:
    kind, _, sub = offer.partition("/")
    found: tuple[int, float] | None = None
    for range_kind, range_sub, q in ranges:
        if (range_kind, range_sub) == (kind, sub):
            specificity = 2
        elif range_kind == kind and range_sub == "*":
            specificity = 1
        elif (range_kind, range_sub) == ("*", "*"):
            specificity = 0
        else:
            continue
        if found is None or specificity > found[0]:
            found = (specificity, q)
    return found[1] if found else 0.0


# Cells.


def guarded(text: str) -> str:
    """A text cell a spreadsheet will not read as a formula (CSV)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind == "money":
        return format_fen(value)
    if kind == "date":
        return value.isoformat()
    if kind == "instant":
        return value.astimezone(CHINA).isoformat(timespec="seconds")
    if kind == "count":
        return str(int(value))
    return guarded(str(value))


# Writers: rows added one at a time, the file's bytes at the end.


class CsvWriter:
    media_type = f"{CSV}; charset=utf-8"
    suffix = "csv"

    def __init__(self, table: Table) -> None:
        self.table = table
        self._out = io.StringIO()
        self._out.write(BOM)
        self._csv = csv.writer(self._out, lineterminator="\r\n")
        self._csv.writerow([guarded(header) for header in table.headers])

    def add(self, row: Any) -> None:
        self._csv.writerow([csv_cell(kind, value) for kind, value in self.table.values(row)])

    def finish(self) -> bytes:
        return self._out.getvalue().encode("utf-8")

    def discard(self) -> None:
        """Nothing to let go of: the text is in memory."""


class XlsxWriter:
    media_type = XLSX
    suffix = "xlsx"
    FORMATS = {"money": "0.00", "date": "yyyy-mm-dd", "instant": "yyyy-mm-dd hh:mm:ss", "count": "0"}

    def __init__(self, table: Table) -> None:
        self.table = table
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(_sheet_title(table.title))
        self._sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            width = {"money": 16, "date": 12, "instant": 20, "count": 8}.get(column.kind, 24)
            self._sheet.column_dimensions[get_column_letter(index)].width = max(width, 2 * len(column.header) + 2)
        bold = Font(bold=True)
        self._sheet.append([self._text(header, font=bold) for header in table.headers])

    def _text(self, value: str, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever it begins with
        if font is not None:
            cell.font = font
        return cell

    def _cell(self, kind: Kind, value: Any) -> WriteOnlyCell | None:
        if value is None:
            return None
        if kind == "text":
            return self._text(str(value))
        if kind == "money":
            value = fen_to_yuan(value)
        elif kind == "instant":
            value = value.astimezone(CHINA).replace(tzinfo=None)  # Excel has no time zones: Beijing time
        elif kind == "count":
            value = int(value)
        elif kind == "date" and isinstance(value, datetime):
            value = value.date()
        cell = WriteOnlyCell(self._sheet, value=value)
        cell.number_format = self.FORMATS[kind]
        return cell

    def add(self, row: Any) -> None:
        self._sheet.append([self._cell(kind, value) for kind, value in self.table.values(row)])

    def finish(self) -> bytes:
        out = io.BytesIO()
        self._book.save(out)
        return out.getvalue()

    def discard(self) -> None:
        """A workbook given up (an export refused half-way): its sheet closed and its temporary file removed,
        as saving it would have done."""
        if not self._sheet.closed:
            self._sheet.close()
        if self._sheet._writer is not None:
            self._sheet._writer.cleanup()


def writer_for(media_type: str, table: Table) -> CsvWriter | XlsxWriter:
    return CsvWriter(table) if media_type == CSV else XlsxWriter(table)


def _sheet_title(title: str) -> str:
    return "".join(char for char in title if char not in "[]:*?/\\")[:31] or "Sheet1"


# Rows, in batches, and the answer.


async def in_batches(
    fetch: Callable[[Any, int], Awaitable[Sequence[T]]], key: Callable[[T], Any], *, size: int = BATCH
) -> AsyncIterator[T]:
    """Every row of a keyset-paged query: `fetch(after, size)` gives the rows after the sort key `after`
    (None: from the first), `key(row)` a row's sort key; a page at a time, not the whole list at once."""
    after = None
    while True:
        rows = await fetch(after, size)
        for row in rows:
            yield row
        if len(rows) < size:
            return
        after = key(rows[-1])


def max_rows(request: Request) -> int:
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "export_max_rows", DEFAULT_MAX_ROWS)


async def export(
    request: Request,
    table: Table,
    media_type: str,
    rows: AsyncIterable[Any] | Iterable[Any],
    *,
    name: str | None = None,
    title: str | None = None,
    capped: bool = True,
) -> Response:
    """The file of `rows` in `media_type` (CSV or XLSX), as an attachment named `name` (ASCII) and `title`
    (Chinese), the table's by default; 422 `export_too_large` past the rows a file may hold (unless not
    `capped`: a list bounded by what it is, a budget's funders, a year's published names)."""
    writer = writer_for(media_type, table)
    cap, count = max_rows(request), 0
    try:
        async for row in _each(rows):
            count += 1
            if capped and count > cap:
                raise ExportTooLarge(
                    f"more than {cap} rows match: narrow the filters (a year, a status, a district, …) and "
                    "export each part"
                )
            writer.add(row)
    except BaseException:
        writer.discard()
        raise
    return Response(
        writer.finish(),
        media_type=writer.media_type,
        headers={"Content-Disposition": disposition(name or table.name, title or table.title, writer.suffix)},
    )


async def _each(rows: AsyncIterable[Any] | Iterable[Any]) -> AsyncIterator[Any]:
    if isinstance(rows, AsyncIterable):
        async for row in rows:
            yield row
    else:
        for row in rows:
            yield row


def disposition(name: str, title: str, suffix: str) -> str:
    """`attachment` with an ASCII file name and the Chinese one (RFC 6266 `filename*`, UTF-8)."""
    ascii_name = "".join(char if char.isascii() and (char.isalnum() or char in "-_.") else "_" for char in name)
    return f"attachment; filename=\"{ascii_name}.{suffix}\"; filename*=UTF-8''{quote(f'{title}.{suffix}', safe='')}"


# The OpenAPI document.


def csv_example(table: Table, rows: Iterable[Any]) -> str:
    """What the CSV of `rows` says (without its byte-order mark), for the document."""
    writer = CsvWriter(table)
    for row in rows:
        writer.add(row)
    return writer.finish().decode("utf-8").removeprefix(BOM)


def documented(
    table: Table, *errors: type[AppError], example: Iterable[Any] = (), capped: bool = True
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation exported as `table`: its own problems, 406 `not_acceptable`, 422
    `export_too_large` (unless `capped` is False: a list whose rows are bounded), and the CSV and XLSX
    media types of its 200 beside its JSON."""
    responses = problems(*errors, NotAcceptable, *((ExportTooLarge,) if capped else ()))
    responses[200] = {
        "description": f"JSON by default; with `Accept: {CSV}` the CSV file (UTF-8 with a byte-order mark, "
        f"Chinese headers), with `Accept: {XLSX}` the Excel workbook: every row matching the filters"
        + (" (limit and cursor do not apply)" if capped else ""),
        "content": {
            CSV: {"schema": {"type": "string"}, "example": csv_example(table, example)},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
    return responses


__all__ = [
    "CSV",
    "FORMATS",
    "JSON",
    "XLSX",
    "Column",
    "ExportTooLarge",
    "NotAcceptable",
    "Table",
    "documented",
    "export",
    "in_batches",
    "named",
    "negotiate",
    "requested",
]
