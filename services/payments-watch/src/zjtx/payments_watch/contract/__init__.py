"""Contracts between buyers and SME sellers, what happens to them (deliveries, acceptances, settlements,
payments, disputes), their payables with statutory due dates and overdue interest (A10.1–A10.4)."""
