"""The A5 rules as pure functions: facts, parameters and the LPR table in, decisions with their
explanations out. The live path (bank events, registry events, reviews) and the calculator
(POST /v1/simulate) decide through the same functions."""
