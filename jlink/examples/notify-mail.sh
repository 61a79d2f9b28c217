#!/bin/sh
# An example NOTIFY_COMMAND: mails the job's owner (and, with an argument, also that address) what
# lsf-criu could not do for their job. lsf-criu runs it as the job's user, the event as one JSON
# object on stdin, LSF_CRIU_EVENT, LSB_JOBID, LSF_CRIU_USER and LSF_CRIU_CHECKPOINT_DIR in its
# environment, bounded by NOTIFY_TIMEOUT. Needs a mail(1) (e.g. bsd-mailx) that delivers for the
# host. In lsf-criu.conf:
#   NOTIFY_COMMAND=/opt/lsf/10.1/linux/etc/lsf-criu/examples/notify-mail.sh hpc-admins@example.org
set -u
event=$(head -c 65536)
case ${LSF_CRIU_EVENT:-} in
  checkpoint_failed) what="its checkpoint at the run limit failed: the job was killed" ;;
  checkpoint_refused) what="its checkpoint was refused (a space limit): the job was killed at its limit" ;;
  restore_failed) what="its restart from a checkpoint failed" ;;
  restart_failed) what="LSF refused its restart (brestart failed)" ;;
  restart_limit_reached) what="it used all its restarts and was killed at its run limit" ;;
  not_checkpointable) what="it cannot be checkpointed and was killed at its run limit" ;;
  *) what="lsf-criu reports ${LSF_CRIU_EVENT:-an event}" ;;
esac
to=${LSF_CRIU_USER:-$(id -un)}
[ $# -gt 0 ] && to="$to $*"
# shellcheck disable=SC2086 # one word per recipient
printf 'LSF job %s: %s.\n\nCheckpoint directory: %s\n\nThe event, as lsf-criu recorded it:\n%s\n' \
  "${LSB_JOBID:-?}" "$what" "${LSF_CRIU_CHECKPOINT_DIR:-?}" "$event" |
  mail -s "LSF job ${LSB_JOBID:-?}: $what" $to
