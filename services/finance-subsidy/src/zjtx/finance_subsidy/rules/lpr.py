"""The LPR as the rules read it: the publication in force on a date from the table, within the horizon
(a parameter), and what the rules say about it."""

from __future__ import annotations

from datetime import date

from zjtx.common.lpr import LprPublication, LprTable, LprUnknown
from zjtx.common.parameters import ParameterFile, ParameterNotInForce

HORIZON = "lpr_horizon"


def horizon_days(parameters: ParameterFile, day: date) -> int:
    try:
        return int(parameters.in_force(HORIZON, day).body["days"])
    except ParameterNotInForce:
        # Before the first LPR there is no horizon either: the date is simply before the table.
        return int(parameters.values(HORIZON)[0].body["days"])


def lpr_on(table: LprTable, day: date, parameters: ParameterFile) -> LprPublication:
    """The 1-year and 5-year LPR in force on `day`; LprUnknown before the first publication or past the
    horizon after the last one (RULES: never guessed)."""
    if not table.publications:
        raise LprUnknown("no LPR publication is on record")
    return table.on(day, horizon_days=horizon_days(parameters, day))


__all__ = ["LprPublication", "LprTable", "LprUnknown", "horizon_days", "lpr_on"]
