# shellcheck shell=sh disable=SC2154 # a fragment of its launcher, which sets h (the image) and p
# Shell half of the TERMINATE action. kill_job kills every process group LSF named the way LSF
# does: SIGINT, SIGTERM, SIGKILL, moving on only while something is alive, polling every 50 ms for
# at most JOB_TERMINATE_INTERVAL seconds (from the image's configuration) after each signal.
# Only the ids Java reads (decimal, above 1: "-1" would signal every process of the user); the log prints
# these groups (as JobKiller does), never the variable's text.
targets=
groups=
lsf_ids "${LSB_JOBPGIDS:-}"
pgids=$lsf_ids
for g in $pgids; do targets="$targets -$g" groups="${groups:+$groups, }$g"; done
lsf_ids "${LSB_JOBPIDS:-}"
pids=$lsf_ids
for q in $pids; do targets="$targets $q"; done
# What the log and event lines print of the environment: digits where LSF gives digits, never quotes or newlines.
case ${LSB_JOBID:-} in ''|*[!0-9]*) job_id=0 ;; *) job_id=$LSB_JOBID ;; esac
lsf_conf_number "$h/conf/lsf-criu.conf" JOB_TERMINATE_INTERVAL 10 3600
interval=$lsf_n
alive() {
  for t in $targets; do kill -s 0 -- "$t" 2>/dev/null && return 0; done
  return 1
}
kill_job() {
  for sig in INT TERM KILL; do
    alive || { signal=${last:-none}; return 0; }
    for t in $targets; do kill -s "$sig" -- "$t" 2>/dev/null; done
    last=$sig
    i=0
    while [ "$i" -lt $((interval * 20)) ] && alive; do
      sleep 0.05
      i=$((i + 1))
    done
  done
  signal=${last:-none}
}
job_log() { # level message: the job's log, as the Java side writes it
  lsf_job_log "${LSB_CHKPNT_DIR:-}" lsf-criu-terminate "$job_id" "$1" "$2"
}
job_event() { # event action reason: one line of the job's event file, as the Java side writes it
  lsf_job_event "${LSB_CHKPNT_DIR:-}" lsf-criu-terminate "$job_id" "$1" "\"action\":\"$2\",\"reason\":\"$3\""
}
killed_event() { # reason: the job_killed event of kill_job's kill, with JobKiller's fields
  lsf_job_event "${LSB_CHKPNT_DIR:-}" lsf-criu-terminate "$job_id" job_killed \
    "\"groups\":\"[$groups]\",\"reason\":\"$1\",\"signal\":\"$signal\""
}
ticks() { # pid: sets ticks to the process's start time (clock ticks since boot), as the watchdog recognises it
  ticks=
  { read -r st < "/proc/$1/stat"; } 2>/dev/null || return 1
  st=${st##*) }
  set -f
  # shellcheck disable=SC2086 # the fields of the stat line, after the command's name
  set -- $st
  set +f
  ticks=${20-}
  [ -n "$ticks" ]
}
warn_job() { # the run-limit warning LSF gives a job it kills at its limit (RunLimitWarning), and the watchdog
  # that kills the job after the delay if it still lives; status 1 when the site configures none (or cannot say)
  [ -n "$pgids$pids" ] || return 1 # no process to warn (nor to kill)
  conf=$h/conf/lsf-criu.conf
  lsf_conf "$conf" RUNLIMIT_WARNING_SIGNAL
  case $? in 0) sig=$lsf_c ;; 1) sig=USR2 ;; *) return 1 ;; esac
  lsf_signal "$sig" || return 1 # none, or a value the configuration refuses (Java then kills at once)
  lsf_conf_number "$conf" RUNLIMIT_WARNING_DELAY 600 86400
  delay=$lsf_n
  [ "$delay" -gt 0 ] || return 1
  armed=
  for t in $pgids $pids; do ticks "$t" && armed="$armed $t:$ticks"; done
  now=$(date +%s%3N)
  case $now in ''|*[!0-9]*) return 1 ;; esac
  # shellcheck disable=SC2086 # one operand per armed process
  /usr/bin/setsid --fork /bin/sh -c '/bin/sleep "$1"; t=$2; shift 2; exec "$t" --watchdog "$@"' lsf-criu-watchdog \
    "$((delay - 1))" "$p" "--until=$((now + delay * 1000))" $armed </dev/null >/dev/null 2>&1 || return 1
  job_log INFO "watchdog started: the job dies $delay s after this action started unless it ends on the warning first"
  if [ -n "$pgids" ]; then
    for g in $pgids; do kill -s "$sig" -- "-$g" 2>/dev/null; done
  else
    for q in $pids; do kill -s "$sig" -- "$q" 2>/dev/null; done
  fi
  job_log INFO "run-limit warning: SIG$sig sent to process groups [$groups] ($why); the job is killed in $delay s if it still runs"
  lsf_job_event "${LSB_CHKPNT_DIR:-}" lsf-criu-terminate "$job_id" runlimit_warning \
    "\"signal\":\"$sig\",\"delay_seconds\":$delay,\"reason\":\"$why\""
}
# Fast path, no JVM: a kill that is not for the run limit, or a job that did not opt in, is simply
# killed: the same decision, with the same reason, as RestartPolicy.onTerminate, in its order (the
# run limit first), for a fraction of the JVM's start-up; TerminateFastPathParityTest holds the two
# to it. 131072 and 1 are LsfConstants.SUSP_RES_LIMIT and SUB_REASON_RUNLIMIT. Whatever is not
# plainly one of these cases (a number with a leading zero, which sh reads as octal, a number too
# long for its arithmetic, an unknown flag) goes to the Java side.
if [ $# -eq 0 ]; then
  why=
  runlimit=
  reasons=${LSB_SUSP_REASONS:-0}
  sub=${LSB_SUSP_SUBREASONS:-0}
  plain=yes # both are decimal numbers that sh reads as Java does
  case $reasons in ''|*[!0-9]*|0?*) plain= ;; esac
  case $sub in ''|*[!0-9]*|0?*) plain= ;; esac
  if [ "${#reasons}" -ge 16 ] || [ "${#sub}" -ge 16 ]; then plain=; fi
  if [ -n "$plain" ]; then
    if [ $((reasons & 131072)) -eq 0 ] || [ $((sub & 1)) -eq 0 ]; then
      why="not a run-limit kill (LSB_SUSP_REASONS=$reasons, LSB_SUSP_SUBREASONS=$sub)"
    else
      # a plain no (as Java reads it: stripped, any case) opts out; unset, the job is not opted in unless
      # its queue is one of DEFAULT_OPT_IN_QUEUES (OptIn); a value that is neither goes to Java, which warns
      lsf_flag "${ENABLE_ORUN_CHKPNT:-}"
      if [ $? -eq 1 ]; then
        lsf_strip "${ENABLE_ORUN_CHKPNT:-}"
        if [ -n "$lsf_s" ]; then
          why="job opted out (ENABLE_ORUN_CHKPNT is N)" runlimit=yes
        else
          lsf_conf "$h/conf/lsf-criu.conf" DEFAULT_OPT_IN_QUEUES
          case $? in
            1) why="job did not opt in (ENABLE_ORUN_CHKPNT is not Y)" runlimit=yes ;;
            0)
              listed=
              case $lsf_c in *[!A-Za-z0-9_.,\ \	-]*) listed=unknown ;; esac # Java refuses the file
              ifs=$IFS IFS=", 	"
              set -f
              for q in $lsf_c; do [ "$q" = "${LSB_QUEUE:-}" ] && listed=yes; done
              set +f
              IFS=$ifs
              [ -z "$listed" ] && why="job did not opt in (ENABLE_ORUN_CHKPNT is not Y)" runlimit=yes
              ;;
          esac
        fi
      fi
    fi
  fi
  if [ -n "$why" ]; then
    job_log INFO "decision KILL_NORMALLY: $why"
    job_event terminate_decision KILL_NORMALLY "$why"
    [ -n "$runlimit" ] && warn_job && exit 0
    kill_job
    job_log INFO "killed process groups [$groups] ($why): ended by $signal"
    killed_event "$why"
    exit 0
  fi
fi
