"""Every refusal code the finance-subsidy rules give has a Chinese name (rules.reasons), and no Chinese
line says a code where a person reads it: the code stays in its own field. Unit: the source is read."""

from __future__ import annotations

import re
from pathlib import Path

import zjtx.finance_subsidy
from zjtx.finance_subsidy.rules.reasons import REASON_NAMES, reason_name

SOURCE = Path(zjtx.finance_subsidy.__file__).parent
# A refusal through the table: refuse(ctx, "code", …), or subsidy.py's refused("code", …); a code may be
# given by a constant of its module (ceiling.py's ABOVE = "rate_above_ceiling").
REFUSAL = re.compile(r'\brefused?\(\s*(?:ctx,\s*)?(?:"([a-z_]+)"|([A-Z_]+)\b)')
CONSTANT = re.compile(r'^([A-Z_]+) = "([a-z_]+)"', re.MULTILINE)
# A Chinese line that starts with a code (zh=f"lpr_unknown：…", zh=f"{code}：…", f"{exc.code}：…").
CODE_IN_CHINESE = re.compile(r'\bzh=f?"(?:[a-z_]+|\{[a-z_.]+\})：|\{[a-z_.]*\bcode\}：')


def _codes_refused() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text("utf-8")
        constants = dict(CONSTANT.findall(text))
        codes |= {literal or constants[name] for literal, name in REFUSAL.findall(text)}
    return codes


def test_every_code_refused_in_the_rules_has_a_chinese_name():
    refused = _codes_refused()
    assert {"recognition_revoked", "closed_by_review", "lpr_unknown", "rate_above_ceiling"} <= refused
    assert sorted(refused - set(REASON_NAMES)) == []


def test_no_chinese_line_starts_with_a_code():
    found = [
        f"{path.name}: {hit}"
        for path in SOURCE.rglob("*.py")
        for hit in CODE_IN_CHINESE.findall(path.read_text("utf-8"))
    ]
    assert found == []


def test_a_code_without_a_name_is_said_as_it_is():
    assert reason_name("lpr_unknown") == "LPR尚未获取"
    assert reason_name("some_new_code") == "some_new_code"
