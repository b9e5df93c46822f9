"""The :class:`Chart` every chart function returns, and its export to files.

``chart.export(directory)`` writes ``<name>_<lang>.png`` (200 dpi), ``.svg`` and ``.pdf`` and
a sidecar ``<name>_<lang>.json`` holding the title, alt text, footer, sources (with the figure
ids of each), a hash of the plotted data, the git commit and the time of generation. The same
metadata is embedded in each file (PNG text chunks, SVG Dublin Core, PDF document info).
Each file is written to a temporary name and renamed into place, so a reader never sees a
half-written chart.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.files import atomic_write_bytes
from kzmach.report.charts.footer import Footer

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

FORMATS: Final = ("png", "svg", "pdf")
PNG_DPI: Final = 200
SIDECAR_VERSION: Final = 1


@functools.cache
def git_commit(root: Path) -> str:
    """Return the project's commit (``+dirty`` when tracked files changed), or ``unknown``."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if status else "")


def utc_now() -> str:
    """Return the current time in UTC to the second, ISO 8601 with ``Z``."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def data_hash(data: pd.DataFrame) -> str:
    """Return the sha256 of the plotted data written as CSV (columns sorted)."""
    buffer = data.reindex(columns=sorted(data.columns)).to_csv(index=False)
    return hashlib.sha256(buffer.encode("utf-8")).hexdigest()


@dataclass
class Chart:
    """A rendered chart with everything needed to export and cite it.

    Attributes
    ----------
    name
        Stable name, used in file names (``output_trend``).
    language
        ``en``, ``ru`` or ``kk``.
    figure
        The matplotlib figure (not attached to pyplot, so notebooks show it once).
    title, subtitle
        The message title and the statistical subtitle, as drawn.
    alt_text
        A description of what the chart shows, for screen readers and slide alt text.
    footer
        The generated footer (sources, caveat notes, as-of line).
    data
        The plotted observations (figure ids, periods, values, sources).
    root
        The project the data came from (for the git commit).
    """

    name: str
    language: str
    figure: Figure
    title: str
    subtitle: str
    alt_text: str
    footer: Footer
    data: pd.DataFrame
    root: Path
    as_of: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Exactly what is drawn, one row per point (:mod:`kzmach.report.charts.data`).
    points: pd.DataFrame | None = None
    #: The PNG written by :meth:`export`, shown in a notebook instead of drawing it again.
    _shown_png: bytes | None = field(default=None, init=False, repr=False)

    @property
    def stem(self) -> str:
        """File name without extension: ``<name>_<language>``."""
        return f"{self.name}_{self.language}"

    def metadata(self, generated_at: str | None = None) -> dict[str, Any]:
        """Return the sidecar record (also embedded, in part, in each file)."""
        from kzmach._version import __version__

        return {
            "sidecar_version": SIDECAR_VERSION,
            "name": self.name,
            "language": self.language,
            "title": self.title,
            "subtitle": self.subtitle,
            "alt_text": self.alt_text,
            "footer": self.footer.text,
            "caveats": list(self.footer.notes),
            "sources": list(self.footer.sources),
            "source_line": self.footer.source_line,
            "data_as_of": self.footer.data_as_of,
            "as_of_requested": self.as_of.isoformat() if self.as_of else None,
            "releases": list(self.footer.releases),
            "figure_ids": sorted({str(f) for f in self.data["figure_id"].dropna()}),
            "data_hash": data_hash(self.data),
            "git_commit": git_commit(self.root),
            "kzmach_version": __version__,
            "generated_at": generated_at or utc_now(),
            **self.extra,
        }

    def _render(self, fmt: str, meta: dict[str, Any]) -> bytes:
        from kzmach.report.charts.footer import source_label

        sources = "; ".join(
            f"{source_label(s['publisher'], meta['language'])} ({s['published']})"
            for s in meta["sources"]
        )
        provenance = (
            f"data_hash={meta['data_hash']}; git_commit={meta['git_commit']}; "
            f"generated_at={meta['generated_at']}; data_as_of={meta['data_as_of']}"
        )
        embedded: dict[str, Any]
        if fmt == "png":
            embedded = {
                "Title": meta["title"],
                "Description": meta["alt_text"],
                "Source": sources,
                "Comment": provenance,
                "Software": f"kzmach {meta['kzmach_version']}",
            }
        elif fmt == "svg":
            embedded = {
                "Title": meta["title"],
                "Description": meta["alt_text"],
                "Source": sources,
                "Identifier": meta["data_hash"],
                "Relation": meta["git_commit"],
                "Date": meta["generated_at"],
                "Language": meta["language"],
                "Creator": f"kzmach {meta['kzmach_version']}",
                "Keywords": [s["source_id"] for s in meta["sources"]],
            }
        else:
            embedded = {
                "Title": meta["title"],
                "Subject": meta["alt_text"],
                "Keywords": f"{provenance}; sources={sources}",
                "Author": "kzmach",
                "Creator": f"kzmach {meta['kzmach_version']}",
            }
        from kzmach.report.charts.style import house_style

        buffer = io.BytesIO()
        dpi = PNG_DPI if fmt == "png" else None
        with house_style():
            self.figure.savefig(buffer, format=fmt, dpi=dpi, metadata=embedded)
        return buffer.getvalue()

    def export(self, directory: str | os.PathLike[str] | None = None) -> dict[str, Path]:
        """Write the chart as PNG, SVG and PDF plus its JSON sidecar into ``directory``.

        Without ``directory``, the project's ``reports/figures`` is used. Returns the written
        paths by format (``png``, ``svg``, ``pdf``, ``slide``, ``csv``: the points drawn, and
        ``json``).
        """
        target = Path(directory) if directory else self.root / "reports" / "figures"
        meta = self.metadata()
        written: dict[str, Path] = {}
        rendered: dict[str, bytes] = {}
        for fmt in FORMATS:
            path = target / f"{self.stem}.{fmt}"
            rendered[fmt] = self._render(fmt, meta)
            atomic_write_bytes(path, rendered[fmt])
            written[fmt] = path
        self._shown_png = rendered["png"]  # a notebook shows the exported image, not a new one
        slide = target / f"{self.stem}_slide.png"
        atomic_write_bytes(slide, self.slide_png(rendered["png"]))
        written["slide"] = slide
        if self.points is not None:
            table = target / f"{self.stem}.csv"
            atomic_write_bytes(table, self.points.to_csv(index=False).encode("utf-8"))
            written["csv"] = table
        meta["files"] = {fmt: path.name for fmt, path in written.items()}
        meta["drawn"] = self._drawn_check()
        sidecar = target / f"{self.stem}.json"
        atomic_write_bytes(sidecar, json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
        written["json"] = sidecar
        return written

    def _drawn_check(self) -> dict[str, Any]:
        """Return what the exported figure draws: its title, its footer and its layout problems.

        A chart whose texts overlap or leave the figure is exported all the same (a warning
        says so), and its sidecar lists the problems: the report's tests read every sidecar.
        """
        import warnings

        from kzmach.report.charts.style import layout_problems

        texts = {str(t.get_gid()): t.get_text() for t in self.figure.texts}
        problems = layout_problems(self.figure)
        if problems:
            warnings.warn(f"{self.stem}: {'; '.join(problems)}", stacklevel=3)
        return {
            "title": texts.get("kzmach-title", "").replace("\n", " "),
            "footer": texts.get("kzmach-footer", ""),
            "layout_problems": problems,
        }

    def slide_png(self, png: bytes | None = None) -> bytes:
        """Return the chart as a PNG without its title and footer, for a slide.

        The slide carries the title as its own title and the footer as text at a size a
        projector shows (:func:`kzmach.report.deck.build_deck`). The image is cropped just
        above the subtitle and just above the footer, so nothing else moves. ``png`` is the
        chart already rendered at :data:`PNG_DPI` (it is cropped rather than drawn again).
        """
        from PIL import Image

        from kzmach.report.charts.style import drawn

        renderer = drawn(self.figure)
        subtitle = next(t for t in self.figure.texts if t.get_gid() == "kzmach-subtitle")
        footer = next(t for t in self.figure.texts if t.get_gid() == "kzmach-footer")
        top_inches = (subtitle.get_window_extent(renderer).y1 + 6) / self.figure.dpi
        bottom_inches = (footer.get_window_extent(renderer).y1 + 3) / self.figure.dpi
        image = Image.open(io.BytesIO(png or self._render("png", self.metadata())))
        width, height = image.size
        top = max(0, round(height - top_inches * PNG_DPI))
        bottom = min(height, round(height - bottom_inches * PNG_DPI))
        buffer = io.BytesIO()
        image.crop((0, top, width, bottom)).save(buffer, format="PNG")
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        from kzmach.report.charts.style import house_style

        if self._shown_png is not None:
            return self._shown_png
        buffer = io.BytesIO()
        with house_style():
            self.figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()
