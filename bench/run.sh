#!/usr/bin/env bash
# Runs Backprop's mlp scenario and the PyTorch peer back to back, REPS times each, and prints the medians
# of the median epoch time and the ratio peer / Backprop. Needs Debian's python3-torch for the peer.
# Usage: bench/run.sh [REPS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
threads=${2:-$(nproc)}
# Debian's torch lives in the system Python, which may not be the first python3 on PATH.
py=/usr/bin/python3; [ -x "$py" ] || py=python3
dotnet build bench/Backprop.Bench -c Release -v quiet > /dev/null
ours=(); torch=()
for i in $(seq "$reps"); do
  ours+=("$(dotnet bench/Backprop.Bench/bin/Release/net10.0/Backprop.Bench.dll mlp --threads "$threads" | tail -1)")
  if "$py" -c "import torch" 2>/dev/null; then
    torch+=("$("$py" bench/peers/pytorch_mlp.py --threads "$threads" | tail -1)")
  fi
done
"$py" - "$threads" <<PY
import json, statistics, sys
ours = [json.loads(l) for l in """$(printf '%s\n' "${ours[@]}")""".splitlines() if l.strip()]
torch = [json.loads(l) for l in """$(printf '%s\n' "${torch[@]:-}")""".splitlines() if l.strip()]
def med(rows, key): return statistics.median(r[key] for r in rows)
print(f"threads {sys.argv[1]}, {len(ours)} runs each (medians)")
print(f"{'library':<24}{'epoch s':>9}{'accuracy':>10}{'predict(1) ms':>15}{'peak MB':>9}")
for name, rows in (("Backprop", ours), (torch[0]['library'] + ' (' + torch[0].get('blas', '?').split('/')[-2] + ')' if torch else 'PyTorch (not installed)', torch)):
    if rows: print(f"{name:<24}{med(rows,'median_epoch_s'):>9.2f}{med(rows,'test_accuracy'):>10.4f}{med(rows,'predict_one_median_ms'):>15.3f}{med(rows,'peak_working_set_mb'):>9.0f}")
if torch: print(f"epoch time ratio PyTorch / Backprop: {med(torch,'median_epoch_s') / med(ours,'median_epoch_s'):.2f}")
PY
