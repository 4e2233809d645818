#!/bin/bash
# Measure the running app as a user drives it: start it with --perf-log,
# hover (or scroll with the wheel) over its window for 8 seconds with
# xdotool, and report frames per second and the cost of a frame.
#
#   DISPLAY=:99 tests/perf/frames.sh LABEL COMMAND...
#
# Environment: MODE=hover|scroll (hover), WARM=seconds before measuring (4),
# X/Y where the pointer rests (640/400), WINNAME window title to find
# (Parallax; "." for the bare window). Needs xdotool and python3.
set -eu
label=$1
shift
log=$(mktemp --suffix=.csv)
err=$(mktemp)
"$@" --perf-log "$log" 2>"$err" &
pid=$!
sleep "${WARM:-4}"
win=$(xdotool search --name "${WINNAME:-Parallax}" | head -1)
xdotool windowfocus --sync "$win" 2>/dev/null || true
xdotool mousemove --window "$win" "${X:-640}" "${Y:-400}"
sleep 1
first=$(wc -l <"$log")
mode=${MODE:-hover}
end=$((SECONDS + 8))
while [ $SECONDS -lt $end ]; do
    if [ "$mode" = scroll ]; then
        xdotool click 5
    else
        xdotool mousemove_relative -- 3 2
        xdotool mousemove_relative -- -3 -2
    fi
    sleep 0.01
done
last=$(wc -l <"$log")
kill "$pid"
wait "$pid" 2>/dev/null || true
tail -n +$((first + 1)) "$log" | head -n $((last - first)) >"$log.window"
python3 - "$label" "$mode" "$log.window" <<'PY'
import statistics, sys
rows = [list(map(float, l.split(","))) for l in open(sys.argv[3]) if l.strip()]
ui = [r[1] for r in rows]
cpu = [r[2] for r in rows]
q = lambda v, p: sorted(v)[min(len(v) - 1, int(len(v) * p))]
print(f"{sys.argv[1]} {sys.argv[2]}: {len(rows) / 8:.0f} frames/s, "
      f"ui_ms median {statistics.median(ui):.2f}, "
      f"frame_cpu_ms median {statistics.median(cpu):.1f} p99 {q(cpu, .99):.1f}")
PY
grep -o "renderer: [a-z]*" "$err" || true
rm -f "$log" "$log.window" "$err"
