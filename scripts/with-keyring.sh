#!/usr/bin/env bash
# Runs a command against a real, private OS keychain: a fresh D-Bus session bus with an unlocked
# gnome-keyring (the Secret Service) on it, and HOME / XDG folders in a scratch directory, so the
# real user's keyring is never read or written. Works as root, non-interactively, with no stdin.
#
#   bash scripts/with-keyring.sh npx vitest run test/integration/secrets
#
# The command sees ROSTER_TEST_KEYRING=1 (the keychain tests skip without it). The scratch folder,
# the keyring daemon and the bus are gone when this script exits; the command's exit code is kept.
# Needs the Debian packages dbus and gnome-keyring (scripts/install-test-deps.sh installs them).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || {
    echo "with-keyring: '$tool' is missing; run scripts/install-test-deps.sh" >&2
    exit 127
  }
done

scratch="$(mktemp -d "${TMPDIR:-/tmp}/roster-keyring.XXXXXXXX")"
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
# Without these, bash would die on a signal without running the EXIT trap. Ctrl-C and a CI
# cancellation signal the whole process group, so everything stops at once; a signal sent to this
# script's pid alone takes effect when the command ends (killing dbus-run-session by itself would
# orphan its bus and command, so it is not forwarded).
trap 'exit 130' INT
trap 'exit 143' TERM

# Every folder gnome-keyring or libsecret may write to lives in the scratch folder: XDG_DATA_HOME
# holds the keyring file and would otherwise win over HOME if the caller had it set.
export HOME="$scratch/home"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$scratch/run"
export GNOME_KEYRING_CONTROL="$XDG_RUNTIME_DIR/keyring"
export ROSTER_TEST_KEYRING=1
# npm would look for its own update on every run, since its record of the last look is in HOME.
export npm_config_update_notifier=false
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$HOME" "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_PID SSH_AUTH_SOCK

# gnome-keyring-daemon can abort on a client that goes away in the middle of opening a session
# (seen once in a test run: "gkd_secret_service_get_pkcs11_session: assertion 'client' failed").
# The bus would then start the system's daemon on the next call, locked, and every later call
# would fail. This folder's service file, which the session bus prefers, starts it unlocked
# instead, over the same keyring file, so the secrets stored so far are still there.
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
cat >"$scratch/start-keyring" <<'SCRIPT'
#!/bin/sh
printf "%s" roster-test |
  exec gnome-keyring-daemon --foreground --unlock --components=secrets --control-directory "$GNOME_KEYRING_CONTROL"
SCRIPT
chmod +x "$scratch/start-keyring"
printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$scratch/start-keyring" \
  >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service"

# The bus starts services (gnome-keyring's unlock prompter among them) with its own environment.
# Without a display the prompter cannot open, so a locked keyring fails at once instead of waiting
# for someone to type a password into a window nobody sees (under Xvfb, say). The command itself
# still gets the caller's DISPLAY and WAYLAND_DISPLAY back.
for name in DISPLAY WAYLAND_DISPLAY; do
  if [ -n "${!name+set}" ]; then
    export "WITH_KEYRING_SAVED_$name=${!name}"
    unset "$name"
  fi
done

# Inside the private bus: start the daemon in the foreground (so its pid is known and it can be
# stopped before the scratch folder is removed), unlock the "login" keyring with a fixed password
# given on its stdin (it creates the keyring on first use), wait until the Secret Service name is
# owned on the bus, then run the command. The daemon reads only the password, never our stdin.
# dbus-daemon may print "Failed to set fd limit" in containers: harmless.
# shellcheck disable=SC2016 # expanded by the inner shell
inner='
  set -u
  printf "%s" roster-test |
    gnome-keyring-daemon --foreground --unlock --components=secrets \
      --control-directory "$GNOME_KEYRING_CONTROL" >/dev/null &
  daemon=$!
  stop_daemon() { kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; }
  ready=""
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q "boolean true"; then
      ready=1
      break
    fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    echo "with-keyring: gnome-keyring-daemon did not provide the Secret Service on the bus" >&2
    stop_daemon
    exit 1
  fi
  for name in DISPLAY WAYLAND_DISPLAY; do
    saved="WITH_KEYRING_SAVED_$name"
    if [ -n "${!saved+set}" ]; then export "$name=${!saved}"; unset "$saved"; fi
  done
  status=0
  "$@" || status=$?
  stop_daemon
  exit "$status"
'
status=0
dbus-run-session -- bash -c "$inner" with-keyring "$@" || status=$?
exit "$status"
