from alembic import context

from zjtx.common.db import run_migrations_online
from zjtx.registry.tables import metadata

run_migrations_online(context.config, metadata)
