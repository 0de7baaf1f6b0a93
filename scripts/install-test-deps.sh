#!/usr/bin/env bash
# Installs the Debian packages the tests use: Debian's Chromium (Playwright drives it; no browser
# is ever downloaded), the pieces of a real keychain (gnome-keyring under a D-Bus session), and the
# sqlite3 shell (a test edits an instance file by hand, as a tamperer would), and PostgreSQL with its
# contrib modules (pg_trgm): the tests start throwaway clusters of their own.
set -euo pipefail
packages=(chromium dbus gnome-keyring libsecret-1-0 libsecret-1-dev xvfb xauth fonts-dejavu-core sqlite3 postgresql postgresql-contrib)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "Debian packages for the tests are already installed."
  exit 0
fi
sudo=''
[ "$(id -u)" -eq 0 ] || sudo='sudo'
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
