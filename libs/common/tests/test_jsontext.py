"""zjtx.common.jsontext: orjson's speed, json's answers: the same JSON values, and the same refusals."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Text, bindparam, cast, select
from sqlalchemy.dialects.postgresql import JSONB

from zjtx.common import jsontext
from zjtx.common.db import create_engine


def test_it_writes_what_json_writes_as_values() -> None:
    value = {"amount": "500000.00", "名称": "赛罕区", "steps": [1, 2.5, None, True], "nested": {"a": []}}
    assert json.loads(jsontext.dumps(value)) == value
    assert "赛罕区" in jsontext.dumps(value)  # UTF-8 as it is, no \u escapes


def test_what_orjson_will_not_take_goes_to_json() -> None:
    beyond_64_bits = 2**70
    assert json.loads(jsontext.dumps({"n": beyond_64_bits})) == {"n": beyond_64_bits}
    assert jsontext.loads(json.dumps({"n": beyond_64_bits})) == {"n": beyond_64_bits}
    # Exact, not the nearest float (orjson's reading): 2**70 + 1 and one below -2**63 stay integers.
    for exact in (2**70 + 1, -(2**63) - 1, 2**64):
        assert jsontext.loads(json.dumps([exact])) == [exact] and isinstance(jsontext.loads(str(exact)), int)
        assert jsontext.loads(str(exact).encode()) == exact
    assert jsontext.dumps({1: "a"}) == json.dumps({1: "a"})  # a key that is not a string, as json makes it


@dataclass
class _Point:
    x: int


@pytest.mark.parametrize("value", [datetime(2026, 12, 3, tzinfo=UTC), date(2026, 12, 3), _Point(1)])
def test_what_json_refuses_is_refused_unless_default_says_how(value) -> None:
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        jsontext.dumps(value)
    assert json.loads(jsontext.dumps({"v": value}, default=str)) == {"v": str(value)}


def test_a_uuid_needs_no_default() -> None:
    key = uuid.uuid4()
    assert jsontext.dumps([key]) == f'["{key}"]'


def test_bad_text_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(json.JSONDecodeError):
        jsontext.loads("{")


async def test_the_engine_writes_and_reads_jsonb_through_it(pg_server_url) -> None:
    engine = create_engine(pg_server_url, pool_size=1)
    value = {"名称": "赛罕区", "fen": 50_000_000, "big": 2**70, "steps": [{"rule": "A1.2"}]}
    try:
        async with engine.connect() as connection:
            echoed = await connection.scalar(select(cast(bindparam("v", value, type_=JSONB), JSONB)))
            as_text = await connection.scalar(select(cast(bindparam("v", value, type_=JSONB), Text)))
    finally:
        await engine.dispose()
    assert echoed == value
    assert json.loads(as_text) == value
