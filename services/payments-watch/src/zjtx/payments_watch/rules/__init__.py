"""The payments-watch rules (RULES A9, A10): pure functions, facts and parameters in, a decision and its
explanation out. No database, no web, no broker: the use cases read the facts and store the answers."""
