# shellcheck shell=sh
# lsf-criu's shell library: what the shell halves (the launchers' fast paths, the restart command,
# the job starter) must do before or without a JVM, each function the twin of one Java rule and
# held to it by a parity property over generated inputs (hooks.programs.ShellLibraryParityTest).
# The image's build inlines this file where a script names it, so no installed program reads a
# library at run time. No function forks (the fast paths answer every job of a queue in a few
# milliseconds); each sets a variable named after it or returns a status, and none exits.

# The checkpoint directory's names, as lsf.env.CheckpointDir spells them (CheckpointDirTest compares).
# shellcheck disable=SC2034 # (each script uses some of them)
{
LSF_CRIU_LOG=lsf-criu.log
LSF_CRIU_EVENTS=lsf-criu.events.jsonl
LSF_CRIU_STATE=.checkpoint-state.json
LSF_CRIU_RESTORED_PID=.lsf-criu-restored.pid
LSF_CRIU_RESTORE_CRIU_PID=.lsf-criu-restore-criu.pid
LSF_CRIU_RESTORE_OUT=.lsf-criu-restore.out
LSF_CRIU_RESTORE_STARTED=.lsf-criu-restore-started
LSF_CRIU_RESTART_CMD=.restart_cmd
LSF_CRIU_EXIT_STATUS=.lsf-criu-exit-status
LSF_CRIU_CURRENT=criu/current
}

# What Java's String.strip() removes at either end (Character.isWhitespace): space, tab, newline,
# vertical tab, form feed, carriage return and the separators 034-037, written as themselves
# (a $(printf) would fork).
lsf_ws=' 	
'

lsf_strip() { # value: sets lsf_s to it without white space at either end, as String.strip() does
  lsf_s=$1
  while :; do case $lsf_s in ["$lsf_ws"]*) lsf_s=${lsf_s#?} ;; *) break ;; esac; done
  while :; do case $lsf_s in *["$lsf_ws"]) lsf_s=${lsf_s%?} ;; *) break ;; esac; done
}

lsf_flag() { # value: a yes/no switch as EnvValues.flag reads it; status 0 yes, 1 no, 2 neither (Java: no, with a warning)
  lsf_strip "$1"
  case $lsf_s in
    [Yy]|[Yy][Ee][Ss]|[Tt][Rr][Uu][Ee]|1) return 0 ;;
    ''|[Nn]|[Nn][Oo]|[Ff][Aa][Ll][Ss][Ee]|0) return 1 ;;
    *) return 2 ;;
  esac
}

lsf_conf() { # file key: sets lsf_c to the key's value as ConfigFile.parse reads it (stripped, unquoted);
  # status 0 set, 1 unset, 2 its line is malformed or repeated (an unclosed quote, set twice: Java refuses the file)
  unset lsf_seen
  while IFS= read -r lsf_line || [ -n "$lsf_line" ]; do
    case $lsf_line in *=*) ;; *) continue ;; esac # blank lines, comments and lines without = hold no key
    lsf_strip "${lsf_line%%=*}"
    [ "$lsf_s" = "$2" ] || continue
    lsf_strip "${lsf_line#*=}"
    lsf_c=$lsf_s
    [ -z "${lsf_seen-}" ] || return 2 # set twice: Java refuses the file
    lsf_seen=yes
    case $lsf_c in
      \"*|\'*)
        lsf_q=${lsf_c%"${lsf_c#?}"}
        case $lsf_c in ?*"$lsf_q") lsf_c=${lsf_c#?} lsf_c=${lsf_c%?} ;; *) return 2 ;; esac ;;
    esac
    lsf_value=$lsf_c
  done < "$1"
  [ -n "${lsf_seen-}" ] || return 1
  unset lsf_seen
  lsf_c=$lsf_value
  return 0
}

# shellcheck disable=SC2034 # lsf_n is the answer
lsf_conf_number() { # file key default max: sets lsf_n to the key's whole number in 0..max as SiteConfig reads
  # it, or to the default when it is unset or not such a number (Java then refuses the file and uses its defaults)
  lsf_n=$3
  lsf_conf "$1" "$2" || return 0
  case $lsf_c in ''|*[!0-9]*) return 0 ;; esac
  lsf_c=${lsf_c#"${lsf_c%%[!0]*}"} # decimal, as Long.parseLong reads it (not octal, as $(( )) would)
  [ -n "$lsf_c" ] || lsf_c=0
  [ "${#lsf_c}" -le 9 ] && [ "$lsf_c" -le "$4" ] && lsf_n=$lsf_c
  return 0
}

# The separators of an id list, as JobEnvironment splits LSB_JOBPGIDS (Java's \s: space, tab, newline, vertical
# tab, form feed, carriage return), written as themselves.
lsf_ifs=' 	
'

lsf_ids() { # list: sets lsf_ids to its ids above 1 (see lsf_id), space-separated, as JobEnvironment reads LSB_JOBPGIDS
  lsf_ids=
  lsf_saved_ifs=$IFS
  case $- in *f*) lsf_glob= ;; *) lsf_glob=yes ;; esac
  IFS=$lsf_ifs
  set -f # a "*" in the list is a word, not the files of the current directory
  for lsf_w in $1; do lsf_id "$lsf_w" && lsf_ids="${lsf_ids:+$lsf_ids }$lsf_i"; done
  [ -z "$lsf_glob" ] || set +f
  IFS=$lsf_saved_ifs
}

lsf_id() { # word: sets lsf_i to it as a decimal process or group id above 1, as JobEnvironment reads LSB_JOBPGIDS;
  # status 1 when it is none ("-1" or "01" would signal every process of the user)
  case $1 in ''|*[!0-9]*) return 1 ;; esac
  lsf_i=${1#"${1%%[!0]*}"}
  case $lsf_i in ''|1) return 1 ;; esac
  [ "${#lsf_i}" -le 10 ] && [ "$lsf_i" -le 2147483647 ]
}

lsf_signal() { # name: status 0 when it is a warning signal RUNLIMIT_WARNING_SIGNAL may name (ConfigKey.SIGNALS, less none)
  case $1 in HUP|INT|QUIT|ABRT|USR1|USR2|ALRM|TERM|XCPU|XFSZ|VTALRM|PROF|WINCH|URG|PWR) return 0 ;; *) return 1 ;; esac
}

lsf_job_log() { # dir program job-id level message: one line of the job's log, as JobLog writes it
  [ -n "$1" ] && [ -d "$1" ] && [ ! -L "$1/$LSF_CRIU_LOG" ] || return 0
  printf '%s %s [%s] %s job %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$4" "$$" "$2" "$3" "$5" \
    >> "$1/$LSF_CRIU_LOG" 2>/dev/null
}

lsf_job_event() { # dir program job-id event [json fields]: one line of the job's events, as JobLog writes it
  [ -n "$1" ] && [ -d "$1" ] && [ ! -L "$1/$LSF_CRIU_EVENTS" ] || return 0
  printf '{"time":"%s","program":"%s","job":"job %s","pid":%s,"event":"%s"%s}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" "$2" "$3" "$$" "$4" "${5:+,$5}" >> "$1/$LSF_CRIU_EVENTS" 2>/dev/null
}
