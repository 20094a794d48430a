#!/bin/sh
# Installs what guichet needs (Debian 12 packages) when it is missing, then
# configures and builds it in build/ (binary: build/guichet).
# Used by tools/demo and tools/test; safe to run again. tools/test sets
# GUICHET_TEST_HOOKS=ON: build/ then also holds guichet-test, the same
# program whose clock the tests set (build/guichet never reads that clock).
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake pkg-config gettext libncurses-dev libsqlite3-dev sqlite3
libcsv-dev libiniparser-dev libsodium-dev libcmocka-dev libjson-c-dev tmux python3 python3-icalendar
man-db systemd postgresql"

# only for ./tools/test (GUICHET_TEST_HOOKS set): LibreOffice without its
# interface opens the exported CSV files as an analyst would
# (tests/cli/test_spreadsheet_formulas.py); not needed to run guichet
TEST_PACKAGES="libreoffice-calc-nogui dpkg-dev debhelper"
if [ -n "${GUICHET_TEST_HOOKS:-}" ]; then
    PACKAGES="$PACKAGES $TEST_PACKAGES"
fi

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "guichet: installation des paquets manquants :$missing"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

BUILD_TYPE=${GUICHET_BUILD_TYPE:-RelWithDebInfo}
if [ -n "${GUICHET_TEST_HOOKS:-}" ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DGUICHET_TEST_HOOKS="$GUICHET_TEST_HOOKS" >/dev/null
else
    cmake -S . -B build -DCMAKE_BUILD_TYPE="$BUILD_TYPE" >/dev/null
fi
cmake --build build -j "$(nproc)"
