"""Dated parameters: the value in force on a date, and no value is an error, never a guess (STYLE 5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zjtx.common.parameters import (
    InvalidParameterFile,
    ParameterFile,
    ParameterModel,
    ParameterNotInForce,
    ParameterSource,
    ParameterValue,
    load_parameters,
)


def _file(*values: tuple[date, date | None, int]) -> ParameterFile:
    entries = [ParameterValue("rate", start, end, {"rule": "A2.2", "value": v}) for start, end, v in values]
    return ParameterFile("test", {"rate": sorted(entries, key=lambda value: value.valid_from)})


def test_latest_valid_from_on_or_before_the_date_wins():
    params = _file((date(2022, 1, 1), None, 20), (date(2024, 7, 1), None, 25), (date(2023, 3, 1), None, 22))
    assert params.in_force("rate", date(2022, 1, 1)).body["value"] == 20  # its first day
    assert params.in_force("rate", date(2023, 2, 28)).body["value"] == 20  # the day before the next
    assert params.in_force("rate", date(2023, 3, 1)).body["value"] == 22
    assert params.in_force("rate", date(2024, 6, 30)).body["value"] == 22
    assert params.in_force("rate", date(2024, 7, 1)).body["value"] == 25
    assert params.in_force("rate", date(2099, 12, 31)).body["value"] == 25


def test_date_before_any_value_raises():
    params = _file((date(2022, 1, 1), None, 20))
    with pytest.raises(ParameterNotInForce) as caught:
        params.in_force("rate", date(2021, 12, 31))
    assert (caught.value.name, caught.value.on) == ("rate", date(2021, 12, 31))
    assert str(caught.value) == "no value of parameter 'rate' is in force on 2021-12-31"


def test_unknown_name_raises():
    with pytest.raises(ParameterNotInForce):
        _file((date(2022, 1, 1), None, 20)).in_force("cap", date(2025, 1, 1))


def test_valid_to_ends_a_value_on_that_day():
    # valid_to is the first day it no longer applies: [2022-01-01, 2025-06-01).
    params = _file((date(2022, 1, 1), date(2025, 6, 1), 20))
    assert params.in_force("rate", date(2025, 5, 31)).body["value"] == 20
    with pytest.raises(ParameterNotInForce):
        params.in_force("rate", date(2025, 6, 1))


def test_value_ending_where_the_next_begins():
    params = _file((date(2020, 9, 1), date(2025, 6, 1), 30), (date(2025, 6, 1), None, 60))
    assert params.in_force("rate", date(2025, 5, 31)).body["value"] == 30
    assert params.in_force("rate", date(2025, 6, 1)).body["value"] == 60


def test_value_carries_its_rule_id():
    assert _file((date(2022, 1, 1), None, 20)).in_force("rate", date(2022, 1, 1)).rule == "A2.2"


class Cap(ParameterModel):
    value: int


def _write(tmp_path: Path, text: str, name: str = "parameters.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_sorts_values_by_valid_from(tmp_path: Path):
    path = _write(
        tmp_path,
        'version: "2025-01-01.1"\n'
        "cap:\n"
        "  - {valid_from: 2024-01-01, rule: A2.2, article: 二、最高不超过60万元, value: 600000}\n"
        "  - {valid_from: 2022-01-01, valid_to: 2023-01-01, rule: A2.2, article: 二、不超过50万元, value: 500000}\n",
    )
    params = ParameterFile.load(ParameterSource("awards", path, {"cap": Cap}))
    assert params.version == "awards:2025-01-01.1" and params.names() == ["cap"]
    assert params.in_force("cap", date(2022, 12, 31)).body["value"] == 500000
    assert params.in_force("cap", date(2024, 1, 1)).body["value"] == 600000
    assert params.in_force("cap", date(2024, 1, 1)).article == "二、最高不超过60万元"
    with pytest.raises(ParameterNotInForce):
        params.in_force("cap", date(2023, 6, 1))  # the gap between the two


def test_a_value_of_the_wrong_shape_stops_the_load_naming_file_key_and_rule(tmp_path: Path):
    path = _write(
        tmp_path,
        'version: "1"\ncap:\n  - {valid_from: 2022-01-01, rule: A2.2, article: 二、…, value: "half a million"}\n',
    )
    with pytest.raises(InvalidParameterFile) as caught:
        ParameterFile.load(ParameterSource("awards", path, {"cap": Cap}))
    message = str(caught.value)
    assert str(path) in message and "cap[0]" in message and "rule A2.2" in message and "value" in message


def test_every_value_carries_its_rule_and_article(tmp_path: Path):
    path = _write(tmp_path, 'version: "1"\ncap:\n  - {valid_from: 2022-01-01, rule: A2.2, value: 500000}\n')
    with pytest.raises(InvalidParameterFile, match=r"cap\[0\] \(rule A2.2\): article: Field required"):
        ParameterFile.load(ParameterSource("awards", path, {"cap": Cap}))


def test_unknown_and_missing_parameters_are_refused(tmp_path: Path):
    path = _write(tmp_path, 'version: "1"\ncaps:\n  - {valid_from: 2022-01-01, rule: A2.2, article: x, value: 1}\n')
    with pytest.raises(InvalidParameterFile, match="unknown parameter"):
        ParameterFile.load(ParameterSource("awards", path, {"cap": Cap}))
    with pytest.raises(InvalidParameterFile, match="cap missing"):
        ParameterFile.load(ParameterSource("awards", path, {"caps": Cap, "cap": Cap}))


def test_a_parameter_has_one_owner(tmp_path: Path):
    text = 'version: "1"\ncap:\n  - {valid_from: 2022-01-01, rule: A2.2, article: x, value: 1}\n'
    first, second = _write(tmp_path, text, "a.yaml"), _write(tmp_path, text, "b.yaml")
    with pytest.raises(InvalidParameterFile, match="already defined"):
        ParameterFile.load(ParameterSource("a", first, {"cap": Cap}), ParameterSource("b", second, {"cap": Cap}))


def test_the_shipped_shared_file_fits_its_models():
    params = load_parameters()
    assert params.version.startswith("common:")
    assert params.in_force("funding_split", date(2022, 1, 1)).body["city_share"] == "0.50"
    assert params.in_force("recognition_validity_years", date(2025, 1, 1)).body["tiers"]["national_little_giant"] == 3


def test_an_ended_value_does_not_bring_back_the_one_it_replaced():
    # 20 from 2022; replaced by 25 for [2024-01-01, 2025-01-01). On 2025-03-01 nothing is in force:
    # 20 was superseded in 2024 and must not silently apply again.
    params = _file((date(2022, 1, 1), None, 20), (date(2024, 1, 1), date(2025, 1, 1), 25))
    assert params.in_force("rate", date(2024, 12, 31)).body["value"] == 25
    with pytest.raises(ParameterNotInForce):
        params.in_force("rate", date(2025, 3, 1))
