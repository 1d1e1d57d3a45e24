#!/usr/bin/env bash
# Signals, temporary files and inputs that change under cdma (issue 17,
# items 2.5 and 3.1-3.3):
#  - every terminating signal that can be caught removes the temporary file,
#    says what happened to the output, and ends cdma by that signal;
#  - a signal ignored when cdma starts (nohup) stays ignored;
#  - SIGKILL's leftover temporary is recognisable, skipped by compress -r and
#    removed by the next run that targets the same output, but a temporary
#    that a live cdma is writing, or that someone else owns, never is;
#  - messages say what became of the output (stdout bytes, --rm);
#  - a mapped input truncated while cdma reads it (--range, info) is a clear
#    error, exit 2, with no output left.
#
#   signals_test.sh PATH/TO/cdma
#
# No timing is asserted: each check waits (a bounded poll) until cdma is
# where it must be, usually blocked reading a FIFO that the test feeds, and
# only then sends the signal or truncates the file.
set -u

HELPERS=$(dirname "$(realpath "$0")")/helpers.sh
CDMA=$(realpath "$1")
# pass/fail/skip/run/expect_fail/expect_absent/no_temp_files/sparse/finish/enter_work
source "$HELPERS"
enter_work cdma-signals
ulimit -c 0  # SIGQUIT's default action dumps core: not here

sparse $((16 << 20)) big.bin
"$CDMA" compress -q --dtype f32 -o big.cdma big.bin

# wait_until CMD...: polls CMD every 10 ms for up to 30 s; false if it never held.
wait_until() {
  local i
  for ((i = 0; i < 3000; i++)); do
    "$@" && return 0
    sleep 0.01
  done
  return 1
}
# temps [DIR]: temporary files in DIR (this naming or the old *.tmp.XXXXXX).
temps() { ls -A "${1:-.}" | grep -E "$temp_file_pattern"; }
has_temp() { temps "$@" >/dev/null; }
# has_temp_of NAME: NAME's temporary exists in the current directory; builtins
# only, for tight polls.
has_temp_of() { compgen -G ".$1.*.cdma-tmp" >/dev/null || compgen -G "$1.tmp.*" >/dev/null; }
mapped() { grep -q "$2" "/proc/$1/maps" 2>/dev/null; }

# start_fed SOURCE ARGS...: runs `cdma ARGS` in the background with stdin
# from the FIFO ./feed, stdout in ./out and stderr in ./err, and feeds it the
# first MiB of SOURCE through fd 3; sets $pid. `$LAUNCH` prefixes the
# command: by default it restores every signal's default action (bash
# ignores SIGINT and SIGQUIT in a script's background jobs, and the test
# itself may run under nohup).
LAUNCH="env --default-signal"
start_fed() {
  local source=$1
  shift
  rm -f feed
  mkfifo feed
  $LAUNCH "$CDMA" "$@" <feed >out 2>err &
  pid=$!
  exec 3>feed
  head -c 1048576 "$source" >&3
}
# feed_rest SOURCE: the rest of SOURCE, end of input, then waits; sets $rc.
feed_rest() {
  tail -c +1048577 "$1" >&3
  exec 3>&-
  wait "$pid"
  rc=$?
}
# stop_fed: ends the input (cdma may be dead already) and waits; sets $rc.
stop_fed() {
  exec 3>&-
  wait "$pid"
  rc=$?
}

# ---------------------------------------------------------------- every catchable signal
# cdma blocks reading the FIFO once its temporary exists (the handlers are
# installed before any output is opened), then gets the signal.
for sig in HUP INT QUIT TERM USR1 USR2 ALRM VTALRM PROF XCPU IO PWR STKFLT RTMIN RTMIN+3 RTMAX; do
  num=$(kill -l "$sig")
  start_fed big.bin compress -q --dtype f32 -o sig.cdma -
  if ! wait_until has_temp; then
    kill -KILL "$pid"
    stop_fed
    fail "SIG$sig: no temporary file appeared: $(cat err)"
    continue
  fi
  kill -s "$sig" "$pid"
  stop_fed
  name="SIG$sig"
  [ "$sig" = IO ] && name=SIGPOLL  # glibc's name for signal 29
  if [ "$rc" -ne $((128 + num)) ]; then
    fail "SIG$sig: exit $rc, want $((128 + num)) (death by the signal); stderr: $(cat err)"
  elif has_temp || [ -e sig.cdma ]; then
    fail "SIG$sig: left $(temps) $(ls sig.cdma 2>/dev/null)"
  elif ! grep -qx "cdma: interrupted by $name; sig.cdma was not written" err; then
    fail "SIG$sig: stderr says: $(cat err)"
  else
    pass "SIG$sig: temporary removed, 'sig.cdma was not written', exit $rc"
  fi
