"""The notebooks' prose in English, Russian and Kazakh: one notebook source, three languages.

The notebooks (``notebooks/NN_name.py``) are written in English, and ``make lab`` opens them
so. Each markdown cell is a gettext message of the ``notebooks`` domain: its ``msgctxt`` is
the notebook's name (``03_target_gap``) and its ``msgid`` the cell's English text, exactly.
``locale/notebooks.pot`` is extracted from the notebooks (``python -m
kzmach.text.notebook_text``, which also adds new cells to the ``.po`` files, untranslated);
``locale/<language>/LC_MESSAGES/notebooks.po`` translates them. The report puts the report's
language in before it runs a notebook (:func:`localise_notebook`); a cell whose English
changed has no translation until a translator gives it one, and the tests fail until then.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata.vocabulary import LANGUAGE_TAGS, LANGUAGES
from kzmach.text.translations import catalog as read_catalog

if TYPE_CHECKING:
    pass

__all__ = [
    "DOMAIN",
    "localise_notebook",
    "markdown_messages",
    "translations",
    "write_catalogs",
]

DOMAIN: Final = "notebooks"
_HEADER: Final = {
    "project": "kzmach notebooks",
    "msgid_bugs_address": "kzmach developers",
    "last_translator": "kzmach developers",
    "language_team": "kzmach developers",
}


def markdown_messages(path: Path) -> list[str]:
    """Return the text of every markdown cell of the notebook at ``path``, in order."""
    import jupytext

    notebook = jupytext.read(path)
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


def translations(language: str) -> dict[tuple[str, str], str]:
    """Return ``{(notebook, English text): translation}`` of ``language``'s catalog.

    Empty and fuzzy translations are left out: they count as missing.
    """
    return {
        (str(message.context), str(message.id)): str(message.string)
        for message in read_catalog(language, DOMAIN)
        if message.id and message.string and not message.fuzzy
    }


def localise_notebook(notebook: Any, name: str, language: str) -> list[str]:
    """Put ``language``'s translation into each markdown cell of ``notebook`` (in place).

    Also records the language in the notebook's metadata (``language``, a BCP 47 tag) for
    the HTML it is exported to. Returns the English text of the cells left untranslated
    (none for the notebooks kzmach ships; a cell edited since keeps its English).
    """
    notebook.metadata["language"] = LANGUAGE_TAGS[language]
    if language == "en":
        return []
    translated = translations(language)
    missing = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        text = translated.get((name, cell.source))
        if text is None:
            missing.append(cell.source)
        else:
            cell.source = text
    return missing


def write_catalogs(notebooks: Path, locale: Path) -> dict[str, int]:
    """Extract the template from ``notebooks`` and bring each language's ``.po`` in step.

    A cell new or changed since is added to the ``.po`` untranslated; a translation whose
    cell is gone is dropped. Returns the number of untranslated messages by language.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(domain=DOMAIN, charset="utf-8")
    for field, value in _HEADER.items():
        setattr(template, field, value)
    template.header_comment = "# The notebooks' markdown cells in English (extracted; do not edit)."
    for path in sorted(notebooks.glob("[0-9][0-9]_*.py")):
        for text in markdown_messages(path):
            template.add(text, context=path.stem)
    with (locale / f"{DOMAIN}.pot").open("wb") as stream:
        write_po(stream, template, width=100, omit_header=False, sort_output=False)
    untranslated = {}
    for language in LANGUAGES[1:]:
        target = locale / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if target.is_file():
            with target.open("rb") as stream:
                catalog = read_po(stream, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.header_comment = (
            f"# The notebooks' markdown cells in {language}: msgctxt is the notebook, msgid the "
            "English cell."
        )
        for field, value in _HEADER.items():
            setattr(catalog, field, value)
        with target.open("wb") as stream:
            write_po(stream, catalog, width=100, sort_output=False)
        untranslated[language] = sum(1 for m in catalog if m.id and not m.string)
    return untranslated


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    locale = Path(str(resources.files("kzmach.text"))) / "locale"
    counts = write_catalogs(root / "notebooks", locale)
    print("untranslated:", ", ".join(f"{k} {v}" for k, v in counts.items()))
