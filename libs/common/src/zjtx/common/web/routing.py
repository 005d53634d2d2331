"""The router every service's features use (`Router`, in place of FastAPI's APIRouter): its routes own
their request's transaction, refuse a query parameter they do not declare (422 `unknown_parameter`,
naming it: a misspelt filter must not quietly return everything), and document the problems an operation
can answer with (`problems(...)`). The parameters of lists (`Limit`, `Cursor`) and of dates and years
(`Day`, `Year`) are checked here once, with their bounds in the schema."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.dependencies.models import Dependant
from pydantic import BeforeValidator
from starlette.routing import Match, get_route_path
from starlette.types import Scope

from zjtx.common.dates import FIRST_DAY, LAST_DAY, iso_day, say_day_bounds
from zjtx.common.errors import AppError, Unprocessable
from zjtx.common.uscc import USCC_CHECK_NOTE, USCC_DESCRIPTION, USCC_PATTERN
from zjtx.common.web.deps import TransactionalRoute
from zjtx.common.web.paging import DEFAULT_LIMIT, MAX_LIMIT

Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"items a page holds, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})")
]
Cursor = Annotated[
    str | None,
    Query(max_length=500, description="the `next_cursor` of the previous page, as it was given; none for the first"),
]
Day = Annotated[
    date,
    Query(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description=f"a date, YYYY-MM-DD ({FIRST_DAY} to {LAST_DAY})",
        json_schema_extra=say_day_bounds,  # the schema says them too, whatever the operation's description
    ),
    BeforeValidator(iso_day),  # "0" is no date (pydantic would read seconds since 1970)
]
Year = Annotated[int, Query(ge=FIRST_DAY.year, le=LAST_DAY.year, description="a calendar year, 1949 to 2099")]
# An enterprise's credit code in a path or a filter: its shape checked here (so no wild value reaches a
# query), its check character by normalise_uscc in the use case (`uscc_invalid`, which the operation
# documents with problems(InvalidUSCC)).
UsccPath = Annotated[str, Path(pattern=USCC_PATTERN, description=f"the enterprise's {USCC_DESCRIPTION}")]
UsccFilter = Annotated[
    str | None, Query(pattern=USCC_PATTERN, description=f"only the enterprise of this credit code. {USCC_CHECK_NOTE}")
]


class UnknownParameter(Unprocessable):
    code, title = "unknown_parameter", "The request has a query parameter this operation does not take"


class KitRoute(TransactionalRoute):
    """A route that refuses the query parameters it does not declare, and whose request owns its
    transaction (TransactionalRoute: the session made when first asked for, committed before the answer
    leaves). The query is checked first: a refused request makes no session."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        names = query_names(self.dependant)

        async def strict(request: Request) -> Response:
            if request.scope.get("query_string"):
                unknown = sorted(set(request.query_params) - names)
                if unknown:
                    takes = ", ".join(sorted(names)) or "none"
                    raise UnknownParameter(
                        f"{', '.join(unknown)}: not a parameter of this operation (it takes: {takes})",
                        errors=[{"field": f"query.{name}", "message": "unknown parameter"} for name in unknown],
                    )
            return await handler(request)

        return strict


def query_names(dependant: Dependant) -> frozenset[str]:
    """The query parameters an operation takes, its dependencies' included."""
    names: set[str] = set()
    stack = [dependant]
    while stack:
        current = stack.pop()
        names.update(param.alias for param in current.query_params)
        stack.extend(current.dependencies)
    return frozenset(names)


class Router(APIRouter):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(route_class=KitRoute, **kwargs)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Every route of a router with a prefix lies under it: a path elsewhere is refused at once. FastAPI
        asks every included router in turn, and each tries its routes one by one (a service has some twenty
        routers): without this, finding a route costs more than many an endpoint's own work."""
        if not get_route_path(scope).startswith(self._static_prefix):
            return Match.NONE, {}
        return super().matches(scope)

    @property
    def _static_prefix(self) -> str:
        # The prefix up to its first path parameter (`/v1/enterprises/{uscc}/recognitions`: `/v1/enterprises/`),
        # which every path of the router begins with; read each time, as the prefix may be set after __init__.
        return self.prefix.split("{", 1)[0]


def problems(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an operation that can answer with these problems, by status, each listing its
    codes (the kit adds those every operation can answer with: zjtx.common.web.openapi)."""
    by_status: dict[int, list[type[AppError]]] = {}
    for error in errors:
        by_status.setdefault(error.status, []).append(error)
    return {status: problem_response(found) for status, found in sorted(by_status.items())}


def problem_response(errors: list[type[AppError]] | list[tuple[str, str]]) -> dict[str, Any]:
    pairs = [(e.code, e.title) if isinstance(e, type) else e for e in errors]
    codes = sorted({code for code, _ in pairs})
    return {
        "description": "; ".join(f"`{code}`: {title}" for code, title in sorted(set(pairs))),
        "content": {
            "application/problem+json": {
                "schema": {
                    "allOf": [{"$ref": "#/components/schemas/Problem"}],
                    "properties": {"code": {"type": "string", "enum": codes}},
                }
            }
        },
    }
