"""The house chart style: fonts, colours, number formats and the slide layout.

Every chart is a 16:9 figure with, from the top: a message title (what the chart shows, in
words), a statistical subtitle (what is measured, in which unit), the plot, and a footer with
the sources and caveats generated from the plotted observations
(:mod:`kzmach.report.charts.footer`).

The font is DejaVu Sans, which matplotlib installs with itself: it has the Cyrillic letters and
the Kazakh ә ғ қ ң ө ұ ү һ і, so charts render the same on every machine without a download.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata.vocabulary import HEADLINE_STATUSES
from kzmach.text.translations import format_number, term

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure

FONT_FAMILY: Final = "DejaVu Sans"

#: Okabe-Ito colours, named for what they show.
COLOURS: Final[dict[str, str]] = {
    "primary": "#0072B2",
    "secondary": "#E69F00",
    "accent": "#009E73",
    "alert": "#D55E00",
    "muted": "#56B4E9",
    "pink": "#CC79A7",
    "grey": "#8C8C8C",
    "light": "#BBBBBB",
    "text": "#222222",
    "subtle": "#555555",
}
#: A colour per target status as a headline counts it, in the vocabulary's order (met ...
#: off track, depends on base year, not measurable).
STATUS_COLOURS: Final[dict[str, str]] = dict(
    zip(
        HEADLINE_STATUSES,
        ("#009E73", "#56B4E9", "#E69F00", "#D55E00", "#CC79A7", "#BBBBBB"),
        strict=True,
    )
)

WIDTH_IN: Final = 10.0
HEIGHT_IN: Final = 5.625  # 16:9
MARGIN_X: Final = 0.035  # of the width, left and right
TITLE_PT: Final = 14.5
SUBTITLE_PT: Final = 10.0
FOOTER_PT: Final = 6.8
MEASURE_DPI: Final = 100
TEXT_WIDTH: Final = 1 - 2 * MARGIN_X  # the width titles and footers may take
#: Bars of years (full years solid, years to date hatched): width in years, edge in points,
#: the hatch of a year to date, and the size of the value labels in points.
YEAR_BAR: Final[dict[str, Any]] = {"width": 0.72, "edge": 1.0, "hatch": "////", "label_pt": 7.5}
#: Annotations beside bars and points, in points.
LABEL_PT: Final = 7.5


def style_path() -> Path:
    """Return the path of the house ``.mplstyle`` file shipped with the package."""
    return Path(str(resources.files("kzmach.report.charts") / "kzmach.mplstyle"))


def font_path() -> Path:
    """Return the file of the house font (DejaVu Sans, shipped with matplotlib)."""
    from matplotlib import font_manager

    return Path(font_manager.findfont(FONT_FAMILY, fallback_to_default=False))


@functools.cache
def _measuring_renderer() -> RendererAgg:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(int(WIDTH_IN * MEASURE_DPI), int(HEIGHT_IN * MEASURE_DPI), MEASURE_DPI)


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Return the width of ``text`` in the house font at ``size_pt``, in figure fractions.

    Measured by matplotlib's own Agg text layout, the one that draws the chart, so that a
    wrapped line is exactly as wide when drawn as when measured. Each text, size and weight
    is measured once per process: wrapping measures the same words and lines again and
    again (footers and labels recur across charts and languages).
    """
    return _measured_width(text, float(size_pt), bold)


