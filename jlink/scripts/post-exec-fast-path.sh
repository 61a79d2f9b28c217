# shellcheck shell=sh disable=SC2154 # a fragment of its launcher, which sets h (the image) and p
# POST_EXEC runs after every job of the queue: a job with no checkpoint directory, or one that
# lsf-criu never wrote state into, is answered here without starting the JVM (LSF passes no
# arguments; --help and --version still reach the program).
if [ $# -eq 0 ]; then
  [ -n "${LSB_CHKPNT_DIR:-}" ] || exit 0
  [ -e "$LSB_CHKPNT_DIR/.checkpoint-state.json" ] || exit 0
fi
# LSF may run POST_EXEC as root (LSB_PRE_POST_EXEC_USER=root in lsf.sudoers). Root never writes
# into a user's checkpoint or output directory nor runs brestart for them: the launcher becomes
# the job's user, the owner of the job's checkpoint directory (LSF creates it as that user; a
# directory of root's is a job of root's), or refuses when it cannot tell who that is.
# Who runs it and who owns the directory, read without a fork where the shell can (the effective
# uid from the kernel's own /proc/self/status, as id -u prints it; -O: owned by that uid, as stat -L).
euid=
if [ -r /proc/self/status ]; then
  while read -r key _ uid _; do [ "$key" = Uid: ] && { euid=$uid; break; }; done < /proc/self/status
fi
case $euid in ''|*[!0-9]*) euid=$(/usr/bin/id -u) ;; esac
if [ $# -eq 0 ] && [ "$euid" = 0 ]; then
  if [ -O "$LSB_CHKPNT_DIR" ]; then owner=0; else
    owner=$(/usr/bin/stat -L -c %u -- "$LSB_CHKPNT_DIR" 2>/dev/null) || owner=
  fi
  case $owner in
    0) ;;
    ''|*[!0-9]*)
      echo "lsf-criu-post-exec: running as root and cannot tell the job's user (cannot stat the checkpoint directory): refusing to act as root" >&2
      exit 4 ;;
    *)
      group=$(/usr/bin/id -g -- "$owner" 2>/dev/null) || {
        echo "lsf-criu-post-exec: running as root and the checkpoint directory's owner $owner is no known user: refusing to act as root" >&2
        exit 4
      }
      exec /usr/bin/setpriv --reuid="$owner" --regid="$group" --init-groups -- "$p" ;;
  esac
fi
