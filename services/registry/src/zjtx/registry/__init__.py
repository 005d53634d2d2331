"""Registry service: enterprises, recognitions, pools, parks, scale reports, service records,
inspections and KPIs (RULES A1, A4, A7, A8, A11-A13)."""

SERVICE_NAME = "registry"
