"""Procurement plans of budget units, checked against the SME reserve (A9.1) and SME-only items (A9.2)."""
