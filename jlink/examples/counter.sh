#!/bin/sh
# lsf-criu's example job: counts to N (default 40), one step every STEP seconds (default 0.5), keeping its count
# only in memory. Each line shows the process id and the moment the job first started: after a
# checkpoint and restart both stay the same and the count goes on where it was, which proves the
# job resumed rather than started again. Exits with status EXIT (default 7), so that a demo can show
# LSF recording the job's own exit status.
n=${1:-40}
started=$(date +%s)
i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  echo "step $i of $n (pid $$, first started at $started)"
  sleep "${STEP:-0.5}"
done
echo "finished all $n steps (pid $$, first started at $started)"
exit "${EXIT:-7}"
