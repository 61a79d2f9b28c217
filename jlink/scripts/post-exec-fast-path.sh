# POST_EXEC runs after every job of the queue: a job with no checkpoint directory, or one that
# lsf-criu never wrote state into, is answered here without starting the JVM (LSF passes no
# arguments; --help and --version still reach the program).
if [ $# -eq 0 ]; then
  [ -n "${LSB_CHKPNT_DIR:-}" ] || exit 0
  [ -e "$LSB_CHKPNT_DIR/.checkpoint-state.json" ] || exit 0
fi
