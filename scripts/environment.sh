#!/usr/bin/env bash
# The project's virtual environment, from requirements.lock.
#
#   scripts/environment.sh install PYTHON VENV LOCK   create VENV if needed, install LOCK and kzmach
#   scripts/environment.sh lock PYTHON LOCK           rewrite LOCK from pyproject.toml (kzmach[dev])
#   scripts/environment.sh installer PYTHON LOCK      print the installer install would use
#
# The installer is uv: the one on the PATH, else the version requirements.lock pins, installed
# with pip into the project's own tooling (.tools/uv). When uv cannot be had (no network to
# fetch it), plain pip does the same install, slower, after a one-line notice.
# KZMACH_INSTALLER=pip forces plain pip; KZMACH_INSTALLER=uv refuses the fallback.
set -euo pipefail

TOOLS=.tools/uv

say() { printf 'kzmach: %s\n' "$*"; }

seconds_since() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'; }

# The path of a usable uv on standard output, or nothing (status 1) when there is none.
find_uv() {
    local python=$1 lock=$2 version
    case "${KZMACH_INSTALLER:-}" in pip) return 1 ;; esac
    if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
    if [ -x "$TOOLS/bin/uv" ]; then echo "$TOOLS/bin/uv"; return 0; fi
    version=$(sed -n 's/^uv==//p' "$lock" 2>/dev/null | head -n 1)
    say "uv is not on the PATH: installing uv ${version:-(newest)} with pip into $TOOLS" >&2
    rm -rf "$TOOLS"
    # with the Python's own pip, into a folder (a second or so); a Python without pip
    # makes a small venv for it first
    if "$python" -m pip --version >/dev/null 2>&1; then
        "$python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
            --target "$TOOLS" "uv${version:+==$version}" >/dev/null 2>&1 || true
    elif "$python" -m venv "$TOOLS" >/dev/null 2>&1; then
        "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check \
            "uv${version:+==$version}" >/dev/null 2>&1 || true
    fi
    if [ -x "$TOOLS/bin/uv" ]; then
        echo "$TOOLS/bin/uv"
        return 0
    fi
    rm -rf "$TOOLS"
    rmdir "$(dirname "$TOOLS")" 2>/dev/null || true
    return 1
}

# uv, or the notice and nothing when pip must do it (fails when uv was required).
choose_uv() {
    local uv
    if uv=$(find_uv "$1" "$2"); then echo "$uv"; return 0; fi
    if [ "${KZMACH_INSTALLER:-}" = uv ]; then
        say "KZMACH_INSTALLER=uv, but uv could not be installed" >&2
        return 1
    fi
    if [ "${KZMACH_INSTALLER:-}" = pip ]; then
        say "KZMACH_INSTALLER=pip: installing with plain pip" >&2
    else
        say "uv could not be had; installing with plain pip instead (about 2 minutes on 2 cores)" >&2
    fi
}

check_python() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kzmach needs Python >= 3.11, found " + sys.version.split()[0])'
}

install() {
    local python=$1 venv=$2 lock=$3 uv start
    check_python "$python"
    start=$(date +%s.%N)
    uv=$(choose_uv "$python" "$lock")
    if [ -n "$uv" ]; then
        if [ ! -x "$venv/bin/python" ]; then
            say "creating $venv with $uv"
            "$uv" venv --quiet --python "$python" "$venv"
        fi
        if [ -f "$lock" ]; then
            say "installing the versions pinned in $lock with uv"
            "$uv" pip install --quiet --python "$venv/bin/python" -r "$lock"
            "$uv" pip install --quiet --python "$venv/bin/python" --no-deps -e .
        else
            say "no $lock: installing the newest versions pyproject.toml allows with uv"
            "$uv" pip install --quiet --python "$venv/bin/python" -e '.[dev]'
        fi
    else
        if [ ! -x "$venv/bin/python" ]; then
            say "creating $venv with $python -m venv"
            "$python" -m venv "$venv"
        fi
        # a venv made by uv has no pip of its own
        "$venv/bin/python" -m pip --version >/dev/null 2>&1 || "$venv/bin/python" -m ensurepip --quiet
        if [ -f "$lock" ]; then
            say "installing the versions pinned in $lock with pip"
            "$venv/bin/python" -m pip install --quiet -r "$lock"
            "$venv/bin/python" -m pip install --quiet --no-deps -e .
        else
            say "no $lock: installing the newest versions pyproject.toml allows with pip"
            "$venv/bin/python" -m pip install --quiet -e '.[dev]'
        fi
    fi
    if [ -n "$uv" ]; then
        # bytecode compiled once, as pip does at install (uv does not by default): with
        # PYTHONDONTWRITEBYTECODE set, as on some machines, nothing would ever be cached and
        # every process would compile what it imports. The packages' own test suites are
        # left out (a third of the work, never imported), and every core works on it.
        say "compiling the packages' bytecode"
        "$venv/bin/python" -m compileall -q -j 0 -x '[/\\](tests?|testing)[/\\]' \
            "$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
            >/dev/null 2>&1 || true
    fi
    # kzmach's own modules too
    "$venv/bin/python" -m compileall -q src >/dev/null
    say "$venv is ready ($(seconds_since "$start") s)"
}

lock() {
    local python=$1 lock=$2 uv version
    check_python "$python"
    uv=$(choose_uv "$python" "$lock")
    version=$("$python" -c 'import platform; print(platform.python_version())')
    {
        echo "# Exact versions for reproducible reruns: make venv installs these when this file exists."
        echo "# Made by 'make lock' with Python $version on $(date -u +%Y-%m-%d)."
        if [ -n "$uv" ]; then
            "$uv" pip compile --quiet --python "$python" --extra dev --no-header --no-annotate \
                pyproject.toml
        else
            rm -rf .lock-venv
            "$python" -m venv .lock-venv
            .lock-venv/bin/python -m pip install --quiet '.[dev]'
            .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^kzmach'
            rm -rf .lock-venv
        fi
    } >"$lock.new"
    mv "$lock.new" "$lock"
    say "wrote $lock"
}

installer() {
    local uv
    uv=$(choose_uv "$1" "$2")
    if [ -n "$uv" ]; then echo "uv $uv"; else echo "pip"; fi
}

command=${1:-}
shift || true
case "$command" in
    install) install "${1:-python3}" "${2:-.venv}" "${3:-requirements.lock}" ;;
    lock) lock "${1:-python3}" "${2:-requirements.lock}" ;;
    installer) installer "${1:-python3}" "${2:-requirements.lock}" ;;
    *) echo "usage: $0 install PYTHON VENV LOCK | lock PYTHON LOCK | installer PYTHON LOCK" >&2; exit 2 ;;
esac