@functools.lru_cache(maxsize=1 << 16)
def _measured_width(text: str, size_pt: float, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties

    properties = FontProperties(
        family=FONT_FAMILY, size=size_pt, weight="bold" if bold else "normal"
    )
    width, _height, _descent = _measuring_renderer().get_text_width_height_descent(
        text, properties, ismath=False
    )
    return float(width) / MEASURE_DPI / WIDTH_IN


#: How far, as a fraction of the width, a line's width summed from its words' widths may be
#: from its measured width. Kerning and hinting across the spaces move it by a few pixels;
#: a line whose sum is further than this from the limit is not measured whole.
_SUMMED_WIDTH_SLACK: Final = 0.04


def wrap_to_width(text: str, size_pt: float, width: float, *, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (a fraction of the figure width).

    Greedy: each word goes on the current line when the line with it fits. Whether it fits
    is decided by measuring the whole candidate line, except when the sum of its words'
    widths is clearly inside or outside the limit (by more than ``_SUMMED_WIDTH_SLACK``);
    measuring every longer prefix of a long footer would cost more than drawing the chart.
    """
    space = text_width("x x", size_pt, bold=bold) - text_width("xx", size_pt, bold=bold)
    slack = _SUMMED_WIDTH_SLACK * width
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, summed = "", 0.0
        for word in paragraph.split(" "):
            word_width = text_width(word, size_pt, bold=bold)
            if not current:
                current, summed = word, word_width
                continue
            candidate, candidate_sum = f"{current} {word}", summed + space + word_width
            if abs(candidate_sum - width) > slack:
                fits = candidate_sum <= width
            else:
                fits = text_width(candidate, size_pt, bold=bold) <= width
            if fits:
                current, summed = candidate, candidate_sum
            else:
                lines.append(current)
                current, summed = word, word_width
        lines.append(current)
    return lines


def wrap_label(text: str, size_pt: float, width: float, max_lines: int = 2) -> str:
    """Wrap a tick label to ``width`` (a fraction of the figure width), in at most ``max_lines``.

    A label that needs more lines is cut at the last line with an ellipsis.
    """
    lines = wrap_to_width(text, size_pt, width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
        last = lines[-1]
        while last and text_width(last + "…", size_pt) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return "\n".join(lines)


def missing_glyphs(text: str) -> list[str]:
    """Return the characters of ``text`` the house font cannot draw (they would show as boxes)."""
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(font_path()))
    return sorted({ch for ch in text if not ch.isspace() and font.get_char_index(ord(ch)) == 0})


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style for the duration of a ``with`` block."""
    import matplotlib.style

    with matplotlib.style.context(str(style_path())):
        yield


# --- numbers -----------------------------------------------------------------------------


def format_signed(value: float, language: str = "en") -> str:
    """Write a growth with its sign, to one decimal: ``+14,3``, ``−6,6`` (zero unsigned)."""
    return ("+" if value > 0 else "") + format_number(value, language, 1)


def format_bn_kzt(value_bn: float, language: str = "en") -> str:
    """Format a tenge amount given in billions as ``"870 bn"`` or ``"3.1 trn"`` (no currency)."""
    if abs(value_bn) >= 1000:
        return f"{format_number(value_bn / 1000, language, 1)}\u00a0{term('trn', language)}"
    decimals = 0 if abs(value_bn) >= 100 else 1
    return f"{format_number(value_bn, language, decimals)}\u00a0{term('bn', language)}"


def qualifier_mark(qualifier: str) -> str:
    """Return the sign a label carries for a qualified value: ``>``, ``≈``, ``≤``, ``≥``."""
    return {"more_than": ">", "about": "≈", "up_to": "≤", "at_least": "≥", "almost": "<"}.get(
        qualifier, ""
    )


def tenge_axis(axis: Axes, language: str) -> None:
    """Label the y ticks of ``axis`` (values in bn tenge) as bn/trn in ``language``."""
    from matplotlib.ticker import FuncFormatter

    axis.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_bn_kzt(v, language) if v else "0")
    )


def number_axis(axis: Axes, language: str, suffix: str = "") -> None:
    """Label the y ticks of ``axis`` with the language's decimal mark and ``suffix``."""
    from matplotlib.ticker import FuncFormatter

    axis.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_number(v, language, 1) + suffix)
    )


def percent_axis(axis: Axes, language: str, which: str = "y", decimals: int = 0) -> None:
    """Label the ``which`` ticks (``x`` or ``y``) of ``axis`` as percentages in ``language``."""
    from matplotlib.ticker import FuncFormatter

    target = axis.xaxis if which == "x" else axis.yaxis
    target.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_number(v, language, decimals) + "%")
    )


# --- layout ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the plot area sits, as fractions of the figure: ``left, bottom, right, top``."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """The frame as ``(left, bottom, width, height)``, the form ``add_axes`` takes."""
        return (self.left, self.bottom, self.right - self.left, self.top - self.bottom)

    def side_by_side(
        self, figure: Figure, left_width: float = 0.5, right_from: float = 0.62
    ) -> tuple[Axes, Axes]:
        """Add two plots side by side in the frame; return the left and the right.

        The left takes ``left_width`` of the frame's width; the right runs from
        ``right_from`` to the frame's edge (the gap between holds the right's labels).
        """
        width, height = self.right - self.left, self.top - self.bottom
        left = figure.add_axes((self.left, self.bottom, width * left_width, height))
        right = figure.add_axes(
            (self.left + width * right_from, self.bottom, width * (1 - right_from), height)
        )
        return left, right


