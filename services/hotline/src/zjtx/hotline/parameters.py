"""The hotline's own parameters (data/parameters.yaml) and the model each must fit; the shared ones
(the policy's start) are the kit's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from zjtx.common.parameters import ParameterModel, ParameterSource

Days = Annotated[int, Field(ge=1, le=366)]
Rating = Literal["satisfied", "basically_satisfied", "unsatisfied"]


class TicketDeadlines(ParameterModel):
    """A14.2: acknowledge (签收), reply (办结) and return visit (回访), in working days."""

    acknowledge_working_days: Days
    reply_working_days: Days
    return_visit_working_days: Days


class ArrearsDeadlines(ParameterModel):
    """A14.2 for category `arrears`: the payment regulation's complaint terms (2025 text)."""

    forward_working_days: Days
    answer_days: Days
    max_answer_days: Days
    # 民法典 第二百零三条: a term in days whose last day is a public holiday ends on the day after it.
    answer_day_off_moves_to_next_working_day: bool

    @model_validator(mode="after")
    def _max_covers_answer(self) -> ArrearsDeadlines:
        if self.max_answer_days < self.answer_days:
            raise ValueError("max_answer_days is below answer_days")
        return self


class Reopening(ParameterModel):
    """How many times an unsatisfied rating sends a ticket back to its department."""

    times: Annotated[int, Field(ge=0, le=10)]


class SatisfiedRatings(ParameterModel):
    """The ratings the satisfaction rate counts as satisfied."""

    ratings: list[Rating] = Field(min_length=1)


HOTLINE_PARAMETERS = ParameterSource(
    "hotline",
    Path(str(resources.files("zjtx.hotline") / "data" / "parameters.yaml")),
    {
        "ticket_deadlines": TicketDeadlines,
        "arrears_deadlines": ArrearsDeadlines,
        "reopen_on_unsatisfied": Reopening,
        "satisfied_ratings": SatisfiedRatings,
    },
)
