"""The awards rules: pure functions from facts and parameters to a Decision with its explanation.
No I/O here; the service feeds them facts from its read models, the calculator from a request."""
