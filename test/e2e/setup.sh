#!/usr/bin/env bash
# Installs what the real-editor tests (test/e2e) need, offline apart from the npm registry and
# Debian's archive: Debian's chromium and ripgrep, code-server 4.100.3 in its own folder
# (test/e2e/vscode-host), and the root devDependencies (playwright-core, vsce).
# Idempotent: it returns in about a second when everything is in place. `--system-only` stops
# after the apt packages (what `npm test` needs: chromium for the HTML report test).
# See docs/e2e.md ("Setup") for why each workaround is here.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
HOST="$HERE/vscode-host"
CS_VERSION=4.100.3
# Values for code-server 4.100.3: lib/vscode/npm-shrinkwrap.json (@vscode/ripgrep) and
# `const VERSION` in that package's lib/postinstall.js.
RG_PKG_VERSION=1.15.11
RG_TAG=v13.0.0-10

# 1. System packages.
# chromium is the browser; ripgrep stands in for the rg that code-server would download;
# the rest builds code-server's native modules (kerberos links to libkrb5).
missing=()
for pkg in chromium ripgrep build-essential pkg-config python3 libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" > /dev/null
fi

# `--system-only`: just the packages above (npm test needs chromium for the CLI's HTML report test).
if [ "${1:-}" = "--system-only" ]; then exit 0; fi

# 2. code-server in its own folder.
VSCODE="$HOST/node_modules/code-server/lib/vscode"
host_ok() {
  [ -x "$VSCODE/node_modules/@vscode/ripgrep/bin/rg" ] &&
    [ -f "$VSCODE/node_modules/node-pty/build/Release/pty.node" ] &&
    grep -q "\"version\": \"$CS_VERSION\"" "$HOST/node_modules/code-server/package.json"
}
if ! host_ok; then
  echo "e2e setup: npm install code-server $CS_VERSION into $HOST (about a minute)"
  RG_TMP="$HOST/.rg-tmp"
  rm -rf "$RG_TMP"
  mkdir -p "$RG_TMP/vscode-ripgrep-cache-$RG_PKG_VERSION" "$RG_TMP/stage"
  cp /usr/bin/rg "$RG_TMP/stage/rg"
  tar czf "$RG_TMP/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$RG_TMP/stage" rg
  if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
    export npm_config_nodedir=/usr
  fi
  if [ -f "$HOST/package-lock.json" ]; then npm_cmd=ci; else npm_cmd=install; fi
  (cd "$HOST" && TMPDIR="$RG_TMP" npm_config_yes=true npm_config_unsafe_perm=true \
    npm "$npm_cmd" --no-audit --no-fund --loglevel=error > "$HOST/install.log" 2>&1) || {
    tail -40 "$HOST/install.log"
    echo "e2e setup: npm $npm_cmd of code-server failed (log: $HOST/install.log)"
    exit 1
  }
  rm -rf "$RG_TMP"
  host_ok || { echo "e2e setup: code-server installed but ripgrep or node-pty is missing (log: $HOST/install.log)"; exit 1; }
fi

# 3. The root devDependencies (playwright-core drives chromium; vsce packages the .vsix).
ROOT="$(cd "$HERE/../.." && pwd)"
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ] || [ ! -f "$ROOT/node_modules/@vscode/vsce/package.json" ]; then
  echo "e2e setup: npm ci in $ROOT"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "e2e setup: chromium, ripgrep, code-server $CS_VERSION and playwright-core are ready"
