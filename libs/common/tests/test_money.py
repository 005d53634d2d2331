"""Money: yuan in, integer fen stored, "0.00" out, half-up rounding once at the end (RULES: "Money")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from zjtx.common import rules
from zjtx.common.money import (
    FenAsYuan,
    InvalidAmount,
    YuanIn,
    fen_to_yuan,
    format_fen,
    parse_yuan,
    round_half_up_to_fen,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    "text, fen",
    [
        ("1000000.00", 100_000_000),  # 1,000,000 yuan × 100 fen
        ("999999.99", 99_999_999),  # one fen below a million
        ("0.01", 1),
        ("0", 0),
        (" 12.5 ", 1250),
        (500000, 50_000_000),
    ],
)
def test_parse_yuan_to_fen(text, fen):
    assert yuan_to_fen(parse_yuan(text)) == fen


def test_parse_keeps_two_places():
    assert str(parse_yuan("1000000")) == "1000000.00"
    assert str(parse_yuan("999999.99")) == "999999.99"


def test_float_is_read_as_its_shortest_text():
    # 0.1 is 0.1000000000000000055511151231257827… in binary; repr gives "0.1", so 10 fen, not a refusal.
    assert parse_yuan(0.1) == Decimal("0.10")
    assert yuan_to_fen(parse_yuan(0.1)) == 10


def test_float_sum_with_binary_noise_is_refused():
    # 0.1 + 0.2 = 0.30000000000000004: seventeen decimals, not an amount exact to the fen.
    with pytest.raises(InvalidAmount):
        parse_yuan(0.1 + 0.2)


@pytest.mark.parametrize("value", ["12.345", "0.001", "999999.999"])
def test_three_decimals_are_refused(value):
    with pytest.raises(InvalidAmount, match="more than two decimals"):
        parse_yuan(value)


@pytest.mark.parametrize("value", ["-0.01", "-1", -5])
def test_negative_is_refused(value):
    with pytest.raises(InvalidAmount, match="negative"):
        parse_yuan(value)


@pytest.mark.parametrize("value", ["NaN", float("nan"), "Infinity", float("inf"), "-inf", "abc", "", "1,000.00"])
def test_not_a_number_is_refused(value):
    with pytest.raises(InvalidAmount, match="not a number"):
        parse_yuan(value)


@pytest.mark.parametrize("value", [True, False, None])
def test_bool_and_null_are_refused(value):
    # bool is an int in Python; True must not become 1.00 yuan.
    with pytest.raises(InvalidAmount):
        parse_yuan(value)


@pytest.mark.parametrize(
    "fen, text",
    [
        (0, "0.00"),
        (1, "0.01"),
        (10, "0.10"),
        (99_999_999, "999999.99"),
        (50_000_000, "500000.00"),
        (2_000_000_000, "20000000.00"),
    ],
)
def test_format_fen(fen, text):
    assert format_fen(fen) == text
    assert fen_to_yuan(fen) == Decimal(text)


@pytest.mark.parametrize(
    "fraction, fen",
    [
        ("2.5", 3),  # half goes up (not to even, which would give 2)
        ("3.5", 4),
        ("2.4999", 2),
        ("2.5001", 3),
        ("0.5", 1),
        ("12345.5", 12346),
        ("7", 7),
    ],
)
def test_round_half_up_to_fen(fraction, fen):
    assert round_half_up_to_fen(Decimal(fraction)) == fen


def test_round_half_up_worked_example():
    # 5% of a new supply of 123,456.70 yuan = 12,345,670 fen × 0.05 = 617,283.5 fen → 617,284 fen = 6,172.84 yuan.
    assert format_fen(round_half_up_to_fen(Decimal(12_345_670) * Decimal("0.05"))) == "6172.84"


class _Amounts(BaseModel):
    amount: YuanIn
    shown: FenAsYuan = 0


def test_request_field_holds_fen_and_response_field_shows_yuan():
    model = _Amounts(amount="1000000.00", shown=99_999_999)
    assert model.amount == 100_000_000
    assert model.model_dump(mode="json") == {"amount": 100_000_000, "shown": "999999.99"}


@pytest.mark.parametrize(
    "value",
    [
        "12.345",
        "-1.00",
        True,
        "NaN",
        "1e3",
        "+100.00",
        " 100.00",
        "100.00 ",
        "1_000.00",
        "１００.００",  # full-width digits
        ".5",
        "5.",
        "100",
        "100.5",
        100,  # a JSON number
        100.5,
        "-0.00",
        "1234567890123.00",  # 13 digits before the point
        None,
    ],
)
def test_request_field_refusal_is_a_validation_error(value):
    with pytest.raises(ValidationError, match="exactly two decimals"):
        _Amounts(amount=value)


@pytest.mark.parametrize(("text", "fen"), [("0.00", 0), ("0.01", 1), ("999999999999.99", 99_999_999_999_999)])
def test_request_field_takes_exactly_two_decimals(text, fen):
    assert _Amounts(amount=text).amount == fen


@pytest.mark.parametrize(
    "fen", [0, 1, 9, 10, 99, 100, 101, 99_999_999, 100_000_000, 123_456_789, 10**14, -1, -5, -100, -123_456_789]
)
def test_amounts_are_shown_as_decimal_arithmetic_shows_them(fen: int) -> None:
    # format_fen and the explanations' yuan() work in integers; Decimal is the reference.
    assert format_fen(fen) == f"{(Decimal(fen) / 100).quantize(Decimal('0.01')):.2f}"
    assert rules.yuan(fen) == f"{Decimal(fen) / 100:,.2f}"
