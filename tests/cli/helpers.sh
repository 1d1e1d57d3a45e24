# Shared by the CLI test scripts (sourced, never run): PASS/FAIL bookkeeping
# and the checks every script uses. Needs $CDMA (the binary) and runs in the
# current directory.

failures=0
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# run CMD...: runs cdma with stdout/stderr captured in out/err, sets $rc.
run() {
  "$CDMA" "$@" >out 2>err
  rc=$?
}

# expect_fail CODE PATTERN DESC CMD...: cdma must exit with CODE and print
# exactly one stderr line, of the form "cdma: ..." and matching PATTERN.
expect_fail() {
  local code=$1 pattern=$2 desc=$3
  shift 3
  run "$@"
  local lines
  lines=$(wc -l <err)
  if [ "$rc" -ne "$code" ]; then
    fail "$desc: exit $rc, want $code; stderr: $(cat err)"
  elif [ "$lines" -ne 1 ] || ! grep -q '^cdma: ' err; then
    fail "$desc: want one 'cdma: ...' line on stderr, got: $(cat err)"
  elif ! grep -qE -- "$pattern" err; then
    fail "$desc: stderr lacks /$pattern/: $(cat err)"
  else
    pass "$desc"
  fi
}

# expect_absent DESC FILE...: none of the files may exist.
expect_absent() {
  local desc=$1
  shift
  local f
  for f in "$@"; do
    if [ -e "$f" ]; then
      fail "$desc: $f was left behind"
      return
    fi
  done
  pass "$desc"
}

# no_temp_files DESC: an interrupted or failed write leaves no temporary file
# (.NAME.PID.XXXXXX.cdma-tmp; before issue 17, NAME.tmp.XXXXXX).
temp_file_pattern='\.cdma-tmp$|\.tmp\.'
no_temp_files() {
  if ls -A | grep -qE "$temp_file_pattern"; then
    fail "$1: temporary files left: $(ls -A | grep -E "$temp_file_pattern" | tr '\n' ' ')"
  else
    pass "$1"
  fi
}

# roundtrip DESC FILE [compress options...]: compress, decompress into a
# fresh name, compare byte for byte.
roundtrip() {
  local desc=$1 file=$2
  shift 2
  rm -f "$file.cdma" "$file.back"
  run compress -q "$@" "$file"
  if [ "$rc" -ne 0 ]; then
    fail "$desc: compress exit $rc: $(cat err)"
    return
  fi
  run decompress -q -o "$file.back" "$file.cdma"
  if [ "$rc" -ne 0 ]; then
    fail "$desc: decompress exit $rc: $(cat err)"
  elif ! cmp -s "$file" "$file.back"; then
    fail "$desc: restored file differs"
  else
    pass "$desc"
  fi
}

# skip DESC: a check that this machine could not make (neither PASS nor FAIL).
skip() { echo "SKIP: $1"; }

# sparse BYTES FILE: random bytes, about 3/4 of them zero.
sparse() { head -c "$1" /dev/urandom | tr '\000-\277' '\000' >"$2"; }

# finish: prints the verdict and exits 1 if any check failed.
finish() {
  echo
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) FAILED"
    exit 1
  fi
  echo "all checks passed"
}

# enter_work NAME: makes a fresh temporary directory the current one and
# removes it when the script exits.
enter_work() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  cd "$WORK" || exit 1
}
