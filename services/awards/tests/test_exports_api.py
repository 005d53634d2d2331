"""Exports (issue 12, item 11) through the ASGI app, clock at 2025-09-01: the awards, the claims, the budget
and the scale-up list as CSV (`Accept: text/csv`: UTF-8 with a byte-order mark, read back with the csv
module) and as .xlsx (read back with openpyxl), with Chinese headers and money to the fen; the same filters
and scopes as the JSON, every row matching them (not a page), a name beginning with `=` never a formula, 406
for an `Accept` no list answers, the row cap refused cleanly, and the JSON as it was. The public notices'
file: test_public_notice_api.py."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from urllib.parse import unquote

import openpyxl
import pytest

from zjtx.awards import exports
from zjtx.common.testing.registry_events import make_uscc

from .claiming import claim, enterprise, fair, upgrade
from .test_budget_api import seed
from .test_public_api import approve, moved_up

pytestmark = pytest.mark.usefixtures("appropriated")

CSV = {"Accept": "text/csv"}
XLSX = {"Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ZJTX = ("municipal_zjtx", date(2024, 6, 18))
INJECTED = '=HYPERLINK("http://evil.example","点我")'


def read_csv(response) -> list[dict[str, str]]:
    """The rows of a CSV answer, by header; the answer checked for what Excel needs."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_xlsx(response) -> tuple[list[str], list[list]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX["Accept"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows()]
    return [cell.value for cell in rows[0]], rows[1:]


def file_name(response) -> tuple[str, str]:
    """(the ASCII file name, the Chinese one) of Content-Disposition."""
    said = response.headers["content-disposition"]
    ascii_part, chinese_part = said.split("; filename*=UTF-8''")
    return ascii_part.removeprefix('attachment; filename="').removesuffix('"'), unquote(chinese_part)


async def upgrade_of_500000(client, keys, sessions, handlers) -> tuple[str, dict, str]:
    """赛罕区: an enterprise named with a formula, a municipal 专精特新 since 2024-06-18 (A1.1 200,000.00), and
    its upgrade of 2,500,000.00 (A2.2: 20% = 500,000.00, the cap): city 250,000.00, 150105 250,000.00;
    新城区: another enterprise's A1.1."""
    uscc = await enterprise(sessions, handlers, 2101, ZJTX, name=INJECTED)
    other = await enterprise(sessions, handlers, 2102, ZJTX, name="呼和浩特新城科技有限公司", district_code="150102")
    filed = await claim(client, keys, upgrade(uscc, investment="2500000.00"))
    assert filed["status"] == "accepted", filed
    return uscc, filed, other


async def test_the_awards_as_csv_with_chinese_headers_and_money_to_the_fen(client, keys, sessions, handlers):
    uscc, filed, _ = await upgrade_of_500000(client, keys, sessions, handlers)
    response = await client.get(
        "/v1/awards", params={"uscc": uscc, "rule": "A2.2"}, headers=keys.headers("reader") | CSV
    )
    [row] = read_csv(response)
    assert list(row) == exports.AWARDS.headers
    assert list(row)[:6] == [
        "奖励编号",
        "统一社会信用代码",
        "企业（园区）名称",
        "所属旗县区",
        "政策条款",
        "政策名称",
    ]
    assert row == {
        "奖励编号": filed["award_id"],
        "统一社会信用代码": uscc,
        "企业（园区）名称": "'" + INJECTED,  # a formula's first character: shown as text, never run
        "所属旗县区": "赛罕区",
        "政策条款": "A2.2",
        "政策名称": "“专精特新”中小企业技改项目按投资额20%补助",  # the rule's name beside its code
        "奖励金额（元）": "500000.00",
        "市本级承担（元）": "250000.00",
        "旗县区承担（元）": "250000.00",
        "状态": "computed",
        "状态名称": "已核算",
        "依据日期": "2025-05-31",
        "公示开始日": "",
        "公示截止日": "",
        "审核人": "",
        "批准人": "",
        "拨付日期": "",
        "拨付凭证号": "",
        "应追回金额（元）": "",
        "办结原因": "",
        "计算时间": row["计算时间"],
    }
    assert datetime.fromisoformat(row["计算时间"]).utcoffset().total_seconds() == 8 * 3600  # Beijing time
    assert file_name(response) == ("awards-2025-09-01.csv", "奖励清单-2025-09-01.csv")


