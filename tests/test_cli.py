from __future__ import annotations

import subprocess
import sys

from kzmach.cli import main


def test_help_runs_without_heavy_imports():
    code = (
        "import sys, kzmach.cli; "
        "assert not {'pandas', 'polars', 'pandera'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


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
    assert "disagrees" in out and " agrees" not in out
