#!/usr/bin/env bash
# Runs one of Backprop's scenarios (mlp, the default, or convnet) and its peers back to back, REPS times each, and
# prints the medians and the ratio of each peer's epoch time to Backprop's. Peers: PyTorch (Debian's python3-torch, with OpenBLAS) when installed,
# TorchSharp (bench/peers/torchsharp.sh: downloads TorchSharp-cpu and Debian 13's libstdc++ once) unless
# BACKPROP_BENCH_TORCHSHARP=0.
# Usage: bench/run.sh [REPS] [THREADS] [mlp|convnet] [SCENARIO OPTIONS...], e.g. `bench/run.sh 3 2 --hidden 1024,1024,1024
# --epochs 3` or `bench/run.sh 3 2 convnet --epochs 5` (the options go to all three, which accept --epochs, --data and
# --seed alike, and for mlp --hidden).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
threads=${2:-$(nproc)}
shift $(( $# < 2 ? $# : 2 ))
scenario=mlp
if [ $# -gt 0 ] && [[ "$1" != --* ]]; then scenario=$1; shift; fi
case "$scenario" in mlp|convnet) ;; *) echo "run.sh: unknown scenario '$scenario' (expected mlp or convnet)" >&2; exit 2;; esac
# Debian's torch lives in the system Python, which may not be the first python3 on PATH.
py=/usr/bin/python3; [ -x "$py" ] || py=python3
dotnet build bench/Backprop.Bench -c Release -v quiet > /dev/null
results="$(mktemp)"
for i in $(seq "$reps"); do
  dotnet bench/Backprop.Bench/bin/Release/net10.0/Backprop.Bench.dll "$scenario" --threads "$threads" "$@" | tail -1 | sed 's/^/Backprop\t/' >> "$results"
  if "$py" -c "import torch" 2>/dev/null; then
    "$py" "bench/peers/pytorch_$scenario.py" --threads "$threads" "$@" | tail -1 | sed 's/^/PyTorch\t/' >> "$results"
  fi
  if [ "${BACKPROP_BENCH_TORCHSHARP:-1}" != 0 ]; then
    bench/peers/torchsharp.sh "$scenario" --threads "$threads" "$@" 2>/dev/null | tail -1 | sed 's/^/TorchSharp\t/' >> "$results" || echo "TorchSharp peer failed; see bench/peers/torchsharp.sh" >&2
  fi
done
"$py" - "$threads" "$results" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[2]):
    name, _, payload = line.partition("\t")
    if payload.strip(): rows.setdefault(name, []).append(json.loads(payload))
def med(rs, key):
    values = [r[key] for r in rs if r.get(key) is not None]
    return statistics.median(values) if values else float("nan")
print(f"threads {sys.argv[1]}, medians of {', '.join(f'{len(v)} {k}' for k, v in rows.items())} runs")
print(f"{'library':<42}{'epoch s':>9}{'accuracy':>10}{'evaluate s':>11}{'predict(1) ms':>15}{'peak MB':>9}{'1st step s':>11}")
for name, rs in rows.items():
    label = rs[0]["library"] + (f" ({rs[0]['blas'].split('/')[-2]})" if "blas" in rs[0] else "")
    print(f"{label:<42}{med(rs,'median_epoch_s'):>9.2f}{med(rs,'test_accuracy'):>10.4f}{med(rs,'evaluate_s'):>11.3f}{med(rs,'predict_one_median_ms'):>15.4f}{med(rs,'peak_working_set_mb'):>9.0f}{med(rs,'start_to_first_step_s'):>11.2f}")
ours = med(rows["Backprop"], "median_epoch_s")
for name, rs in rows.items():
    if name != "Backprop": print(f"epoch time ratio {name} / Backprop: {med(rs, 'median_epoch_s') / ours:.2f}")
PY
rm -f "$results"
