"""enterprise_facts loses its index on uscc alone: the unique key (uscc, effective_on) leads with uscc and
serves every lookup by enterprise (its versions, the foreign key's checks), so the second index only cost
each registration and each change of facts one more index entry to write

Revision ID: registry_0010
Revises: registry_0009
Create Date: 2026-12-03 16:15:00.000000
"""
from alembic import op


revision = 'registry_0010'
down_revision = 'registry_0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_enterprise_facts_uscc', table_name='enterprise_facts')


def downgrade() -> None:
    op.create_index('ix_enterprise_facts_uscc', 'enterprise_facts', ['uscc'], unique=False)
