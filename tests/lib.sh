# tests/lib.sh - what the suites (tests/*/run.sh) share; sourced from the repository root.
#
#   suite NAME [SHARED]   starts suite NAME: its logs go to build/logs/NAME/; SHARED (default
#                         ../shared) becomes an absolute path in $SHARED, and HAVE_SHARED=1 when
#                         it holds the stories260K model and its golden files
#   check NAME CMD...     runs CMD, its output in build/logs/SUITE/NAME.log: one check, or N + M
#                         checks when CMD prints `N passed, M failed` (its skips count too); on
#                         failure prints `FAIL  NAME ...` and CMD's failing lines
#   pass TEXT, fail TEXT  one passed or failed check, with its line (`ok    TEXT`, `FAIL  TEXT`)
#   skip WHAT REASON      one skip, with its line `skipped: WHAT: REASON`
#   finish                prints the suite's last line `NAME: N passed, M failed[, K skipped]`
#                         and exits, with status 1 after any failure
#   s260 [--kv 8]         converts stories260K from $SHARED (INT8 weights; the 16-bit KV cache,
#                         or the 8-bit one) and prints the model's path
# Every failing check line starts with FAIL, every skip line with `skipped:`; tests/run.sh
# relies on both.
set -u
ROOT=$(pwd)
B=$ROOT/build
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
WARN="-Wall -Wextra -Wpedantic -Werror"
L_PASS=0
L_FAIL=0
L_SKIP=0

suite() {
    L_NAME=$1
    SHARED=${2:-$ROOT/../shared}
    [ -d "$SHARED" ] && SHARED=$(cd "$SHARED" && pwd)
    LOGS=$B/logs/$L_NAME
    mkdir -p "$LOGS"
    HAVE_SHARED=0
    if [ -r "$SHARED/models/stories260K.bin" ] && [ -r "$SHARED/models/tok512.bin" ] &&
        [ -r "$SHARED/golden/stories260K_bos.ids.txt" ]; then
        HAVE_SHARED=1
    fi
}

pass() { L_PASS=$((L_PASS + 1)); echo "ok    $*"; }
fail() { L_FAIL=$((L_FAIL + 1)); echo "FAIL  $*"; }
skip() { L_SKIP=$((L_SKIP + 1)); echo "skipped: $1: $2"; }

# the counts of the last `N passed, M failed[, K skipped]` line of a log: "N M K", or nothing
counts_of() {
    grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 |
        sed -E 's/.*\b([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/' | awk '{ print $1, $2, $3 + 0 }'
}

check() {
    local name=$1; shift
    local log=$LOGS/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.+-' '_').log rc c p f k
    "$@" >"$log" 2>&1
    rc=$?
    c=$(counts_of "$log")
    if [ -n "$c" ]; then
        read -r p f k <<<"$c"
        [ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
    elif [ "$rc" = 0 ]; then
        p=1 f=0 k=0
    else
        p=0 f=1 k=0
    fi
    grep -E '^skipped: ' "$log"
    [ -n "$c" ] || k=$(grep -cE '^skipped: ' "$log")
    L_PASS=$((L_PASS + p)); L_FAIL=$((L_FAIL + f)); L_SKIP=$((L_SKIP + k))
    if [ "$f" = 0 ]; then
        echo "ok    $name$([ -n "$c" ] && echo " ($p passed)")"
    else
        echo "FAIL  $name (exit $rc$([ -n "$c" ] && echo ", $f of $((p + f)) failed"); log ${log#"$ROOT"/})"
        if grep -qE '^\s*FAIL' "$log"; then
            grep -E '^\s*FAIL' "$log" | sed "s/^\s*/FAIL  $name: /"
        else
            tail -n 12 "$log" | sed "s/^/      | /"
        fi
    fi
    return "$f"
}

finish() {
    echo "$L_NAME: $L_PASS passed, $L_FAIL failed$([ "$L_SKIP" = 0 ] || echo ", $L_SKIP skipped")"
    [ "$L_FAIL" = 0 ]
    exit
}

s260() {
    local out=$B/stories260K_int8.elm kv=16
    [ "${1:-}" = --kv ] && kv=$2 && [ "$kv" = 8 ] && out=$B/stories260K_int8_kv8.elm
    make -s -C "$ROOT" build/convert >/dev/null &&
        "$B/convert" --weights int8 --kv "$kv" "$SHARED/models/stories260K.bin" "$SHARED/models/tok512.bin" "$out" 2>/dev/null &&
        echo "$out"
}
