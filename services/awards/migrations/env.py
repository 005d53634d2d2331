from alembic import context

from zjtx.awards.tables import metadata
from zjtx.common.db import run_migrations_online

run_migrations_online(context.config, metadata)
