"""Synthetic releases for tests and benchmarks (never shipped in the package).

:func:`make_values` draws a release's true values (months x territories x classifier codes);
the writers lay the same values out as the Bureau's dynamic table (CSV), the Taldau portal's
slices or a printed bulletin table, so a test can read a file back and compare with what
was written. Nothing here is real data: the codes are real OKED divisions and KATO
territories, the values random.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kzmach.metadata.vocabulary import MONTH_NAMES

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "CODES",
    "INDICATOR_NAME",
    "TERRITORIES",
    "make_values",
    "write_bns_csv",
    "write_publication_csv",
    "write_taldau_json",
]

#: As the Bureau writes it: the unit in brackets at the end of the name.
INDICATOR_NAME: Final = "Объем производства промышленной продукции (товаров, услуг)(Миллион тенге)"
#: KATO codes and labels: the republic, then regions and cities of republican significance.
TERRITORIES: Final = (
    ("000000000", "РЕСПУБЛИКА КАЗАХСТАН"),
    ("100000000", "АБАЙСКАЯ ОБЛАСТЬ"),
    ("110000000", "АКМОЛИНСКАЯ ОБЛАСТЬ"),
    ("150000000", "АКТЮБИНСКАЯ ОБЛАСТЬ"),
    ("190000000", "АЛМАТИНСКАЯ ОБЛАСТЬ"),
    ("230000000", "АТЫРАУСКАЯ ОБЛАСТЬ"),
    ("270000000", "ЗАПАДНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"),
    ("310000000", "ЖАМБЫЛСКАЯ ОБЛАСТЬ"),
    ("350000000", "КАРАГАНДИНСКАЯ ОБЛАСТЬ"),
    ("390000000", "КОСТАНАЙСКАЯ ОБЛАСТЬ"),
    ("550000000", "ПАВЛОДАРСКАЯ ОБЛАСТЬ"),
    ("630000000", "ВОСТОЧНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"),
    ("710000000", "Г.АСТАНА"),
    ("750000000", "Г.АЛМАТЫ"),
)
#: OKED sections and divisions: manufacturing and the machine-building divisions.
CODES: Final = (
    ("C", "Обрабатывающая промышленность"),
    ("26", "Производство компьютеров, электронной и оптической продукции"),
    ("27", "Производство электрического оборудования"),
    ("28", "Производство машин и оборудования, не включенных в другие группировки"),
    ("29", "Производство автотранспортных средств, трейлеров и полуприцепов"),
    ("30", "Производство прочих транспортных средств"),
    ("33", "Ремонт и установка машин и оборудования"),
)
CLASSIFIER: Final = "ОКЭД(по каталогу)"


def make_values(
    months: int = 12,
    territories: int = len(TERRITORIES),
    codes: int = len(CODES),
    *,
    first_year: int = 2022,
    seed: int = 0,
    confidential_share: float = 0.0,
) -> pl.DataFrame:
    """Draw a release: one value per month x territory x code, in million tenge.

    Territory and code lists longer than the real ones are extended with made-up codes, so
    that a benchmark can reach any size. ``confidential_share`` of the values are ``x``.
    """
    import numpy as np
    import polars as pl

    generator = np.random.default_rng(seed)
    places = [*TERRITORIES, *((f"9{i:08d}", f"ТЕРРИТОРИЯ {i}") for i in range(territories))]
    classes = [*CODES, *((f"C{i:04d}", f"КОД {i}") for i in range(codes))]
    places, classes = places[:territories], classes[:codes]
    periods = [f"{first_year + m // 12}{m % 12 + 1:02d}" for m in range(months)]
    size = months * territories * codes
    values = np.round(generator.lognormal(8, 1.2, size), 1)
    frame = pl.DataFrame(
        {
            "period": np.repeat(periods, territories * codes),
            "kato": np.tile(np.repeat([p[0] for p in places], codes), months),
            "kato_label": np.tile(np.repeat([p[1] for p in places], codes), months),
            "code": np.tile([c[0] for c in classes], months * territories),
            "code_label": np.tile([c[1] for c in classes], months * territories),
            "value": values,
        }
    )
    hidden = generator.random(size) < confidential_share
    return frame.with_columns(marker=pl.Series(np.where(hidden, "x", "")))


def _value_cell(value: float, marker: str) -> str:
    return marker if marker else f"{value:.1f}"


def _bns_records(values: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    return values.select(
        pl.lit(INDICATOR_NAME).alias("NAM"),
        pl.col("period")
        .map_elements(lambda p: f"{_month_name(p)} {p[:4]} г.", return_dtype=pl.String)
        .alias("DAT"),
        pl.col("period").alias("PERIOD"),
        pl.col("kato").alias("КАТО(по каталогу)"),
        pl.col("kato_label").alias("LКАТО(по каталогу)"),
        pl.col("code").alias(CLASSIFIER),
        pl.col("code_label").alias(f"L{CLASSIFIER}"),
        pl.when(pl.col("marker") != "")
        .then(pl.col("marker"))
        .otherwise(pl.col("value").round(1).cast(pl.String))
        .alias("VAL"),
    )


def write_bns_csv(values: pl.DataFrame, path: Path) -> Path:
    """Write ``values`` as the Bureau's "CSV" download.

    As downloaded: tab-separated UTF-8 with a byte-order mark, every field in double quotes,
    the unit in brackets at the end of ``NAM``, ``DAT`` in words (``Январь 2022 г.``).
    """
    records = _bns_records(values)
    with path.open("wb") as handle:
        handle.write(b"\xef\xbb\xbf")
        records.write_csv(handle, separator="\t", quote_style="always")
    return path


def write_taldau_json(values: pl.DataFrame, path: Path) -> Path:
    """Write ``values`` as Taldau slices: one slice per territory and code, periods inside.

    As the portal gives them: terms and their names, periods as written (``Январь 2022 г.``),
    values as text, and no indicator name or unit (those are given at ingest).
    """
    slices = []
    for (kato, kato_label, code, code_label), group in values.group_by(
        ["kato", "kato_label", "code", "code_label"], maintain_order=True
    ):
        slices.append(
            {
                "terms": [kato, code],
                "termNames": [kato_label, code_label],
                "periods": [
                    {
                        "name": f"{_month_name(str(p))} {str(p)[:4]} г.",
                        "date": f"01.{str(p)[4:]}.{str(p)[:4]}",
                        "value": _value_cell(v, m),
                    }
                    for p, v, m in zip(
                        group["period"], group["value"], group["marker"], strict=True
                    )
                ],
            }
        )
    path.write_text(json.dumps(slices, ensure_ascii=False), encoding="utf-8")
    return path


def publication_number(value: float) -> str:
    """Write a number as a bulletin prints it: no-break spaces between thousands, a comma."""
    whole, _, fraction = f"{value:,.1f}".partition(".")
    return whole.replace(",", "\u00a0") + "," + fraction


def write_publication_csv(values: pl.DataFrame, path: Path) -> Path:
    """Write the republic's values as a printed table: a row per code, a column per month.

    Rows are named ``<code label>, млн. тенге``; headers are ``январь 2022`` and so on;
    numbers have no-break spaces between thousands and a decimal comma; cells ``;``-separated.
    """
    import polars as pl

    republic = values.filter(pl.col("kato") == TERRITORIES[0][0])
    periods = list(dict.fromkeys(republic["period"].to_list()))
    header = ["Наименование"] + [f"{_month_name(p).lower()} {p[:4]}" for p in periods]
    lines = [";".join(header)]
    for (label,), group in republic.group_by(["code_label"], maintain_order=True):
        cells = {
            p: (m or publication_number(v))
            for p, v, m in zip(group["period"], group["value"], group["marker"], strict=True)
        }
        lines.append(";".join([f"{label}, млн. тенге", *(cells[p] for p in periods)]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _month_name(period: str) -> str:
    return MONTH_NAMES["ru"][int(period[4:]) - 1].capitalize()
