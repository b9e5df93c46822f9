"""Where each fetchable table comes from, declared once: the format registry's neighbour.

A recipe says how ``kzmach fetch`` downloads a table the project reads, which release format
reads the download, what ``kzmach ingest`` is told (the name and unit the file does not
state), and what a download must pass before it is ingested (its size, the data sheets of a
workbook, the nodes of a Taldau answer). Two kinds of source, as public code that downloads
them on a schedule uses them:

* ``taldau-tree``: ``POST https://taldau.stat.gov.kz/ru/NewIndex/GetIndexTreeData``, form-encoded
  with the recipe's request (``p_index_id``, ``p_period_id`` …) and ``X-Requested-With:
  XMLHttpRequest``; the answer holds the whole history, its period type only in the request,
  which is stored beside it (``<name>.manifest.json``) and copied with it on ingest;
* ``dynamic-table``: ``GET https://stat.gov.kz/api/iblock/element/{id}/file/ru/``, redirected to
  the current workbook, replaced in place; a stub served while the file is regenerated (about
  23 KB, description sheets only) is refused by its size and its sheets.

A recipe is declared only where the request is known from a recorded genuine answer or a
documented address; guessing a request's parameters would fetch another table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = ["RECIPES", "Recipe"]

#: Taldau's endpoint of index trees.
TALDAU_TREE_URL: Final = "https://taldau.stat.gov.kz/ru/NewIndex/GetIndexTreeData"
#: The Bureau's dynamic tables: an element id, answered with a redirect to the workbook.
DYNAMIC_TABLE_URL: Final = "https://stat.gov.kz/api/iblock/element/{element}/file/ru/"


@dataclass(frozen=True, slots=True)
class Recipe:
    """How one table is fetched, read, described and checked.

    Attributes
    ----------
    table
        The table's name on the command line (``kzmach fetch import-prices``); the release
        ids of its downloads are ``<date>-<table>``.
    kind
        ``taldau-tree`` or ``dynamic-table``.
    url
        The address asked.
    format
        The release format that reads the download.
    file_name
        The name the download is saved and registered under.
    source
        The folder under ``data/raw/releases``.
    name, unit, index_id
        What ``kzmach ingest`` is told (the file states none of them).
    request
        A Taldau request's form fields (``p_period_id`` gives the answer's period type).
    min_bytes, max_bytes
        A download outside these bounds is refused (a stub, an error page, a runaway).
    data_sheets
        For a workbook: words one of its sheet names must contain (a stub has none).
    """

    table: str
    kind: Literal["taldau-tree", "dynamic-table"]
    url: str
    format: str
    file_name: str
    source: str
    name: str = ""
    unit: str = ""
    index_id: str = ""
    request: dict[str, str] = field(default_factory=dict)
    min_bytes: int = 200
    max_bytes: int = 50 * 2**20
    data_sheets: tuple[str, ...] = ()
    publisher: str = (
        "Bureau of National Statistics of Kazakhstan (fetched by kzmach: published is the day "
        "of the download)"
    )


#: Every table kzmach can fetch, by name.
RECIPES: Final[dict[str, Recipe]] = {
    recipe.table: recipe
    for recipe in (
        Recipe(
            table="import-prices",
            kind="taldau-tree",
            url=TALDAU_TREE_URL,
            format="taldau-tree-json",
            file_name="import-price-index-19073959-republic-monthly.json",
            source="taldau",
            # all goods: the answer is the republic's root node, with no item code
            name="Индексы цен на импортированные товары, все товары, к декабрю предыдущего года",
            unit="%",
            index_id="19073959",
            # as the recorded genuine answer's manifest holds it (the republic, monthly)
            request={
                "p_parent_id": "",
                "p_index_id": "19073959",
                "p_keyword": "",
                "p_period_id": "4",
                "p_measure_id": "0",
                "p_term_id": "741880",
                "p_terms": "741880,741897,2695687,2695731,19072559",
                "p_dicIds": "67,146,846,848,4020",
                "idx": "0",
                "filter": '[{"property":null,"value":null}]',
                "id": "",
            },
        ),
        Recipe(
            table="table-5931",
            kind="dynamic-table",
            url=DYNAMIC_TABLE_URL.format(element=5931),
            format="bns-workbook",
            file_name="table-5931-value-added-by-division.xlsx",
            source="bns",
            # a stub of description sheets is about 23 KB; the table runs to hundreds
            min_bytes=30_000,
            data_sheets=("гг",),  # «2013-2018гг. периоды», «2018-2026гг.»
        ),
    )
}