async def test_the_awards_file_has_every_row_the_filters_match(client, keys, sessions, handlers):
    uscc, _, other = await upgrade_of_500000(client, keys, sessions, handlers)
    reader = keys.headers("reader")
    # limit and cursor do not apply: every award, the three of them, in the JSON list's order.
    everything = read_csv(await client.get("/v1/awards", params={"limit": 1}, headers=reader | CSV))
    assert sorted((r["统一社会信用代码"], r["政策条款"]) for r in everything) == sorted(
        [(uscc, "A1.1"), (other, "A1.1"), (uscc, "A2.2")]
    )
    listed = (await client.get("/v1/awards", params={"limit": 200}, headers=reader)).json()["items"]
    assert [r["奖励编号"] for r in everything] == [a["id"] for a in listed]
    xincheng = read_csv(await client.get("/v1/awards", params={"district_code": "150102"}, headers=reader | CSV))
    assert [(r["统一社会信用代码"], r["所属旗县区"], r["奖励金额（元）"]) for r in xincheng] == [
        (other, "新城区", "200000.00")
    ]
    assert read_csv(await client.get("/v1/awards", params={"status": "approved"}, headers=reader | CSV)) == []
    assert len(read_csv(await client.get("/v1/awards", params={"year": 2024}, headers=reader | CSV))) == 2


async def test_the_awards_as_a_workbook(client, keys, sessions, handlers):
    uscc, filed, _ = await upgrade_of_500000(client, keys, sessions, handlers)
    response = await client.get("/v1/awards", params={"uscc": uscc}, headers=keys.headers("reader") | XLSX)
    headers, rows = read_xlsx(response)
    assert headers == exports.AWARDS.headers
    assert len(rows) == 2
    [cells] = [dict(zip(headers, row, strict=True)) for row in rows if row[4].value == "A2.2"]
    assert cells["奖励编号"].value == filed["award_id"]
    name = cells["企业（园区）名称"]
    assert (name.value, name.data_type) == (INJECTED, "s")  # as written, a string, never a formula
    amount = cells["奖励金额（元）"]
    assert (amount.value, amount.number_format) == (500000, "0.00")  # a number Excel adds up
    assert (cells["市本级承担（元）"].value, cells["旗县区承担（元）"].value) == (250000, 250000)
    assert (cells["依据日期"].value, cells["依据日期"].number_format) == (datetime(2025, 5, 31), "yyyy-mm-dd")
    assert cells["所属旗县区"].value == "赛罕区"
    assert cells["公示开始日"].value is None
    assert file_name(response) == ("awards-2025-09-01.xlsx", "奖励清单-2025-09-01.xlsx")


async def test_the_json_list_is_as_it_was(client, keys, sessions, handlers):
    uscc, _, _ = await upgrade_of_500000(client, keys, sessions, handlers)
    reader = keys.headers("reader")
    plain = await client.get("/v1/awards", params={"uscc": uscc}, headers=reader)
    asked = await client.get("/v1/awards", params={"uscc": uscc}, headers=reader | {"Accept": "application/json"})
    anything = await client.get("/v1/awards", params={"uscc": uscc}, headers=reader | {"Accept": "*/*"})
    assert plain.headers["content-type"] == asked.headers["content-type"] == "application/json"
    assert plain.json() == asked.json() == anything.json()
    assert set(plain.json()) == {"items", "next_cursor"}
    assert sorted(a["amount"] for a in plain.json()["items"]) == ["200000.00", "500000.00"]


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/v1/awards", "reader"),
        ("/v1/claims", "reader"),
        ("/v1/budget", "reader"),
        ("/v1/public/notices", None),
        ("/v1/public/scale-up-list", None),
    ],
)
async def test_an_accept_no_list_answers_is_406(client, keys, path, who):
    headers = (keys.headers(who) if who else {}) | {"Accept": "application/pdf"}
    response = await client.get(path, headers=headers)
    assert response.status_code == 406, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_acceptable"