done

# ---------------------------------------------------------------- signals ignored at start stay ignored
LAUNCH=nohup
start_fed big.bin compress -q --dtype f32 -o hup.cdma -
LAUNCH="env --default-signal"
wait_until has_temp && kill -HUP "$pid"
feed_rest big.bin
if [ "$rc" -eq 0 ] && "$CDMA" decompress -q -c hup.cdma | cmp -s - big.bin; then
  pass "nohup: SIGHUP is ignored and the output is complete"
else
  fail "nohup: SIGHUP ended the run: exit $rc, $(cat err)"
fi
# A script's background job starts with SIGINT ignored (bash does it).
LAUNCH=""
start_fed big.bin compress -q --dtype f32 -o bg.cdma -
LAUNCH="env --default-signal"
wait_until has_temp && kill -INT "$pid"
feed_rest big.bin
[ "$rc" -eq 0 ] && "$CDMA" decompress -q -c bg.cdma | cmp -s - big.bin &&
  pass "an inherited SIG_IGN for SIGINT stays ignored" || fail "ignored SIGINT: exit $rc, $(cat err)"
rm -f hup.cdma bg.cdma

# ---------------------------------------------------------------- SIGKILL's leftovers
mkdir d
sparse 65536 d/small.bin
start_fed big.cdma decompress -q -o d/k.bin
wait_until has_temp d
kill -KILL "$pid"
stop_fed
left=$(temps d)
if [[ "$left" =~ ^\.k\.bin\.[0-9]+\.[A-Za-z0-9]{6}\.cdma-tmp$ ]]; then
  pass "SIGKILL leaves a recognisable temporary ($left)"
else
  fail "SIGKILL's temporary is named '$left', want .k.bin.PID.XXXXXX.cdma-tmp"
fi
run compress -q -r --dtype f32 d
extra=$(ls -A d | grep -vxE 'small\.bin|small\.bin\.cdma|\..*\.cdma-tmp')
[ "$rc" -eq 0 ] && [ -z "$extra" ] && pass "compress -r skips the temporary" ||
  fail "compress -r: exit $rc, made: $extra $(cat err)"
run decompress -q -o d/k.bin big.cdma
[ "$rc" -eq 0 ] && ! has_temp d && cmp -s d/k.bin big.bin &&
  pass "the next run writing d/k.bin removes the stale temporary" ||
  fail "stale temporary after the next run: exit $rc, left: $(temps d) $(cat err)"

start_fed big.bin compress -q --dtype f32 -o d/k2.cdma -
wait_until has_temp d
kill -KILL "$pid"
stop_fed
run compress -q --dtype f32 -o d/other.cdma d/small.bin
has_temp d && pass "a run writing another output leaves it alone" || fail "another output's run removed it"
run compress -q --dtype f32 -o d/k2.cdma d/small.bin
[ "$rc" -eq 0 ] && ! has_temp d && pass "compress removes its own stale temporary too" ||
  fail "compress: stale temporary: exit $rc, left: $(temps d)"
rm -f d/*.cdma d/k.bin

# ---------------------------------------------------------------- never another writer's
# A live writer: cdma A, blocked on its FIFO, while cdma B writes the same output.
start_fed big.bin compress -q -f --dtype f32 -o d/live.cdma -
wait_until has_temp d
live=$(temps d)
run compress -q -f --dtype f32 -o d/live.cdma d/small.bin
[ "$rc" -eq 0 ] && [ -e "d/$live" ] && pass "a live writer's temporary is kept by another run" ||
  fail "live writer: exit $rc, its temporary $([ -e "d/$live" ] && echo kept || echo REMOVED)"
feed_rest big.bin
[ "$rc" -eq 0 ] && "$CDMA" decompress -q -c d/live.cdma | cmp -s - big.bin &&
  pass "the live writer finishes its output" || fail "live writer: exit $rc, $(cat err)"

# A dead PID but a held lock: a writer in another PID namespace or on
# another NFS client. Then lookalikes that are not ours.
true &
dead=$!
wait "$dead"
fake=".lk.cdma.$dead.AbC123.cdma-tmp"
echo partial >"d/$fake"
exec 4<"d/$fake"
flock -x 4
run compress -q --dtype f32 -o d/lk.cdma d/small.bin
[ "$rc" -eq 0 ] && [ -e "d/$fake" ] && pass "a locked temporary is kept although its PID is gone" ||
  fail "locked temporary: exit $rc, $([ -e "d/$fake" ] && echo kept || echo REMOVED)"
exec 4<&-
echo notes >d/.lk.cdma.notes
mkdir "d/.lk.cdma.$dead.DiR456.cdma-tmp"
ln -s ../big.bin "d/.lk.cdma.$dead.LnK789.cdma-tmp"
others=0
if [ "$(id -u)" -eq 0 ]; then
  echo theirs >"d/.lk.cdma.$dead.UsR000.cdma-tmp"
  chown 65534 "d/.lk.cdma.$dead.UsR000.cdma-tmp"
  others=1
fi
run compress -q -f --dtype f32 -o d/lk.cdma d/small.bin
[ "$rc" -eq 0 ] && [ ! -e "d/$fake" ] && pass "unlocked, with its PID gone, it is removed" ||
  fail "stale unlocked temporary: exit $rc, $([ -e "d/$fake" ] && echo kept || echo removed)"
[ -e d/.lk.cdma.notes ] && [ -d "d/.lk.cdma.$dead.DiR456.cdma-tmp" ] &&
  [ -L "d/.lk.cdma.$dead.LnK789.cdma-tmp" ] && [ -s big.bin ] &&
  pass "other names, a directory and a symlink named like temporaries are kept" ||
  fail "a lookalike was removed: $(ls -A d)"
if [ "$others" -eq 1 ]; then
  [ -e "d/.lk.cdma.$dead.UsR000.cdma-tmp" ] && pass "another user's temporary is kept" ||
    fail "another user's temporary was removed"
else
  skip "another user's temporary (needs root)"
fi
rm -rf d

# ---------------------------------------------------------------- what the messages say
# SIGINT during -c, once bytes have gone to standard output: after 6 MiB of
# input (more than the 4 MiB chunk) the first chunk's frame bytes are out.
start_fed big.bin compress -q --dtype f32 -c -
for ((mib = 1; mib < 6; mib++)); do
  tail -c +$((mib * 1048576 + 1)) big.bin | head -c 1048576 >&3
done
wait_until test -s out
kill -INT "$pid"
stop_fed
bytes=$(stat -c %s out)
if [ "$rc" -eq 130 ] && [ "$bytes" -gt 0 ] &&
  grep -qx "cdma: interrupted by SIGINT; the $bytes bytes written to standard output are incomplete" err; then
  pass "SIGINT during -c says how many bytes went to stdout ($bytes)"
else
  fail "SIGINT during -c: exit $rc, $bytes bytes out, stderr: $(cat err)"
fi

# SIGINT late in --rm: the output is complete and being verified. Stopped
# (SIGSTOP) as soon as the output appears; if the run is over by then, the
# check cannot be made on this machine.
sparse $((48 << 20)) late.bin
cp late.bin late.orig
$LAUNCH "$CDMA" compress -q --rm -l 9 --dtype f32 late.bin 2>err &
pid=$!
while [ ! -e late.bin.cdma ] && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
kill -STOP "$pid" 2>/dev/null
if [ -e late.bin ] && [ -e late.bin.cdma ] && kill -0 "$pid" 2>/dev/null; then
  kill -INT "$pid"
  kill -CONT "$pid"
  wait "$pid"
  rc=$?
  if [ "$rc" -eq 130 ] && cmp -s late.bin late.orig && "$CDMA" decompress -q -c late.bin.cdma | cmp -s - late.orig &&
    grep -qx "cdma: interrupted by SIGINT; late.bin.cdma is complete, and the input was kept (--rm had not verified the output yet)" err; then
    pass "SIGINT late in --rm: says the output is complete and the input kept"
  else
    fail "SIGINT late in --rm: exit $rc, stderr: $(cat err)"
  fi
else
  kill -CONT "$pid" 2>/dev/null
  wait "$pid"
  skip "SIGINT late in --rm: the run ended before it could be stopped"
fi
rm -f late.bin late.orig late.bin.cdma

# ---------------------------------------------------------------- a mapped input truncated
# --range: cdma maps the file, then blocks opening the FIFO it writes to;
# the file is cut meanwhile, then the FIFO opened: decoding reads lost pages.
mkfifo rfifo
cp big.cdma cut.cdma
"$CDMA" decompress --range 0:$((16 << 20)) -o rfifo cut.cdma 2>err &
pid=$!
wait_until mapped "$pid" cut.cdma
truncate -s 4096 cut.cdma
cat rfifo >/dev/null &
reader=$!
wait "$pid"
rc=$?
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
if [ "$rc" -eq 2 ] && [ "$(wc -l <err)" -eq 1 ] && grep -q '^cdma: cut.cdma: the file shrank' err; then
  pass "--range on a file truncated while mapped: exit 2, one clear line"
else
  fail "--range on a truncated file: exit $rc, stderr: $(cat err)"
fi

# The same into a file: it must not be left, nor its temporary. cdma is
# stopped once its temporary exists, the file cut, then cdma continued; a
# run already over by then cannot make the check.
sparse $((48 << 20)) r.bin
"$CDMA" compress -q -f -l 1 --dtype f32 -o cut.cdma r.bin
rm r.bin
$LAUNCH "$CDMA" decompress --range 0:$((48 << 20)) -o part.bin cut.cdma 2>err &
pid=$!
while ! has_temp_of part.bin && kill -0 "$pid" 2>/dev/null; do :; done
kill -STOP "$pid" 2>/dev/null
truncate -s 4096 cut.cdma
kill -CONT "$pid" 2>/dev/null
wait "$pid"
rc=$?
if [ "$rc" -eq 0 ]; then
  skip "--range -o FILE on a truncated file: the run ended before the file was cut"
elif [ "$rc" -eq 2 ] && ! has_temp && [ ! -e part.bin ] &&
  grep -qx 'cdma: cut.cdma: the file shrank, .*; part.bin was not written' err; then
  pass "--range -o FILE on a file truncated while mapped: exit 2, no output, no temporary"
else
  fail "--range -o FILE on a truncated file: exit $rc, left: $(temps) $(ls part.bin 2>/dev/null), stderr: $(cat err)"
fi

# info: its report of 400 frames fills the FIFO it writes to; the file is
# cut while cdma waits for the FIFO to drain, and it has frames left to read.
hdr="{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }"
while [ $(((10 + ${#hdr} + 1) % 64)) -ne 0 ]; do hdr="$hdr "; done
printf "\\x93NUMPY\\x01\\x00\\x$(printf %02x $((${#hdr} + 1)))\\x00%s\\n" "$hdr" >one.npy
head -c 256 big.bin >>one.npy
"$CDMA" compress -q -o one.npy.cdma one.npy
for ((k = 0; k < 400; k++)); do cat one.npy.cdma; done >many.cdma
mkfifo ififo
"$CDMA" info many.cdma >ififo 2>err &
pid=$!
exec 6<ififo
wait_until mapped "$pid" many.cdma
truncate -s 4096 many.cdma
cat <&6 >/dev/null
exec 6<&-
wait "$pid"
rc=$?
if [ "$rc" -eq 2 ] && grep -q '^cdma: many.cdma: the file shrank' err; then
  pass "info on a file truncated while mapped: exit 2, a clear line"
else
  fail "info on a truncated file: exit $rc, stderr: $(cat err)"
fi

no_temp_files "no temporary files are left anywhere"
finish
