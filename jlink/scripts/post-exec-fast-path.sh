# shellcheck shell=sh disable=SC2154 # a fragment of its launcher, which sets h (the image) and p
# POST_EXEC runs after every job of the queue: a job with no checkpoint directory, or one that
# lsf-criu never wrote state or images into, is answered here without starting the JVM (LSF passes no
# arguments; --help and --version still reach the program).
if [ $# -eq 0 ]; then
  [ -n "${LSB_CHKPNT_DIR:-}" ] || exit 0
  # a job with images (LSF's periodic checkpoints) but no state may need them deleted at its end
  [ -e "$LSB_CHKPNT_DIR/$LSF_CRIU_STATE" ] || [ -L "$LSB_CHKPNT_DIR/$LSF_CRIU_CURRENT" ] || exit 0
fi
# LSF may run POST_EXEC as root (LSB_PRE_POST_EXEC_USER=root in lsf.sudoers). Root never acts in a
# user's checkpoint or output directory nor runs brestart for them: the launcher becomes the job's
# user first, or refuses (exit 4, one line on stderr). Everything the job's user controls is
# examined without following a link: the checkpoint directory must be a real directory (not a link
# to one), named for LSF's job id, not writable by its group or others; its owner is whom to
# become, and must be the user LSF names in LSFUSERNAME when LSF sets it. Only a directory of
# root's, for a job of root's, keeps root. The user may swap the directory afterwards: by then the
# launcher has decided to be them, and every later step runs as them.
# Who runs it, read without a fork where the shell can (the effective uid from the kernel's own
# /proc/self/status, as id -u prints it).
euid=
if [ -r /proc/self/status ]; then
  while read -r key _ uid _; do [ "$key" = Uid: ] && { euid=$uid; break; }; done < /proc/self/status
fi
case $euid in ''|*[!0-9]*) euid=$(/usr/bin/id -u) ;; esac
if [ $# -eq 0 ] && [ "$euid" = 0 ]; then
  refuse() {
    echo "lsf-criu-post-exec: running as root and $1: refusing to act as root" >&2
    exit 4
  }
  d=$LSB_CHKPNT_DIR
  { [ -L "$d" ] || [ ! -d "$d" ]; } && refuse "the checkpoint directory $d is a symbolic link or no directory"
  case ${LSB_JOBID:-} in ''|*[!0-9]*) refuse "LSB_JOBID is not a job id" ;; esac
  [ "${d##*/}" = "$LSB_JOBID" ] || refuse "the checkpoint directory $d is not named for job $LSB_JOBID"
  # stat without -L: the directory itself, never what a link names
  facts=$(/usr/bin/stat -c '%u %a' -- "$d" 2>/dev/null) || refuse "cannot stat the checkpoint directory"
  owner=${facts% *}
  mode=${facts#* }
  case $owner$mode in ''|*[!0-9]*) refuse "cannot tell the checkpoint directory's owner" ;; esac
  [ $(((0$mode >> 3 | 0$mode) & 2)) -eq 0 ] || refuse "the checkpoint directory is writable by its group or others (mode $mode)"
  if [ -n "${LSFUSERNAME:-}" ]; then
    named=$(/usr/bin/id -u -- "$LSFUSERNAME" 2>/dev/null) || refuse "the job's user $LSFUSERNAME (LSFUSERNAME) is no known user"
    [ "$named" = "$owner" ] || refuse "the checkpoint directory belongs to uid $owner, not to the job's user $LSFUSERNAME"
  fi
  if [ "$owner" != 0 ]; then
    group=$(/usr/bin/id -g -- "$owner" 2>/dev/null) || refuse "the checkpoint directory's owner $owner is no known user"
    exec /usr/bin/setpriv --reuid="$owner" --regid="$group" --init-groups -- "$p"
  fi
fi
