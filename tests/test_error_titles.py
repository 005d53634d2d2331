"""Every error has its Chinese title: each AppError of every service and of the kit, and each problem the
kit's middleware answers with, has its code in the Chinese titles the service answers with (the kit's and
its definition's `error_titles`), so that no person gets an English title they did not ask for."""

from __future__ import annotations

import re

import pytest

from zjtx.common.error_titles import KIT_TITLES
from zjtx.common.web import errors as kit_errors

from .test_openapi_problem_codes import DEFINITIONS, KIT_ANSWERS, defined_codes

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_every_error_of_the_service_has_a_chinese_title(definition):
    titles = {**KIT_TITLES, **definition.error_titles}
    missing = sorted(code for code in defined_codes(definition) if not CHINESE.search(titles.get(code, "")))
    assert missing == []


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
def test_a_service_names_only_codes_it_has(definition):
    assert set(definition.error_titles) <= defined_codes(definition)


def test_every_answer_of_the_kit_itself_has_a_chinese_title():
    codes = KIT_ANSWERS | {code for code, _ in kit_errors._HTTP_CODES.values()} | {"internal_error", "http_error"}
    assert sorted(code for code in codes if not CHINESE.search(KIT_TITLES.get(code, ""))) == []
