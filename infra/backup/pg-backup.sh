#!/usr/bin/env bash
# Sophia's PostgreSQL backups with pgBackRest, one line per operator task:
#   pg-backup.sh stanza-create        once, after archiving is configured (infra/backup/postgresql.conf)
#   pg-backup.sh full | incr          a full or an incremental backup (incremental: what changed since the last backup)
#   pg-backup.sh check                archiving works and the repository answers; lists the backups
#   pg-backup.sh restore TARGET_DIR [pgbackrest restore options, e.g. --set=LABEL or --type=time "--target=..."]
#                                     restores into TARGET_DIR, a new or empty folder, never over a running data directory
# PG_BACKUP_CONFIG (default /etc/pgbackrest/pgbackrest.conf) and PG_BACKUP_STANZA (sophia) choose the setup; run as root,
# pgBackRest runs as PG_BACKUP_USER (postgres), the user PostgreSQL runs as.
set -euo pipefail

config=${PG_BACKUP_CONFIG:-/etc/pgbackrest/pgbackrest.conf}
stanza=${PG_BACKUP_STANZA:-sophia}
user=${PG_BACKUP_USER:-postgres}

pgbackrest() {
  if [ "$(id -u)" -eq 0 ] && [ "$user" != root ]; then
    runuser -u "$user" -- pgbackrest --config="$config" --stanza="$stanza" "$@"
  else
    command pgbackrest --config="$config" --stanza="$stanza" "$@"
  fi
}

restore() {
  local target=${1:?restore needs TARGET_DIR, a new or empty folder}
  shift
  if [ -e "$target" ] && [ -n "$(ls -A "$target")" ]; then
    echo "restore refused: $target is not empty (a running data directory is never restored over). Name a new folder." >&2
    exit 1
  fi
  mkdir -p "$target"
  [ "$(id -u)" -eq 0 ] && chown "$user" "$target"
  chmod 700 "$target"
  pgbackrest --pg1-path="$target" "$@" restore
  echo "Restored into $target. Start PostgreSQL on it (pg_ctl -D $target start, or point the service at it); it replays the WAL archive and then accepts connections."
}

case "${1:-}" in
  stanza-create) pgbackrest stanza-create && pgbackrest check ;;
  full) pgbackrest --type=full backup ;;
  incr) pgbackrest --type=incr backup ;;
  check) pgbackrest check && pgbackrest info ;;
  restore) shift; restore "$@" ;;
  *) echo "usage: $0 stanza-create|full|incr|check|restore TARGET_DIR [pgbackrest restore options]" >&2; exit 2 ;;
esac
