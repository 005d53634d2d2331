"""Hotline service: the 12345 enterprise desk (企业服务专席) — complaints and suggestions from enterprises,
routed to the responsible departments, held to working-day deadlines, supervised when late, reported
back to the 12345 system, and measured by the three rates of the policy (RULES A14)."""

SERVICE_NAME = "hotline"
