"""A10.6's disclosure as a file (the kit's exporter: CSV, or an Excel workbook). The headers stay the codes
the units' published files have always had, so a file published before and one published now line up."""

from __future__ import annotations

from types import SimpleNamespace

from zjtx.common.web.exports import Column, Table

DISCLOSURE = Table(
    name="disclosure",
    title="逾期未支付中小企业款项情况",
    columns=(
        Column("buyer_code", lambda line: line.buyer_code),
        Column("name", lambda line: line.name),
        Column("year", lambda line: line.year, "count"),
        Column("overdue_unpaid_contracts", lambda line: line.contracts, "count"),
        Column("overdue_unpaid_amount", lambda line: line.amount_fen, "money"),
    ),
)

# The line the API document shows.
EXAMPLE = SimpleNamespace(
    buyer_code="11150100011526044W", name="呼和浩特市示例局", year=2025, contracts=2, amount_fen=35_000_000
)


def file_name(year: int, buyer_code: str | None, lines: list) -> str:
    """`disclosure-2024`, or `disclosure-2024-<code>` for one unit's file."""
    return f"disclosure-{year}{'-' + lines[0].buyer_code if buyer_code and lines else ''}"
