"""Arrears complaints: 12345 tickets of category `arrears` about a buyer (A14 → A10.5)."""