def stacked_bars(
    axis: Axes,
    positions: Sequence[float],
    parts: Sequence[tuple[Sequence[float], str, str]],
    *,
    width: float = 0.7,
    edge: float = 0.5,
) -> tuple[list[float], list[float]]:
    """Stack parts at each position, positive values up from zero and negative ones down.

    ``parts`` are (values, colour, legend label), bottom up. Returns the top of the positive
    stack and the bottom of the negative one at each position (where labels go).
    """
    up = [0.0] * len(positions)
    down = [0.0] * len(positions)
    for values, colour, label in parts:
        bottoms = [u if v >= 0 else d for v, u, d in zip(values, up, down, strict=True)]
        axis.bar(
            positions, values, bottom=bottoms, width=width, color=colour, label=label,
            edgecolor="white", linewidth=edge,
        )  # fmt: skip
        up = [u + max(v, 0.0) for u, v in zip(up, values, strict=True)]
        down = [d + min(v, 0.0) for d, v in zip(down, values, strict=True)]
    return up, down


def wrap_footer(lines: Sequence[str], width: float = TEXT_WIDTH) -> list[str]:
    """Wrap footer paragraphs to lines no wider than ``width`` (a fraction of the figure)."""
    wrapped: list[str] = []
    for paragraph in lines:
        wrapped.extend(wrap_to_width(paragraph, FOOTER_PT, width))
    return wrapped


def new_figure(
    title: str, subtitle: str, footer_lines: Sequence[str], *, left: float = 0.075
) -> tuple[Figure, Frame]:
    """Create a house-style figure with its title, subtitle and footer drawn.

    Returns the figure and the frame left for the plot, below the subtitle and above the
    footer. Titles longer than one line are wrapped; the frame shrinks to make room.
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout=None)
    points_high = HEIGHT_IN * 72
    title_lines = wrap_to_width(title, TITLE_PT, TEXT_WIDTH, bold=True)
    y = 1 - 0.035
    figure.text(
        MARGIN_X,
        y,
        "\n".join(title_lines),
        fontsize=TITLE_PT,
        fontweight="bold",
        color=COLOURS["text"],
        va="top",
        ha="left",
        gid="kzmach-title",
        linespacing=1.15,
    )
    y -= len(title_lines) * TITLE_PT * 1.25 / points_high + 0.012
    subtitle_lines = wrap_to_width(subtitle, SUBTITLE_PT, TEXT_WIDTH)
    figure.text(
        MARGIN_X,
        y,
        "\n".join(subtitle_lines),
        fontsize=SUBTITLE_PT,
        color=COLOURS["subtle"],
        va="top",
        ha="left",
        gid="kzmach-subtitle",
    )
    y -= len(subtitle_lines) * SUBTITLE_PT * 1.3 / points_high
    lines = wrap_footer(footer_lines)
    footer_top = 0.02 + len(lines) * FOOTER_PT * 1.3 / points_high
    figure.text(
        MARGIN_X,
        0.02,
        "\n".join(lines),
        fontsize=FOOTER_PT,
        color=COLOURS["subtle"],
        va="bottom",
        ha="left",
        gid="kzmach-footer",
        linespacing=1.2,
    )
    frame = Frame(left=left, bottom=footer_top + 0.085, right=1 - MARGIN_X, top=y - 0.045)
    return figure, frame


def drawn(figure: Figure) -> RendererAgg:
    """Lay ``figure`` out on an Agg canvas and return the renderer, to measure what is drawn.

    Everything is placed and measured as a real draw would (text extents come from the same
    Agg text layout), but no pixel is painted: ``Figure.draw_without_rendering`` leaves out
    the rasterising, which is most of a draw's cost. Saving the figure draws it for real.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    return canvas.get_renderer()


#: The attribute of an axes listing its bar labels, separated once its layout is final.
BAR_LABELS: Final = "_kzmach_bar_labels"


def separate_labels(axis: Axes, labels: Sequence[Any], gap_pt: float = 4.5) -> None:
    """Lift a bar's label above any label or text it would touch, left to right.

    Labels of neighbouring bars ("≈1 trn" over 2017, ">638 bn" over 2018) can be wider than
    a bar's spacing. Each is compared with the axes' other texts (a trend's label) and the
    labels left of it, and raised just above any it meets (within ``gap_pt`` points), so
    that none runs into another (:func:`layout_problems` checks every chart for it).
    """
    if not labels:
        return
    renderer = drawn(axis.figure)  # type: ignore[arg-type]
    points = axis.figure.dpi / 72
    gap = gap_pt * points
    ours = {id(label) for label in labels}
    placed = [t.get_window_extent(renderer) for t in axis.texts if id(t) not in ours]
    for label in sorted(labels, key=lambda t: t.xy[0]):
        box = label.get_window_extent(renderer)
        for _ in range(len(placed) + 1):  # a lift can meet another text: look again
            met = [
                other
                for other in placed
                if box.x0 < other.x1 + gap
                and box.x1 > other.x0 - gap
                and box.y0 < other.y1
                and box.y1 > other.y0
            ]
            if not met:
                break
            x, y = label.xyann
            label.xyann = (x, y + (max(o.y1 for o in met) - box.y0) / points + 1)
            box = label.get_window_extent(renderer)
        placed.append(box)


