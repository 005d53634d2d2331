"""A10.5: each buyer's risk of arrears, its score explained by four terms, and its level kept current."""
