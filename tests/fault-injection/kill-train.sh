#!/usr/bin/env bash
# Fault injection for training (issue 21): kill -9 a `train` process at random moments, N times, then let it finish,
# and check that the published run equals an uninterrupted one value for value (curve rows and checkpoint hashes).
# Usage: tests/fault-injection/kill-train.sh [kills=12] [max_delay_ms=2500]   (after ./build.sh --target=Build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
kills=${1:-12}
max_delay=${2:-2500}
cli="dotnet src/GrokUnlearn.Cli/bin/Release/net10.0/GrokUnlearn.Cli.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A modular run long enough to be killed mid-way: 20,000 steps (several seconds), a resume point every 200.
cat > "$work/profile.yaml" <<'YAML'
description: fault injection
threads: 1
datasets:
  add23: { kind: modular, op: add, p: 23, train_fraction: 0.5, split_seed: 0 }
models:
  mlp: { kind: modular_mlp, embed_dim: 16, hidden: [64] }
recipes:
  r: { lr: 0.003, weight_decay: 1.0, max_steps: 20000, eval_every: 100, checkpoint_every: 200 }
train:
  - { dataset: add23, model: mlp, recipe: r, seeds: [0] }
selection: { fit_train_acc: 0.99, grok_test_acc: 0.9, pre_margin: 0.05 }
YAML
$cli data --profile "$work/profile.yaml" --root "$PWD" --artifacts "$work/clean" >/dev/null
$cli train --profile "$work/profile.yaml" --root "$PWD" --artifacts "$work/clean" >/dev/null
$cli data --profile "$work/profile.yaml" --root "$PWD" --artifacts "$work/killed" >/dev/null
for i in $(seq 1 "$kills"); do
  $cli train --profile "$work/profile.yaml" --root "$PWD" --artifacts "$work/killed" >"$work/log.$i" 2>&1 &
  pid=$!
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % max_delay + 300 ))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then echo "kill $i after ${delay_ms} ms: $(grep -o 'resuming from step [0-9]*\|discarding[^;]*' "$work/log.$i" | head -1)"; fi
  wait "$pid" 2>/dev/null || true
done
$cli train --profile "$work/profile.yaml" --root "$PWD" --artifacts "$work/killed" >"$work/log.final" 2>&1
cell=add23__mlp__r__seed0
status=0
# The tables carry timings (train_seconds) that differ by design; the checkpoint files are compared byte for byte
# (the selection that picked them reads every curve row, so a different curve would publish other steps).
for ckpt in "$work/clean/train/$cell/checkpoints/"*.safetensors; do
  name=$(basename "$ckpt")
  other="$work/killed/train/$cell/checkpoints/$name"
  if [ ! -f "$other" ]; then echo "MISSING $name after the kills"; status=1; continue; fi
  if ! cmp -s "$ckpt" "$other"; then echo "DIFFERENT $name"; status=1; fi
done
n_clean=$(ls "$work/clean/train/$cell/checkpoints" | wc -l)
n_killed=$(ls "$work/killed/train/$cell/checkpoints" | wc -l)
[ "$n_clean" = "$n_killed" ] || { echo "checkpoint count $n_clean vs $n_killed"; status=1; }
$cli status --profile "$work/profile.yaml" --root "$PWD" --artifacts "$work/killed" > "$work/status"; grep -q "^train	$cell	up to date\|^train	$cell	fresh" "$work/status" \
  || { echo "the killed run's cell is not up to date"; status=1; }
[ $status = 0 ] && echo "OK: $kills kills, every published checkpoint ($n_clean files) byte-identical to the uninterrupted run"
exit $status
