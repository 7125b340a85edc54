#!/usr/bin/env bash
# The first `make run` on a fresh demo cache (issue 21), on this machine:
#   benchmarks/first_run_benchmark.sh [BUILD_DIR] [--models]
# 1. `make build` with nothing to do (install-deps' check, cmake), as make run
#    does first;
# 2. scripts/demo on an empty cache (SYNTHETIC data generated) to the window
#    on screen with the demo study: the viewer's --screenshot is written once
#    the study has loaded (Xvfb);
# With --models, also the minutes until both demo models, trained behind the
# window, are written (about 11 minutes on 2 cores).
# Nothing of the user's is touched: cache, settings and database are temporary.
set -euo pipefail
BUILD=${1:-build}; MODELS=${2:-}
TMP=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
export RADLENS_DEMO_DIR="$TMP/demo" XDG_CONFIG_HOME="$TMP/config" RADLENS_DATA_DIR="$TMP/data"
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }

s=$(now); make -s build BUILD_DIR="$BUILD" >/dev/null 2>&1; t_build=$(since "$s")
s=$(now)
xvfb-run -a -s "-screen 0 1280x800x24" scripts/demo "$BUILD" --screenshot "$TMP/first.png" --quit \
  >"$TMP/demo.log" 2>&1
t_window=$(since "$s")
[[ -s "$TMP/first.png" ]] || { echo "error: no window was drawn"; cat "$TMP/demo.log"; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-58s %8.2f s\n' "make build, nothing to do (deps check, cmake)" "$t_build"
printf '%-58s %8.2f s\n' "scripts/demo, fresh cache, to the window with the study" "$t_window"
printf '%-58s %8.2f s\n' "make run to the first window (sum)" "$(echo "$t_build + $t_window" | bc)"

if [[ "$MODELS" == "--models" ]]; then
  # The closed window above stopped its training; a fresh cache again.
  rm -rf "$RADLENS_DEMO_DIR"
  s=$(now)
  xvfb-run -a -s "-screen 0 1280x800x24" scripts/demo "$BUILD" >"$TMP/demo2.log" 2>&1 &
  while [[ ! -f "$RADLENS_DEMO_DIR/segmenter/model.json" || \
           ! -f "$RADLENS_DEMO_DIR/classifier/model.json" ]]; do
    sleep 5
    [[ -n "$(jobs -rp)" ]] || { echo "error: the viewer exited"; cat "$TMP/demo2.log"; exit 1; }
  done
  printf '%-58s %8.1f min\n' "both demo models trained behind the window" \
    "$(echo "($(now) - $s) / 60" | bc -l)"
fi
