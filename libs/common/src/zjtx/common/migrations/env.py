"""Alembic's environment for every service's database (zjtx.common.migrations says how)."""

from alembic import context

from zjtx.common.migrations import run_env

run_env(context.config)
