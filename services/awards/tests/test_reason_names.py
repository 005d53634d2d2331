"""Every refusal code the awards service gives has a Chinese name (rules.reasons), so that no Chinese
line (a file, the registry's history) says a code where a person reads it. Unit: the source is read."""

from __future__ import annotations

import re
from pathlib import Path

import zjtx.awards
from zjtx.awards.rules.reasons import REASON_NAMES, reason_name

SOURCE = Path(zjtx.awards.__file__).parent


def test_every_code_written_in_the_service_has_a_chinese_name():
    written = {
        code for path in SOURCE.rglob("*.py") for code in re.findall(r'\bcode="([a-z_]+)"', path.read_text("utf-8"))
    }
    assert written  # the pattern still finds them
    assert sorted(written - set(REASON_NAMES)) == []


def test_a_code_without_a_name_is_said_as_it_is():
    assert reason_name("credit_black_list") == "列入严重失信主体名单"
    assert reason_name(None) is None and reason_name("some_new_code") is None
