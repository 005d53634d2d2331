"""Disputes on part of a payable: the disputed part is held back while open, the undisputed part still
falls due (RULES A10; 2025 text, art. 15); a resolution says what of it is owed."""
