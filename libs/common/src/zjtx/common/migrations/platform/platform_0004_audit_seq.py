"""audit records get `seq`, the order they were written in: records of one transaction share `at`

Revision ID: platform_0004
Revises: platform_0003
Create Date: 2026-12-02 21:15:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "platform_0004"
down_revision = "platform_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Writers wait until the numbering is done, so no row is left without a number.
    op.execute("LOCK TABLE audit_log IN EXCLUSIVE MODE")
    op.add_column("audit_log", sa.Column("seq", sa.BigInteger(), nullable=True))
    # Existing rows by (at, ctid): the log is only ever appended to, so within one `at` (one transaction)
    # the physical position is the best record left of the order they were written in; the id is random.
    op.execute(
        "UPDATE audit_log SET seq = numbered.n FROM "
        "(SELECT ctid AS row_at, row_number() OVER (ORDER BY at, ctid) AS n FROM audit_log) AS numbered "
        "WHERE audit_log.ctid = numbered.row_at"
    )
    op.alter_column("audit_log", "seq", nullable=False)
    op.execute("ALTER TABLE audit_log ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY")
    # New rows are numbered after every existing one.
    op.execute(
        "SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), coalesce(max(seq), 0) + 1, false) FROM audit_log"
    )
    op.create_unique_constraint(op.f("uq_audit_log_seq"), "audit_log", ["seq"])
    # The listing's order and cursor; it also serves the filters on `at` that the old index served.
    op.create_index("ix_audit_log_at_seq", "audit_log", ["at", "seq"], unique=False)
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")


def downgrade() -> None:
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"], unique=False)
    op.drop_index("ix_audit_log_at_seq", table_name="audit_log")
    op.drop_constraint(op.f("uq_audit_log_seq"), "audit_log", type_="unique")
    op.drop_column("audit_log", "seq")
