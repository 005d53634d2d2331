"""Valid inputs for tests, and credit codes with correct check characters."""

from __future__ import annotations

from typing import Any

from zjtx.common.uscc import check_character


def make_uscc(serial: int, *, division: str = "150105") -> str:
    """A valid code for a Hohhot enterprise: 91 + division + 9-digit organisation code + check."""
    body = f"91{division}{serial:09d}"
    return body + check_character(body)


def enterprise_body(serial: int = 1, **overrides: Any) -> dict[str, Any]:
    body = {
        "uscc": make_uscc(serial), "name": f"呼和浩特示例企业{serial}", "district_code": "150105",
        "sector": "industry", "cluster": "agri_food", "employees": 120, "annual_revenue": "35000000.00",
        "total_assets": "52000000.00", "registered_on": "2019-05-08",
    }
    body.update(overrides)
    return body
