#!/usr/bin/env bash
# tests/run.sh [SUITE...] - the test command: `make test` runs every suite, `make test-SUITE`
# one of them.
#
# A suite is a folder tests/SUITE/ with a run.sh (a new folder is a new suite): engine,
# badinput and golden run first, the others in name order. Each runs with ../shared (or
# $EDGELLM_SHARED) as its argument, its output in build/logs/SUITE.log, and ends with its
# own line `SUITE: N passed, M failed[, K skipped]`; each skip has a line `skipped: WHAT:
# REASON`. For a failing suite this prints every failing check line of its log (the lines
# that start with FAIL; its last lines when there are none) and the log's path.
# Running every suite, it first installs the Debian packages they need (tests/deps.sh, as
# root) and ends with `tests: N passed, M failed, K skipped`; running one, it shows the
# suite's output as it comes and ends with the suite's own line.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${EDGELLM_SHARED:-$ROOT/../shared}
LOG=$ROOT/build/logs
mkdir -p "$LOG"

suites=()
if [ $# -gt 0 ]; then
    for s in "$@"; do
        if [ ! -f "tests/$s/run.sh" ]; then
            echo "tests: no suite '$s' (tests/$s/run.sh); the suites: $(ls tests/*/run.sh | cut -d/ -f2 | tr '\n' ' ')"
            exit 2
        fi
        suites+=("$s")
    done
else
    for s in engine badinput golden $(ls tests/*/run.sh | cut -d/ -f2); do
        [ -f "tests/$s/run.sh" ] || continue
        case " ${suites[*]:-} " in *" $s "*) continue ;; esac
        suites+=("$s")
    done
    bash tests/deps.sh --all
fi
one=0
[ ${#suites[@]} = 1 ] && [ $# = 1 ] && one=1

PASS=0
FAIL=0
SKIP=0
for s in "${suites[@]}"; do
    log=$LOG/$s.log
    t0=$(date +%s)
    if [ $one = 1 ]; then
        bash "tests/$s/run.sh" "$SHARED" 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
    else
        echo "== $s"
        bash "tests/$s/run.sh" "$SHARED" >"$log" 2>&1
        rc=$?
    fi
    secs=$(($(date +%s) - t0))
    line=$(grep -E "^$s: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
    if [ -n "$line" ]; then
        read -r p f k <<<"$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')"
        k=${k:-0}
        [ "$rc" != 0 ] && [ "$f" = 0 ] && f=1 && line="$line; exit status $rc"
    else
        p=0 f=1 k=0
        [ "$rc" = 0 ] && p=1 f=0
        line="$s: no count line, exit status $rc"
    fi
    PASS=$((PASS + p)); FAIL=$((FAIL + f)); SKIP=$((SKIP + k))
    if [ $one = 0 ]; then
        printf '%-14s %s (%s passed, %s failed%s; %ss)\n' "$s" "$([ "$f" = 0 ] && echo ok || echo FAILED)" "$p" "$f" \
            "$([ "$k" = 0 ] || echo ", $k skipped")" "$secs"
        grep -E '^skipped: ' "$log" | sed 's/^/    /'
    fi
    if [ "$f" != 0 ]; then
        echo "failing checks of $s:"
        if grep -qE '^\s*FAIL' "$log"; then
            grep -E '^\s*FAIL' "$log" | sed 's/^/    /'
        else
            tail -n 20 "$log" | sed 's/^/    | /'
        fi
        echo "log: ${log#"$ROOT"/}"
    fi
done
if [ $one = 1 ]; then
    # the suite's own line last, also after the failing checks or a crash
    [ "$FAIL" = 0 ] && [ "$(tail -n 1 "$log")" = "$line" ] || echo "$line"
else
    echo "logs: ${LOG#"$ROOT"/}/"
    echo "tests: $PASS passed, $FAIL failed, $SKIP skipped"
fi
[ "$FAIL" = 0 ]
