"""The ``kzmach`` command line; ``kzmach --help`` lists its commands.

build, check, show, indicators, sources, conflicts, targets, claims and roadmap (the data);
report; ingest, releases and diff (the statistical releases). Only :mod:`argparse` and the
plain declarations (vocabularies, release formats) are imported up front, so
``kzmach --help`` answers at once; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

from kzmach.cli.fetch import add_fetch_command, run_fetch
from kzmach.metadata.vocabulary import FIGURE_TYPES, MATURITIES

__all__ = ["main"]


def _progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzmach",
        description="Sourced figures on Kazakhstan's machine-building industry.",
    )
    parser.add_argument("--root", help="project folder (default: found from the working dir)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_data_commands(commands)
    _add_report_command(commands)
    _add_release_commands(commands)
    return parser


def _add_data_commands(commands: Any) -> None:
    """Add the commands that build, check and list the data."""
    build = commands.add_parser("build", help="build data/processed from data/raw")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    commands.add_parser("check", help="run every validation and report; exit 1 on any error")
    show = commands.add_parser("show", help="print an indicator's figures with their sources")
    show.add_argument("indicator")
    show.add_argument(
        "--type", default=None, choices=FIGURE_TYPES, help="the figures of one type only"
    )
    show.add_argument("--quotes", action="store_true", help="print each figure's quote")
    commands.add_parser("indicators", help="list the indicator catalogue")
    commands.add_parser("sources", help="list the sources")
    commands.add_parser("conflicts", help="list the figures that disagree")
    targets = commands.add_parser("targets", help="the target-gap table: every target's status")
    targets.add_argument("--as-of", default=None, help="use only what was known on this date")
    _base_year_option(targets)
    claims = commands.add_parser(
        "claims", help="recompute derived statements (growth, multiples, shares) from levels"
    )
    claims.add_argument("--disagree", action="store_true", help="only the disagreements")
    roadmap = commands.add_parser(
        "roadmap", help="the 2022 roadmap's measures: deadlines, lead body, status"
    )
    roadmap.add_argument("--due", default=None, metavar="DATE", help="only measures due by DATE")


def _add_report_command(commands: Any) -> None:
    """Add ``kzmach report``: run the notebooks, export the charts and the decks."""
    report = commands.add_parser(
        "report",
        help="build, run every notebook, export every chart and write reports/<lang>/",
    )
    report.add_argument(
        "--lang", default="en", help="en, ru, kk, a list such as en,ru, or all (default en)"
    )
    report.add_argument("--as-of", default=None, help="use only figures published by this date")
    _base_year_option(report)
    report.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another notebook parameter (VALUE read as YAML); unknown names are refused",
    )
    report.add_argument(
        "--notebook",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this notebook (name or number; repeatable)",
    )
    report.add_argument("--output", default=None, help="reports folder (default: reports/)")
    report.add_argument("--no-progress", action="store_true", help="no progress bar")
    report.add_argument(
        "--force", action="store_true", help="rerun every notebook, even those unchanged"
    )
    report.add_argument(
        "--workers", type=int, default=None, help="notebooks run at once (default: the cores)"
    )


def _add_release_commands(commands: Any) -> None:
    """Add the commands of the statistical releases: ingest, list and compare them."""
    ingest = commands.add_parser(
        "ingest",
        help="check a statistical release and register it under data/raw/releases",
        description="Check a release completely, then copy it unchanged into "
        "data/raw/releases/<source>/<release-id>/ with its sha256, publication date, access "
        "date and maturity. Nothing is written if any check fails. Then run `make report`.",
    )
    ingest.add_argument("file", help="the release as downloaded (it is copied, not moved)")
    ingest.add_argument(
        "--published", required=True, metavar="DATE", help="publication date, YYYY-MM-DD"
    )
    ingest.add_argument(
        "--maturity",
        default="unknown",
        choices=MATURITIES,
        help="preliminary or final (default unknown)",
    )
    from kzmach.raw.releases.formats import FORMATS

    ingest.add_argument(
        "--format",
        default=None,
        metavar="FORMAT",
        help=f"force a format: {', '.join(FORMATS)} (default: recognised from the content)",
    )
    sources = ", ".join(sorted({f.source for f in FORMATS.values()}))
    for option, said in (
        ("--release-id", "default: DATE-file-name"),
        ("--source", f"folder under data/raw/releases (by format: {sources})"),
        ("--publisher", "who published it (default: the Bureau for bns, taldau)"),
        ("--name", "the indicator, when the file names none"),
        ("--unit", "the unit, when the file gives none"),
        ("--index-id", "the portal's index id (recorded)"),
        ("--url", "where the file was downloaded (recorded)"),
        ("--sheet", "a workbook's sheet (default: the first visible table)"),
        ("--replace", "redo a registered release (RELEASE): its file and options, with --reason"),
    ):
        ingest.add_argument(option, default=None, help=said)
    ingest.add_argument("--accessed", default=None, metavar="DATE", help="default: today")
    ingest.add_argument("--reason", default="", help="why the file is superseded (recorded)")
    for flag, said in (
        ("--supersede", "replace the file of an existing release id"),
        ("--confirm-published", "take --published even if before a vintage it runs past"),
        ("--no-build-check", "skip the dry build (a script ingesting many files, then a build)"),
    ):
        ingest.add_argument(flag, action="store_true", help=said)
    add_fetch_command(commands)
    commands.add_parser("releases", help="list the ingested releases")
    diff = commands.add_parser("diff", help="what changed between two releases")
    diff.add_argument("old", help="the earlier release (source/release-id, or release-id)")
    diff.add_argument("new", help="the later release")
    diff.add_argument("--csv", default=None, metavar="FILE", help="also write the table to FILE")


class UsageError(Exception):
    """A malformed option value: exit status 2, as for argparse's own usage errors."""


