"""Sellers: what this service keeps of the registry's enterprises, above all the history of their size
classes, so that the size on a contract's signing date can be answered (RULES: "SME status")."""
