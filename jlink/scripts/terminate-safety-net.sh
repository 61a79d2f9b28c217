# Safety net: the TERMINATE action must never leave a job alive by mistake. When the Java side
# did not answer 0 (it could not start, crashed, or failed after its own kill), kill every process
# group LSF named the way LSF does: SIGINT, SIGTERM, SIGKILL, waiting up to 10 s after each.
rc=$?
[ "$rc" -eq 0 ] && exit 0
case " $* " in *" --help "*|*" --version "*) exit "$rc" ;; esac
targets=
for g in ${LSB_JOBPGIDS:-}; do targets="$targets -$g"; done
for p in ${LSB_JOBPIDS:-}; do targets="$targets $p"; done
alive() {
  for t in $targets; do /bin/kill -0 -- "$t" 2>/dev/null && return 0; done
  return 1
}
for sig in INT TERM KILL; do
  alive || exit "$rc"
  for t in $targets; do /bin/kill -s "$sig" -- "$t" 2>/dev/null; done
  i=0
  while [ "$i" -lt 20 ] && alive; do
    sleep 0.5
    i=$((i + 1))
  done
done
exit "$rc"
