"""Awards service: the policy's awards computed from events and claims, explained to the fen,
reviewed, approved and paid with the city/district split (RULES A1-A4, A6, F.1)."""

SERVICE_NAME = "awards"