def _base_year_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-year",
        action="append",
        default=[],
        metavar="KEY=YEAR",
        help="assume a base year for a target id or programme (repeatable)",
    )


def _base_years(items: Sequence[str]) -> dict[str, int]:
    """Parse ``KEY=YEAR`` options.

    Raises
    ------
    UsageError
        If an item is not of the form ``KEY=YEAR``.
    """
    assumptions = {}
    for item in items:
        key, _, year = item.rpartition("=")
        if not key or not year.isdigit():
            raise UsageError(f"--base-year wants KEY=YEAR, got {item!r}")
        assumptions[key] = int(year)
    return assumptions


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    from kzmach.errors import KzmachError, ValidationFailed
    from kzmach.raw.releases.store import IngestError

    try:
        handler = {
            "build": _build,
            "check": _check,
            "show": _show,
            "indicators": _indicators,
            "sources": _sources,
            "conflicts": _conflicts,
            "claims": _claims,
            "targets": _targets,
            "report": _report,
            "roadmap": _roadmap,
            "ingest": _ingest,
            "releases": _releases,
            "diff": _diff,
            "fetch": run_fetch,
        }[args.command]
        return handler(args)
    except UsageError as exc:
        print(f"kzmach: {exc}", file=sys.stderr)
        return 2
    except (ValidationFailed, IngestError) as exc:
        print(f"kzmach: {exc}", file=sys.stderr)
        return 1
    except (KzmachError, KeyError) as exc:
        print(f"kzmach: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _reader_left()
    except OSError as exc:  # a file the command was given or writes, unreadable or full
        where = f" {exc.filename}" if exc.filename else ""
        print(f"kzmach:{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _reader_left() -> int:
    """End quietly when the reader of the output closed it early (``kzmach claims | head``).

    What is still buffered goes nowhere instead of raising again at exit (the recipe of
    Python's ``signal`` documentation); a build or an ingest was finished or left intact by
    then, as every write is atomic.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _build(args: argparse.Namespace) -> int:
    from kzmach.pipeline.build import build

    print("kzmach build", file=sys.stderr)
    result = build(args.root, force=args.force, progress=_progress)
    if not result.skipped:
        rows = ", ".join(f"{n} {name}" for name, n in result.rows.items())
        print(f"built in {result.seconds:.1f} s: {rows}; manifest {result.manifest}")
        if result.warnings:
            print(f"{len(result.warnings)} warning(s): run `kzmach check` to see them")
    else:
        print("data/processed is up to date")
    return 0


def _check(args: argparse.Namespace) -> int:
    from kzmach.paths import project_paths
    from kzmach.pipeline.build import assemble

    started = time.perf_counter()
    assembly = assemble(project_paths(args.root), _progress)
    errors, warnings = assembly.errors, assembly.warnings
    observations = assembly.tables.get("observations")
    conflicts = assembly.tables.get("conflicts")
    print("kzmach check")
    print(f"  figures checked: {0 if observations is None else len(observations)}")
    print(
        f"  conflicts between or within sources (see `kzmach conflicts`): "
        f"{0 if conflicts is None else len(conflicts)}"
    )
    for line in _unmapped_counts(assembly.tables.get("release_values")):
        print(line)
    if warnings:
        print(f"  warnings ({len(warnings)}):")
        for problem in warnings:
            print(f"    - {problem}")
    if errors:
        print(f"  ERRORS ({len(errors)}):")
        for problem in errors:
            print(f"    - {problem}")
        print(f"check FAILED in {time.perf_counter() - started:.1f} s")
        return 1
    print(f"check passed in {time.perf_counter() - started:.1f} s")
    return 0


def _unmapped_counts(values: Any) -> list[str]:
    """Return lines counting the release rows left unmapped, by release and reason."""
    if values is None or len(values) == 0:
        return []
    left = values[values["mapping"] != "mapped"]
    lines = [f"  release rows not mapped to an indicator: {len(left)} of {len(values)}"]
    counts = left.groupby(["release", "mapping"]).size().sort_values(ascending=False)
    lines += [
        f"    - {release}: {count} row(s): {reason}" for (release, reason), count in counts.items()
    ]
    return lines


def _table(frame: object) -> None:
    import pandas as pd

    with pd.option_context(
        "display.width", 200, "display.max_colwidth", 60, "display.max_rows", 500
    ):
        print(frame.to_string(index=False))  # type: ignore[attr-defined]


def _show(args: argparse.Namespace) -> int:
    from kzmach.api import indicators, observations

    frame: Any = observations(args.indicator, figure_type=args.type, root=args.root)
    catalogue: Any = indicators()  # the id is known: observations raised KeyError otherwise
    row = catalogue[catalogue["indicator"] == args.indicator].iloc[0]
    spec = {str(key): str(value) for key, value in row.items()}
    print(f"{args.indicator}: {spec['name_en']} [{spec['unit']}, {spec['basis']}, {spec['scope']}]")
    print(f"  ru: {spec['name_ru']}\n  kk: {spec['name_kk']}\n  {spec['description']}\n")
    if frame.empty:
        print("no figures")
        return 0
    frame = frame.assign(
        value_shown=[
            ("> " if q == "more_than" else "~ " if q == "about" else "")
            + f"{v:,.6g}"
            + (f"-{u:,.6g}" if u == u and u is not None else "")
            for v, q, u in zip(
                frame["value"], frame["qualifier"], frame["value_upper"], strict=True
            )
        ]
    )
    columns = [
        "period_label",
        "figure_type",
        "comparison",
        "value_shown",
        "value_as_written",
        "region",
        "figure_id",
        "source_id",
    ]
    _table(frame[columns].rename(columns={"value_shown": f"value ({spec['unit']})"}))
    if args.quotes:
        print()
        for row in frame.itertuples():
            print(f"{row.figure_id}: {row.quote}")
    return 0


def _indicators(args: argparse.Namespace) -> int:
    from kzmach.api import indicators

    _table(indicators()[["indicator", "unit", "basis", "scope", "name_en"]])
    return 0


def _sources(args: argparse.Namespace) -> int:
    from kzmach.api import sources

    _table(
        sources(root=args.root)[["source_id", "kind", "language", "published", "figures", "title"]]
    )
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    from kzmach.api import conflicts

    frame = conflicts(root=args.root)
    _table(
        frame[
            [
                "kind",
                "indicator",
                "period_label",
                "figure_a",
                "value_a",
                "figure_b",
                "value_b",
                "reconcilable",
                "explanation",
            ]
        ]
    )
    return 0


def _targets(args: argparse.Namespace) -> int:
    from kzmach.api import target_gap

    assumptions = _base_years(args.base_year)
    frame = target_gap(as_of=args.as_of, assumptions=assumptions, root=args.root)
    official = frame[frame["wording"] == "official"]
    print(
        f"targets: {len(frame)} wordings of {frame['states_target'].nunique()} targets; "
        f"{len(official)} official wordings: "
        + ", ".join(f"{n} {status}" for status, n in official["status"].value_counts().items())
    )
    shown = frame.assign(
        target=[
            f"x{m:g}" if m == m and m is not None else f"{v:g} {u}"
            for m, v, u in zip(
                frame["target_multiple"], frame["target_value"], frame["unit"], strict=True
            )
        ],
        required=frame["required_cagr"].astype(float).round(1),
        achieved=frame["achieved_cagr"].astype(float).round(1),
    )
    _table(
        shown[
            [
                "target_id",
                "target",
                "target_year",
                "base_year",
                "latest_period",
                "required",
                "achieved",
                "status",
                "alt_base_year",
                "alt_status",
                "feasibility",
            ]
        ]
    )
    for target_id, *flags in zip(
        frame["target_id"], frame["definition_flag"], frame["price_flag"], strict=True
    ):
        for flag in flags:
            if flag:
                print(f"{target_id}: {flag}")
    print(
        "base years not stated by a source are assumptions; see base_year_source in "
        "kzmach.analysis.target_gap()"
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    import yaml

    from kzmach.errors import KzmachError
    from kzmach.report.runner import report

    parameters = {}
    for item in args.parameter:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            raise UsageError(f"-p wants NAME=VALUE, got {item!r}")
        parameters[name] = yaml.safe_load(value)
    try:
        report(
            language=args.lang,
            as_of=args.as_of,
            base_years=_base_years(args.base_year),
            parameters=parameters,
            notebooks=args.notebook,
            output=args.output,
            root=args.root,
            progress=not args.no_progress,
            force=args.force,
            workers=args.workers,
        )
    except ValueError as exc:  # a malformed date or language
        raise KzmachError(str(exc)) from None
    return 0


def _claims(args: argparse.Namespace) -> int:
    from kzmach.analysis.claim_verdicts import claim_counts, share_definitions, unstated_basis
    from kzmach.api import claims
    from kzmach.metadata.vocabulary import CLAIM_VERDICTS, DISAGREES

    every_claim = claims(root=args.root)
    frame = every_claim
    if args.disagree:
        frame = frame[frame["verdict"] == DISAGREES]
    every, charted = claim_counts(every_claim)
    said = ", ".join(f"{every.get(v, 0)} {v}" for v in CLAIM_VERDICTS)
    drawn = ", ".join(f"{count} {verdict}" for verdict, count in charted.items())
    print(
        f"claims: {every.sum()} ({said}), in {len(every_claim)} checks, one per claim and "
        "piece of evidence; untestable: nothing we hold can test them, the reason says why"
    )
    print(f"recomputed from two levels (the claims chart): {charted.sum()} claims ({drawn})")
    for what, matched in (
        ("growth of unstated basis, which basis it matches", unstated_basis(every_claim)),
        ("shares, which definition they match", share_definitions(every_claim)),
    ):
        counts = matched["matches"].value_counts()
        print(f"{what}: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    frame = frame.assign(
        stated=frame["stated"].round(2),
        computed=frame["computed"].round(2),
        tolerance=frame["tolerance"].round(2),
    )
    columns = ["claim_figure", "indicator", "period_label", "stated_as_written", "stated"]
    _table(frame[[*columns, "computed", "tolerance", "tested_against", "verdict", "reason"]])
    return 0


def _roadmap(args: argparse.Namespace) -> int:
    from datetime import date

    from kzmach.api import roadmap_due, roadmap_measures

    if args.due is None:
        frame = roadmap_measures(root=args.root)
    else:
        try:
            when = date.fromisoformat(args.due)
        except ValueError:
            raise UsageError(f"--due {args.due!r} is not a date (YYYY-MM-DD)") from None
        frame = roadmap_due(when, root=args.root)
    columns = ["measure_no", "section", "deadline_text", "lead", "status", "title"]
    if args.due is not None:
        columns[3:3] = ["deadlines_passed", "deadlines_total"]
    _table(frame[columns])
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from kzmach.pipeline.ingest import ingest

    given: tuple[str, ...] = ("release_id", "source", "publisher", "accessed", "supersede")
    given += ("reason", "name", "unit", "index_id", "url", "sheet", "root", "published", "maturity")
    given += ("confirm_published", "replace")
    result = ingest(
        args.file,
        fmt=args.format,
        progress=_progress,
        dry_build=not args.no_build_check,
        **{option: getattr(args, option) for option in given},
    )
    release = result.release
    for note in result.notes:
        print(f"note: {note}")
    if result.status == "unchanged":
        print(f"{release.key}: the same file is already ingested; nothing changed")
        return 0
    print(
        f"{result.status} {release.key}: {release.rows} rows ({release.format}, "
        f"{release.maturity}, published {release.published}); {result.observations} "
        f"observation(s) of {', '.join(result.indicators) or 'no indicator'}"
    )
    print(f"  {result.path / release.file} (sha256 {release.sha256[:12]})")
    print(f"  read as {result.recognised}")
    print(f"  every number accounted for: {result.accounted}")
    if result.marked:
        print(f"  cells with a mark instead of a number: {', '.join(result.marked)}")
    if result.unmapped:
        print("  not mapped (kept in release_values, not in observations; see")
        print("  data/raw/release-mappings/README.md):")
        for line in result.unmapped:
            print(f"    - {line}")
    print("next: `make report` (or `kzmach build`) rebuilds the data, charts and deck")
    return 0


def _releases(args: argparse.Namespace) -> int:
    from kzmach.api import releases

    frame = releases(root=args.root)
    if frame.empty:
        print("no releases ingested yet: see `kzmach ingest --help`")
        return 0
    _table(frame[["release", "format", "published", "maturity", "rows", "original_name"]])
    from kzmach.api import release_values

    for line in _unmapped_counts(release_values(root=args.root)):
        print(line)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from kzmach.api import diff

    frame = diff(args.old, args.new, root=args.root)
    counts = frame["change"].value_counts()
    kinds = frame[frame["change"] == "revised"]["kind"].value_counts()
    by_kind = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    print(
        f"{args.old} -> {args.new}: {counts.get('revised', 0)} revised"
        f"{f' ({by_kind})' if by_kind else ''}, {counts.get('new', 0)} new, "
        f"{counts.get('removed', 0)} removed"
    )
    if not frame.empty:
        _table(frame.drop(columns=["old_row", "new_row"]))
    if args.csv:
        frame.to_csv(args.csv, index=False)
    return 0
