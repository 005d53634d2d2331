"""Finance-subsidy service: banks' loan events in (signed webhook or Kafka), 小巨人 interest subsidies
and 助保贷 risk compensation out, to the fen, with the LPR table they are computed from (RULES A5)."""

SERVICE_NAME = "finance-subsidy"
