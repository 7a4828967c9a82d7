#!/usr/bin/env bash
# Times the README's quickstart built as a user's own app with default settings (bench/Quickstart), REPS times, beside
# the same app with DOTNET_TieredPGO=0, with DOTNET_TC_QuickJit=0 as well (what the package sets for its users), and
# the CLI's `train` (whose project sets both), all back to back;
# prints the medians of the total Fit time (first epoch and JIT included), of the first and the other epochs (the
# apps), and of the whole process.
# Usage: bench/quickstart.sh [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
dotnet build bench/Quickstart -c Release -v quiet > /dev/null
dotnet build src/Backprop.Cli -c Release -v quiet > /dev/null
py=/usr/bin/python3; [ -x "$py" ] || py=python3
results="$(mktemp)"
for i in $(seq "$reps"); do
  dotnet bench/Quickstart/bin/Release/net10.0/Quickstart.dll | tail -1 | sed 's/^/default\t/' >> "$results"
  DOTNET_TieredPGO=0 dotnet bench/Quickstart/bin/Release/net10.0/Quickstart.dll | tail -1 | sed 's/^/TieredPGO=0\t/' >> "$results"
  DOTNET_TieredPGO=0 DOTNET_TC_QuickJit=0 dotnet bench/Quickstart/bin/Release/net10.0/Quickstart.dll | tail -1 | sed 's/^/+ QuickJit=0\t/' >> "$results"
  # The CLI prints "training time: X s for 5 epochs", its whole Fit; the process's time is taken around it.
  out="$(mktemp)"
  seconds=$( { TIMEFORMAT=%R; time dotnet src/Backprop.Cli/bin/Release/net10.0/Backprop.Cli.dll train --output "$out.keras" --plot none > "$out"; } 2>&1 )
  fit=$(grep -oE 'training time: [0-9.]+' "$out" | grep -oE '[0-9.]+$')
  printf 'CLI train\t{"fit_s": %s, "process_s": %s}\n' "$fit" "$seconds" >> "$results"
  rm -f "$out" "$out.keras"
done
"$py" - "$results" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, _, payload = line.partition("\t")
    rows.setdefault(name, []).append(json.loads(payload))
def med(rs, f):
    values = [f(r) for r in rs if f(r) is not None]
    return statistics.median(values) if values else float("nan")
print(f"{'run':<22}{'Fit s':>8}{'1st epoch s':>13}{'later epochs s':>16}{'process s':>11}")
for name, rs in rows.items():
    print(f"{name:<22}{med(rs, lambda r: r.get('fit_s')):>8.3f}{med(rs, lambda r: r['epoch_s'][0] if 'epoch_s' in r else None):>13.3f}"
          f"{med(rs, lambda r: statistics.median(r['epoch_s'][1:]) if 'epoch_s' in r else None):>16.3f}{med(rs, lambda r: r.get('process_s')):>11.3f}")
PY
rm -f "$results"
