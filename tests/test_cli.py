from __future__ import annotations

import subprocess
import sys

from kzmach.cli import main


def test_help_runs_without_heavy_imports():
    """``kzmach --help`` and a command's help print and exit 0 without pandas or polars."""
    code = (
        "import sys, contextlib, io, kzmach.cli\n"
        "for arguments in (['--help'], ['ingest', '--help'], ['diff', '--help']):\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        try:\n"
        "            kzmach.cli.main(arguments)\n"
        "        except SystemExit as end:\n"
        "            assert end.code == 0, (arguments, end.code)\n"
        "    said = out.getvalue()\n"
        "    print(arguments[0], 'usage: kzmach' in said, '--replace' in said)\n"
        "assert not {'pandas', 'polars', 'pandera'} & set(sys.modules), sorted(sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert done.stdout.split("\n")[:3] == [
        "--help True False",
        "ingest True True",  # the ingest command's own options
        "diff True False",
    ]


def test_import_kzmach_is_lazy():
    code = (
        "import sys, kzmach; assert 'pandas' not in sys.modules; "
        "kzmach.indicators; assert 'pandas' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_show_prints_values_and_sources(built, capsys):
    assert main(["--root", str(built), "show", "mb_output"]) == 0
    out = capsys.readouterr().out
    assert "Jan–Aug 2018" in out and "> 638.1" in out and "seed-000" in out


def test_show_unknown_indicator_fails(built, capsys):
    assert main(["--root", str(built), "show", "nope"]) == 1
    assert "unknown indicator" in capsys.readouterr().err


def test_build_and_conflicts_commands(built, capsys):
    assert main(["--root", str(built), "build"]) == 0
    assert main(["--root", str(built), "conflicts"]) == 0
    assert "internal_inconsistency" in capsys.readouterr().out


def test_api_names_stay_functions_after_submodules_load():
    code = (
        "import kzmach, kzmach.pipeline.build, kzmach.pipeline.conflicts, kzmach.analysis.claims, "
        "kzmach.analysis.growth, kzmach.data; "
        "assert all(callable(getattr(kzmach, n)) for n in "
        "('build', 'conflicts', 'claims', 'targets', 'observations', 'series', 'sources', "
        "'indicators', "
        "'check'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_claims_command_lists_disagreements(built, capsys):
    assert main(["--root", str(built), "claims", "--disagree"]) == 0
    out = capsys.readouterr().out
    import kzmach

    claims = kzmach.claims(root=built)
    disagreeing = set(claims.loc[claims["verdict"] == "disagrees", "claim_figure"])
    assert disagreeing and all(figure in out for figure in disagreeing)
    table = out.split("\n", 3)[3]  # below the counts
    assert "disagrees" in table and " agrees" not in table


def test_claims_counts_claims_as_the_chart_does(built, capsys):
    import kzmach
    from kzmach.analysis.claim_verdicts import claim_verdicts
    from kzmach.report.charts.claims import select
    from kzmach.report.charts.common import chart_context

    assert main(["--root", str(built), "claims"]) == 0
    out = capsys.readouterr().out
    charted = select(chart_context("en", None, built)).claims
    drawn = charted["verdict"].value_counts()
    line = next(x for x in out.splitlines() if x.startswith("recomputed from two levels"))
    assert f"(the claims chart): {len(charted)} claims (" in line
    for verdict, count in drawn.items():
        assert f"{count} {verdict}" in line
    per_claim = claim_verdicts(kzmach.claims(root=built))
    assert out.startswith(f"claims: {len(per_claim)} (")
    assert not per_claim["claim_figure"].duplicated().any()


def test_a_reader_closing_the_output_early_ends_the_command_quietly(built):
    # the reader has gone before the command writes anything (as `| head` does once it has
    # its lines): every write of the output meets a closed pipe
    command = [sys.executable, "-m", "kzmach.cli", "--root", str(built), "indicators"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        error = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0
    assert "Traceback" not in error and "BrokenPipeError" not in error, error