async def test_an_export_still_needs_its_scope(client, keys):
    assert (await client.get("/v1/awards", headers=CSV)).status_code == 401
    assert (await client.get("/v1/claims", headers=keys.headers("outsider") | XLSX)).status_code == 403
    assert (await client.get("/v1/budget", headers=keys.headers("outsider") | CSV)).status_code == 403


async def test_past_the_cap_an_export_is_refused_and_tells_to_narrow_the_filters(
    client, keys, sessions, handlers, settings
):
    await upgrade_of_500000(client, keys, sessions, handlers)
    settings.export_max_rows = 2  # the app's settings: EXPORT_MAX_ROWS
    reader = keys.headers("reader")
    refused = await client.get("/v1/awards", headers=reader | XLSX)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "export_too_large"
    assert "narrow the filters" in refused.json()["detail"]
    # Narrowed: the two of 赛罕区's enterprise fit.
    assert len(read_csv(await client.get("/v1/awards", params={"district_code": "150105"}, headers=reader | CSV))) == 2
    # The JSON pages are not capped.
    assert len((await client.get("/v1/awards", headers=reader)).json()["items"]) == 3


async def test_the_claims_as_csv_and_as_a_workbook(client, default_client, keys, sessions, handlers):
    uscc, filed, _ = await upgrade_of_500000(client, keys, sessions, handlers)
    local = await claim(client, keys, fair(uscc, "旗县农博会", level="local"))
    reader = keys.headers("reader")
    rows = read_csv(await client.get("/v1/claims", headers=reader | CSV))
    assert list(rows[0]) == [
        "申报编号",
        "政策条款",
        "政策名称",
        "统一社会信用代码",
        "状态",
        "状态名称",
        "不予支持原因",
        "原因代码",
        "原因名称",
        "奖励编号",
        "提交方",
        "申报时间",
    ]
    assert [(r["申报编号"], r["政策条款"], r["状态"], r["原因代码"], r["奖励编号"]) for r in rows] == [
        (filed["id"], "A2.2", "accepted", "", filed["award_id"]),
        (local["id"], "A6.1", "rejected", "fair_level", ""),
    ]
    # Beside each code, its Chinese name for the person reading the file.
    assert [(r["政策名称"], r["状态名称"], r["原因名称"]) for r in rows] == [
        ("“专精特新”中小企业技改项目按投资额20%补助", "已受理", ""),
        ("参加全国大型展览展销活动的参展费支持", "未通过", "展会级别不符"),
    ]
    # The file is the same, names and codes, to a reader of the default language (Chinese).
    assert read_csv(await default_client.get("/v1/claims", headers=reader | CSV)) == rows
    # A file is read in Chinese: the refusal's reason as a reader of the default language reads it.
    chinese = (await default_client.get(f"/v1/claims/{local['id']}", headers=reader)).json()["reason"]
    assert chinese != local["reason"]  # the English reader's
    assert rows[1]["不予支持原因"] == chinese and rows[1]["提交方"] == "platform"
    rejected = read_csv(await client.get("/v1/claims", params={"status": "rejected"}, headers=reader | CSV))
    assert [r["申报编号"] for r in rejected] == [local["id"]]
    assert read_csv(await client.get("/v1/claims", params={"to": "2025-08-31"}, headers=reader | CSV)) == []
    window = await client.get("/v1/claims", params={"from": "2025-03-02", "to": "2025-03-01"}, headers=reader | CSV)
    assert (window.status_code, window.json()["code"]) == (422, "window_invalid")
    response = await client.get("/v1/claims", params={"rule": "A2.2"}, headers=reader | XLSX)
    headers, cells = read_xlsx(response)
    assert headers == exports.CLAIMS.headers
    assert [[c.value for c in row][:5] for row in cells] == [
        [filed["id"], "A2.2", "“专精特新”中小企业技改项目按投资额20%补助", uscc, "accepted"]
    ]
    assert file_name(response) == ("claims-2025-09-01.xlsx", "申报清单-2025-09-01.xlsx")


