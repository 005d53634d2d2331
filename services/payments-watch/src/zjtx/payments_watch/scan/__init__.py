"""The daily scan of payables (hourly, and on demand for a date): publishes `became_overdue` once per
payable, keeps every buyer's risk current, and reads again what waited for a calendar or a parameter."""
