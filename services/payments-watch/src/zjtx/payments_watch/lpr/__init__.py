"""The loan prime rate this service reads (A10.4): the publications shipped with the kit, and those
the finance-subsidy service publishes later (`finance.lpr.published`)."""