def fit_columns(figure: Figure, columns: Sequence[Sequence[Axes]], gap: float = 0.03) -> None:
    """Place columns of axes side by side so that their tick labels and texts fit the width.

    Each column is a list of axes stacked vertically (sharing a left edge). The space taken
    by labels left of each column and by texts right of it is measured after drawing; the
    plot widths then share what is left of the width between the margins, in proportion
    to their current widths.
    """
    for _ in range(2):  # a second pass settles tick labels that moved with the width
        renderer = drawn(figure)
        to_figure = figure.transFigure.inverted()
        spans = []
        for column in columns:
            left_over = right_over = 0.0
            for axes in column:
                position = axes.get_position()
                tight = axes.get_tightbbox(renderer)
                if tight is None:
                    continue
                (x0, _), (x1, _) = to_figure.transform([(tight.x0, 0), (tight.x1, 0)])
                left_over = max(left_over, position.x0 - x0)
                right_over = max(right_over, x1 - position.x1)
            spans.append((left_over, right_over, column[0].get_position().width))
        free = 1 - 2 * MARGIN_X - sum(a + b for a, b, _ in spans) - gap * (len(spans) - 1)
        total = sum(width for _, _, width in spans)
        x = MARGIN_X
        for column, (left_over, right_over, width) in zip(columns, spans, strict=True):
            new_width = free * width / total
            for axes in column:
                position = axes.get_position()
                axes.set_position((x + left_over, position.y0, new_width, position.height))
            x += left_over + new_width + right_over + gap
    for column in columns:  # the layout is final: bar labels that would touch are lifted
        for axes in column:
            labels = getattr(axes, BAR_LABELS, None)
            if labels:
                separate_labels(axes, labels)


def _leaves(box: Any, page: Any, *, top_too: bool = False) -> bool:
    """Whether ``box`` leaves ``page`` (one pixel of slack) at the sides or bottom (or top)."""
    return (
        box.x0 < page.x0 - 1
        or box.x1 > page.x1 + 1
        or box.y0 < page.y0 - 1
        or (top_too and box.y1 > page.y1 + 1)
    )


def _axes_problems(
    index: int, axes: Axes, blocks: dict[str, Any], renderer: Any, page: Any
) -> list[str]:
    """List the problems of one axes: against the title blocks, the page, its own labels."""
    from matplotlib.transforms import Bbox

    tight = axes.get_tightbbox(renderer)
    if tight is None:
        return []
    problems = [f"axes {index} overlaps {name}" for name, b in blocks.items() if tight.overlaps(b)]
    if _leaves(tight, page):
        problems.append(f"axes {index} leaves the figure")
    labels = [t for t in axes.texts if t.get_visible() and t.get_text().strip()]
    extents = [t.get_window_extent(renderer) for t in labels]
    # side by side, labels closer than a word space (4 pt) read as one: they overlap
    apart = 4 * axes.figure.dpi / 72
    for i, box in enumerate(extents):
        widened = Bbox.from_extents(box.x0 - apart, box.y0, box.x1 + apart, box.y1)
        problems += [
            f"labels {labels[i].get_text()!r} and {labels[j].get_text()!r} overlap"
            for j in range(i + 1, len(extents))
            if widened.overlaps(extents[j])
        ]
    problems += [
        f"label {text.get_text()!r} leaves the figure"
        for text, extent in zip(labels, extents, strict=True)
        if _leaves(extent, page, top_too=True)
    ]
    return problems


def layout_problems(figure: Figure) -> list[str]:
    """List texts that overlap one another or leave the figure; an empty list means clean.

    Checked: the title, subtitle and footer against each other and against every axes
    (with its tick labels), and every text drawn inside axes against the figure's edges.
    """
    renderer = drawn(figure)
    page = figure.bbox
    blocks = {
        str(text.get_gid()): text.get_window_extent(renderer)
        for text in figure.texts
        if text.get_gid() in ("kzmach-title", "kzmach-subtitle", "kzmach-footer")
    }
    problems = [f"{name} leaves the figure" for name, box in blocks.items() if _leaves(box, page)]
    names = sorted(blocks)
    for i, first in enumerate(names):
        problems += [
            f"{first} overlaps {second}"
            for second in names[i + 1 :]
            if blocks[first].overlaps(blocks[second])
        ]
    for index, axes in enumerate(figure.axes):
        problems += _axes_problems(index, axes, blocks, renderer, page)
    return problems


def nice_ceiling(value: float) -> float:
    """Round ``value`` up to 1, 2, 2.5 or 5 times a power of ten, for axis limits."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns
