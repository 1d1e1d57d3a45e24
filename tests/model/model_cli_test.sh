#!/usr/bin/env bash
# CLI tests for `cdma model`: the pinned reports byte for byte, JSON that
# parses, the measured-dumps path on the shared corpus (sanity only), and
# the exit code of each kind of failure.
#
#   model_cli_test.sh PATH/TO/cdma PROJECT_SOURCE_DIR
set -u

CDMA=$(realpath "$1")
cd "$2" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdma-model-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

failures=0
passes=0
pass() { echo "PASS: $1"; passes=$((passes + 1)); }
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

# expect_same DESC EXPECTED CMD...: stdout must equal the file, exit 0.
expect_same() {
  local desc=$1 expected=$2
  shift 2
  if ! "$CDMA" "$@" >"$WORK/out" 2>"$WORK/err"; then
    fail "$desc: exit $?: $(cat "$WORK/err")"
  elif ! diff -u "$expected" "$WORK/out" >"$WORK/diff"; then
    fail "$desc: output differs from $expected:"
    cat "$WORK/diff"
  else
    pass "$desc"
  fi
}

# expect_exit CODE DESC CMD...: exit CODE with one 'cdma: ' line on stderr.
expect_exit() {
  local code=$1 desc=$2
  shift 2
  "$CDMA" "$@" >/dev/null 2>"$WORK/err"
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    fail "$desc: exit $rc, want $code: $(cat "$WORK/err")"
  elif [ "$(wc -l <"$WORK/err")" -ne 1 ] || ! grep -q '^cdma: ' "$WORK/err"; then
    fail "$desc: want one 'cdma: ...' line, got: $(cat "$WORK/err")"
  else
    pass "$desc"
  fi
}

expect_same "regression report" data/model/regression.expected \
  model --gpu titanxp --layers data/model/regression.csv --codec zvc
expect_same "synthetic sweep" data/model/sweep.expected model --sweep ratio=1..16 --codec zvc

if "$CDMA" model --layers data/model/regression.json --codec zvc,auto --json >"$WORK/json" &&
   python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["scenarios"]) == 6' "$WORK/json"; then
  pass "--json parses, oracle + uncompressed + cpu/cdma per codec"
else
  fail "--json"
fi

VGG=../shared/data/vgg/final
if [ -d "$VGG" ]; then
  if "$CDMA" model --layers data/model/vgg-fmnist.csv --dumps "$VGG" --codec zvc >"$WORK/vgg" &&
     grep -q '11 sizes and ratios measured' "$WORK/vgg" && grep -q 'cdma zvc' "$WORK/vgg"; then
    pass "measured ratios from the shared VGG dumps"
  else
    fail "measured ratios from the shared VGG dumps: $(cat "$WORK/vgg")"
  fi
  if "$CDMA" model --layers data/model/vgg-fmnist.csv --stages ../shared/data/vgg --codec zvc >"$WORK/stages" &&
     grep -A5 '^  stage ' "$WORK/stages" | awk 'NR > 1 { print $1 }' | head -4 | tr '\n' ' ' | grep -q '^init early mid final '; then
    pass "--stages: a speed-up per training stage, in training order"
  else
    fail "--stages: $(cat "$WORK/stages")"
  fi
else
  fail "no $VGG: the tests need the activation data sets beside the checkout (../shared/data)"
fi
# The profiles cdma.torch.profile wrote for the shared nets (graph form,
# measured times and ratios) are read as they are.
for net in vgg resnet; do
  if "$CDMA" model --layers "data/model/$net-fmnist-profile.csv" --codec zvc >"$WORK/prof" &&
     grep -q '^  graph ' "$WORK/prof" && grep -q 'speed-up vs uncompressed' "$WORK/prof"; then
    pass "the shipped $net profile"
  else
    fail "the shipped $net profile: $(cat "$WORK/prof")"
  fi
done
expect_exit 1 "--stages with --dumps" model --layers data/model/vgg-fmnist.csv --stages data --dumps data

printf 'name,bytes,fwd_ms\na,12x,1\n' >"$WORK/bad.csv"
expect_exit 1 "no --layers or --net" model
expect_exit 1 "unknown GPU" model --gpu tpu --layers data/model/regression.csv
expect_exit 1 "bad sweep" model --sweep ratio=4..1
expect_exit 1 "PCIe gen 2" model --layers data/model/regression.csv --pcie-gen 2
expect_exit 2 "malformed CSV" model --layers "$WORK/bad.csv"
expect_exit 2 "dumps directory without .npy files" model --layers data/model/regression.csv --dumps data/model
expect_exit 3 "missing layers file" model --layers "$WORK/none.csv"

# The six built-in networks, both policies, every preset.
nets_ok=1
for net in alexnet overfeat nin vgg16 squeezenet googlenet; do
  for gpu in titanxp v100 a100 h100; do
    for policy in all conv; do
      if ! "$CDMA" model --net "$net" --gpu "$gpu" --policy "$policy" --codec zvc >"$WORK/net" 2>"$WORK/err" ||
         ! grep -q 'speed-up vs uncompressed' "$WORK/net"; then
        fail "--net $net --gpu $gpu --policy $policy: $(cat "$WORK/err")"
        nets_ok=0
      fi
    done
  done
done
[ "$nets_ok" -eq 1 ] && pass "--net: six networks x two policies x four presets"
if "$CDMA" model --net googlenet --batch 2 --json >"$WORK/json" &&
   python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); l=[x for x in d["layers"] if x["name"]=="3a/output"][0]; assert l["kind"]=="concat" and l["inputs"]==["3a/1x1","3a/3x3","3a/5x5","3a/pool_proj"] and l["bytes"]==2*256*28*28*4' "$WORK/json"; then
  pass "--net googlenet --json: an inception's concatenation and its four inputs"
else
  fail "--net googlenet --json"
fi
printf 'name,inputs,out_bytes,fwd_ms
a,,4,1
b,a;c,4,1
c,b,4,1
' >"$WORK/cycle.csv"
expect_exit 2 "a graph with a cycle" model --layers "$WORK/cycle.csv"
expect_exit 1 "--net with an unknown name" model --net resnet
if "$CDMA" model --net resnet 2>&1 | grep -q 'known: alexnet overfeat nin vgg16 squeezenet googlenet'; then
  pass "--net with an unknown name lists the known ones"
else
  fail "--net with an unknown name lists the known ones"
fi
# The image is offloaded uncompressed unless --image-ratio says otherwise.
if "$CDMA" model --net alexnet --batch 2 --json >"$WORK/a.json" &&
   "$CDMA" model --net alexnet --batch 2 --json --image-ratio 2 >"$WORK/b.json" &&
   python3 -c 'import json,sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
link = lambda d: [s for s in d["scenarios"] if s["label"] == "cdma zvc"][0]["totals"]["link_bytes"]
image = a["layers"][0]["bytes"]
assert a["layers"][0]["kind"] == "input"
assert link(a) - link(b) == image - image // 2' "$WORK/a.json" "$WORK/b.json"; then
  pass "--net: the image is not compressed unless --image-ratio"
else
  fail "--net: the image is not compressed unless --image-ratio"
fi
expect_exit 1 "--image-ratio with --layers" model --layers data/model/regression.csv --image-ratio 2
expect_exit 1 "--net and --layers together" model --net nin --layers data/model/regression.csv

# Per-kind efficiency: a slower pooling roof slows the oracle of a network
# with pooling; the JSON shows each kind's efficiency and the contention switch.
if "$CDMA" model --net vgg16 --batch 4 --json >"$WORK/a.json" &&
   "$CDMA" model --net vgg16 --batch 4 --json --efficiency pool=0.1 --no-dram-contention >"$WORK/b.json" &&
   python3 -c 'import json,sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
t = lambda d: d["scenarios"][0]["totals"]["iteration_s"]
assert a["platform"]["efficiency"]["pool"] == 0.5 and b["platform"]["efficiency"]["pool"] == 0.1
assert b["platform"]["efficiency"]["conv"] == 0.5
assert a["platform"]["dram_contention"] is True and b["platform"]["dram_contention"] is False
assert t(b) > t(a)
assert all(s["totals"]["contention_s"] == 0 for s in b["scenarios"])' "$WORK/a.json" "$WORK/b.json"; then
  pass "--efficiency KIND=X and --no-dram-contention"
else
  fail "--efficiency KIND=X and --no-dram-contention"
fi

if "$CDMA" model --list-gpus | grep -q '^h100 '; then pass "--list-gpus"; else fail "--list-gpus"; fi

echo "model_cli: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
