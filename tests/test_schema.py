"""The observation table's model: one declaration read by the build, polars and the README."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import kzmach
from kzmach.metadata.schemas import (
    OBSERVATION_COLUMNS,
    OBSERVATION_SCHEMA,
    column_descriptions,
    columns_markdown,
    observation_record,
    polars_schema,
)

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_column_is_described():
    descriptions = column_descriptions()
    assert list(descriptions) == list(OBSERVATION_COLUMNS)
    assert all(len(text) > 10 for text in descriptions.values())


def _formats_markdown():
    from kzmach.raw.releases.formats import formats_markdown

    return formats_markdown()


def _tables_markdown():
    from kzmach.metadata.tables import tables_markdown

    return tables_markdown()


#: The README's generated tables: the marker around each and the declaration it is made from.
GENERATED = {
    "observation-columns": columns_markdown,
    "release-formats": _formats_markdown,
    "tables": _tables_markdown,
}


@pytest.mark.parametrize("marker", GENERATED)
def test_the_readmes_generated_tables_are_the_declarations(marker):
    text = README.read_text(encoding="utf-8")
    block = re.search(rf"<!-- {marker}: start -->\n(.*?)<!-- {marker}: end -->", text, re.S)
    assert block, f"README has no generated {marker} table"
    assert block[1] == GENERATED[marker](), f"regenerate the {marker} table"


def test_built_observations_satisfy_the_model_in_pandas_and_polars(built):
    frame = kzmach.observations(root=built)
    OBSERVATION_SCHEMA.validate(frame)
    polars_schema().validate(kzmach.observations(root=built, backend="polars"))
    assert tuple(frame.columns) == OBSERVATION_COLUMNS


def test_a_frame_that_breaks_the_model_is_refused(built):
    import pandera.errors

    frame = kzmach.observations(root=built)
    broken = frame.assign(qualifier=frame["qualifier"].where(frame.index > 0, "roughly"))
    with pytest.raises(pandera.errors.SchemaError, match="qualifier"):
        OBSERVATION_SCHEMA.validate(broken)
    with pytest.raises(pandera.errors.SchemaError):
        OBSERVATION_SCHEMA.validate(frame.drop(columns="quote"))
    with pytest.raises(pandera.errors.SchemaError):
        OBSERVATION_SCHEMA.validate(frame.assign(period_start="2020"))
    assert isinstance(frame["period_start"].iloc[0], pd.Timestamp)


def test_records_are_built_from_the_declared_columns():
    values = dict.fromkeys(OBSERVATION_COLUMNS, "")
    assert list(observation_record(**values)) == list(OBSERVATION_COLUMNS)
    with pytest.raises(KeyError, match="quote"):
        observation_record(**{k: v for k, v in values.items() if k != "quote"})
    with pytest.raises(KeyError, match="qualifer"):
        observation_record(**values, qualifer="exact")
