"""case handling: the reviewer's and the approver's notes on each award, and who rejected it, when

Existing data: the notes of earlier reviews and approvals are in the audit log (`note`), and a rejection's
actor and time too: copied onto their awards from there.

Revision ID: awards_0004
Revises: awards_0003
Create Date: 2026-12-02 14:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = 'awards_0004'
down_revision = 'awards_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('awards', sa.Column('review_note', sa.Text(), nullable=True))
    op.add_column('awards', sa.Column('approval_note', sa.Text(), nullable=True))
    op.add_column('awards', sa.Column('rejected_by', sa.String(length=100), nullable=True))
    op.add_column('awards', sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=True))
    for action, columns in (
        ("award.reviewed", "review_note = latest.note"),
        ("award.approved", "approval_note = latest.note"),
        ("award.rejected", "rejected_by = latest.actor, rejected_at = latest.at"),
    ):
        op.execute(
            f"""
            UPDATE awards SET {columns}
            FROM (
                SELECT DISTINCT ON (entity_id) entity_id, actor, at, after ->> 'note' AS note
                FROM audit_log WHERE entity_type = 'award' AND action = '{action}'
                ORDER BY entity_id, at DESC
            ) AS latest
            WHERE awards.id::text = latest.entity_id
            """
        )


def downgrade() -> None:
    op.drop_column('awards', 'rejected_at')
    op.drop_column('awards', 'rejected_by')
    op.drop_column('awards', 'approval_note')
    op.drop_column('awards', 'review_note')
