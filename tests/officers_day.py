"""The officers' day's cast and stage (tests/test_officers_day.py): the clients as the city works, the two
enterprises, the registry and the awards service running together in this process on one clock, and how
an officer reads the budget."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zjtx.awards.definition import AWARDS
from zjtx.common.clock import CHINA
from zjtx.common.testing.clients import TestKeys
from zjtx.common.testing.platform import ServicesInProcess
from zjtx.common.testing.registry_events import registration_body
from zjtx.common.testing.uscc import make_uscc
from zjtx.common.testing.waiting import eventually
from zjtx.registry.definition import REGISTRY

# The clients as the city works (and as zjtx.common.devstack.keys names them), each with only its scopes.
KEYS = TestKeys(
    {
        "data-platform": ("registry:read", "registry:write", "awards:read", "awards:write"),
        "reviewer": ("registry:read", "awards:read", "awards:review"),
        "approver": ("awards:read", "awards:approve"),
        # a section chief who may do either, though never both on one award (four eyes by client)
        "section-chief": ("awards:read", "awards:review", "awards:approve"),
        "finance-bureau": ("awards:read", "awards:disburse"),
        # the budget office records appropriations, an admin operation
        "admin": ("admin", "awards:read"),
        # the people who check the record: the audit trail and nothing else
        "auditor": ("audit:read",),
    }
)

CSV = {"Accept": "text/csv"}
QINGCHENG = make_uscc(1201)
CHILECHUAN = make_uscc(1202)
WITHDRAWAL_REASON = "录入时误将他企证书记入本企业"
OBJECTION = {"raised_by": "张某（实名来信）", "reason": "该企业2024年存在欠薪投诉未结"}
RESOLUTION = "经核查，投诉已于2025年8月结案，异议不成立"


def enterprise(uscc: str, name: str, district_code: str) -> dict[str, Any]:
    """A small industrial SME of the agri-food cluster (one of the six), registered before the policy's years."""
    return registration_body(uscc, name=name, district_code=district_code)


class OfficersDay(ServicesInProcess):
    """The registry and the awards service, each client calling as itself, in Chinese by default."""

    def __init__(self, *, registry_url, awards_url, registry_engine, awards_engine, bootstrap, clock) -> None:
        super().__init__(
            [(REGISTRY, registry_url, registry_engine), (AWARDS, awards_url, awards_engine)],
            bootstrap=bootstrap,
            keys=KEYS,
            clock=clock,
        )
        self.clock = clock
        self.registry, self.awards = self.apis[REGISTRY.name], self.apis[AWARDS.name]
        for api in (self.registry, self.awards):
            # The test clients read English unless told; the officers read Chinese, the default.
            api.headers.pop("Accept-Language", None)

    def on(self, day: str) -> None:
        """Both services' today (Beijing, 10:00)."""
        year, month, dom = map(int, day.split("-"))
        self.clock.at = datetime(year, month, dom, 10, 0, tzinfo=CHINA)

    async def call(self, api, method: str, path: str, who: str, **kwargs) -> Any:
        return await api.request(method, path, headers=KEYS.headers(who) | kwargs.pop("headers", {}), **kwargs)

    async def ok(self, api, method: str, path: str, who: str, status: int = 200, **kwargs) -> Any:
        response = await self.call(api, method, path, who, **kwargs)
        assert response.status_code == status, f"{method} {path} as {who}: {response.text}"
        return response.json()

    async def problem(self, api, method: str, path: str, who: str, status: int, code: str, **kwargs) -> dict:
        response = await self.call(api, method, path, who, **kwargs)
        assert (response.status_code, response.json().get("code")) == (status, code), response.text
        assert response.headers["content-type"] == "application/problem+json"
        return response.json()

    async def award_of(self, uscc: str) -> dict[str, Any]:
        items = (await self.ok(self.awards, "GET", "/v1/awards", "reviewer", params={"uscc": uscc}))["items"]
        assert len(items) == 1, items
        return await self.award(items[0]["id"])

    async def award(self, award_id: str) -> dict[str, Any]:
        return await self.ok(self.awards, "GET", f"/v1/awards/{award_id}", "reviewer")

    async def act(self, award_id: str, action: str, who: str, body: dict | None = None) -> dict[str, Any]:
        return await self.ok(self.awards, "POST", f"/v1/awards/{award_id}/{action}", who, json=body)

    async def budget(self, year: int) -> dict[str, Any]:
        return await self.ok(self.awards, "GET", "/v1/budget", "reviewer", params={"year": year})

    async def history(self, uscc: str) -> list[dict[str, Any]]:
        page = await self.ok(self.registry, "GET", f"/v1/enterprises/{uscc}/history", "reviewer", params={"limit": 200})
        return page["items"]

    async def history_with(self, uscc: str, event_type: str) -> list[dict[str, Any]]:
        """The history once it holds a line of `event_type` (the awards service's events arrive by the broker)."""

        async def probe():
            lines = await self.history(uscc)
            return lines if any(line["event_type"] == event_type for line in lines) else None

        return await eventually(probe, what=f"{event_type} in {uscc}'s history")

    async def trail(self, award_id: str) -> list[tuple[str, str]]:
        page = await self.ok(
            self.awards, "GET", "/v1/audit", "auditor", params={"entity": "award", "id": award_id, "limit": 200}
        )
        return [(record["action"], record["actor"]) for record in page["items"]]


def funders(budget: dict[str, Any], field: str) -> dict[str, str]:
    return {line["funder"]: line[field] for line in budget["by_funder"]}


def standing(budget: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {a["funder"]: (a["appropriated"], a["paid"], a["remaining"]) for a in budget["appropriations"]}