async def test_the_budget_a_line_per_funder_as_the_json_shows(client, keys, sessions, handlers):
    await seed(client, keys, sessions, handlers)
    reader = keys.headers("reader")
    response = await client.get("/v1/budget", params={"year": 2025}, headers=reader | CSV)
    rows = read_csv(response)
    assert list(rows[0]) == exports.BUDGET.headers
    body = (await client.get("/v1/budget", params={"year": 2025}, headers=reader)).json()
    # One line per funder of the year: every funder with an amount or an appropriation (here all thirteen,
    # each with 100,000,000.00 appropriated), the city first.
    assert [r["出资方代码"] for r in rows] == [s["funder"] for s in body["appropriations"]]
    by_code = {r["出资方代码"]: r for r in rows}
    assert by_code["city"] == {
        "年度": "2025",
        "出资方代码": "city",
        "出资方": "市本级",
        "笔数": "3",
        "已承诺金额（元）": "200000.01",
        "已拨付金额（元）": "100000.00",
        "应追回金额（元）": "0.00",
        "已追回金额（元）": "0.00",
        "预算安排（元）": "100000000.00",
        "预算结余（元）": "99900000.00",
    }
    assert (by_code["Z-JSGX"]["出资方"], by_code["Z-JSGX"]["已承诺金额（元）"]) == ("金山高新区", "100000.00")
    assert (by_code["150105"]["出资方"], by_code["150105"]["已拨付金额（元）"]) == ("赛罕区", "100000.00")
    assert by_code["150125"]["笔数"] == "0"  # 武川县: an appropriation, no award
    for line in body["by_funder"]:
        assert by_code[line["funder"]]["已承诺金额（元）"] == line["committed"]
        assert by_code[line["funder"]]["已拨付金额（元）"] == line["paid"]
    assert file_name(response) == ("budget-2025.csv", "预算执行-2025年.csv")
    headers, cells = read_xlsx(await client.get("/v1/budget", params={"year": 2025}, headers=reader | XLSX))
    city = dict(zip(headers, [c.value for c in cells[0]], strict=True))
    assert (city["出资方"], city["已承诺金额（元）"], city["预算结余（元）"]) == ("市本级", 200000.01, 99900000)
    year = await client.get("/v1/budget", params={"year": 2021}, headers=reader | CSV)
    assert (year.status_code, year.json()["code"]) == (422, "year_out_of_range")


async def test_the_scale_up_list_as_a_file_without_a_key(client, keys, sessions, handlers):
    first = make_uscc(2161)
    await moved_up(sessions, handlers, first, "=呼和浩特甲乳业有限公司", 2021, (2022, 2023, 2024))
    await approve(client, keys, first)
    response = await client.get("/v1/public/scale-up-list", params={"year": 2024}, headers=CSV)  # no key
    assert read_csv(response) == [{"年度": "2024", "统一社会信用代码": first, "企业名称": "'=呼和浩特甲乳业有限公司"}]
    assert file_name(response) == ("scale-up-list-2024.csv", "小升规企业名单-2024年.csv")
    headers, cells = read_xlsx(await client.get("/v1/public/scale-up-list", params={"year": 2024}, headers=XLSX))
    assert headers == ["年度", "统一社会信用代码", "企业名称"]
    assert [c.value for c in cells[0]] == [2024, first, "=呼和浩特甲乳业有限公司"]
    assert read_csv(await client.get("/v1/public/scale-up-list", params={"year": 2023}, headers=CSV)) == []
