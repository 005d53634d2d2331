"""A registration builds its rows as plain records (zjtx.registry.enterprise.records): each has every
column of its table, by name, and nothing else, so a column added to a model without its record fails
here, not at the first registration."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import inspect

from zjtx.registry.enterprise.models import Enterprise, EnterpriseFacts
from zjtx.registry.enterprise.records import NewEnterprise, NewFacts


@pytest.mark.parametrize(("record", "model"), [(NewEnterprise, Enterprise), (NewFacts, EnterpriseFacts)])
def test_a_record_has_the_columns_of_its_table(record, model) -> None:
    columns = {attribute.key for attribute in inspect(model).column_attrs}
    assert {f.name for f in dataclasses.fields(record)} == columns
