"""Payments-watch service: that 机关, 事业单位 and large (state-owned included) buyers pay SMEs on time
under the payment regulation's 2020 text and 2025 revision (RULES A10), the buyers' risk, the units'
yearly disclosure, and the SME reserve of procurement plans (RULES A9)."""

SERVICE_NAME = "payments-watch"
