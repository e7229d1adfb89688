#!/bin/bash
# Per-thread CPU of one running service, sampled beside a bench run (not part of the build; session 12).
# Usage: deploy/bench/tools/thread-cpu.sh PATTERN OUT [SECONDS]
#   PATTERN  pgrep -f pattern of the service's command line, e.g. "wt/enrich/.*enrich-service.*\.jar"
#   OUT      appended with one line per thread and sample: epoch-seconds tid thread-name utime+stime (ticks, 1/100 s)
#   SECONDS  sampling interval (default 2)
# The process is looked up again at each sample, so the loop can start before the service does; stop it with kill.
# Thread names are the kernel's (15 characters): "enrich-0-C-1" (a listener), "C2 CompilerThre", "kafka-producer-" …;
# spaces become "_". Subtract two samples per thread to get a stage's CPU by thread.
pattern=$1
out=$2
interval=${3:-2}
while true; do
    pid=$(pgrep -f "$pattern" | head -1)
    if [ -n "$pid" ]; then
        now=$(date +%s.%N)
        for task in /proc/"$pid"/task/*; do
            stat=$(cat "$task/stat" 2>/dev/null) || continue
            name=$(tr ' ' '_' < "$task/comm" 2>/dev/null)
            fields=${stat##*) }
            # shellcheck disable=SC2086
            set -- $fields
            echo "$now ${task##*/} ${name:-?} $((${12} + ${13}))"
        done >> "$out"
    fi
    sleep "$interval"
done
