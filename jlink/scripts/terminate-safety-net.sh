# shellcheck shell=sh disable=SC2154 # a fragment of its launcher, which sets h (the image) and p
# Safety net: the TERMINATE action must never leave a job alive by mistake. When the Java side
# did not answer 0 (it could not start, crashed, or failed after its own kill), kill the job here.
rc=$?
[ "$rc" -eq 0 ] && exit 0
case " $* " in *" --help "*|*" --version "*) exit "$rc" ;; esac
why="the TERMINATE action's Java side exited $rc"
job_log ERROR "$why: killing the job from the launcher"
kill_job
job_log INFO "killed process groups [$groups] ($why): ended by $signal"
killed_event "$why" # POST_EXEC may find nothing else of this job's: no state was written
exit "$rc"
