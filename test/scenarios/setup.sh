#!/usr/bin/env bash
# Installs what the behaviour scenarios (test/scenarios) run under: Debian's python3 with the
# libraries Vigil's Python fixes use (Jinja for the autoescape one, aiohttp for a TLS one, ldap3 with its offline mock
# directory for the LDAP one), FastAPI (+ httpx) for
# scenarios written as routes, Flask, Flask-WTF and Django for their debug and CSRF settings, and for the example app's own checks (test/fixes/example-app.test.ts)
# its real database and drivers: MariaDB's server (started per test run, in a temp folder, by
# test/helpers/mariadb.ts), PyMySQL, and what its routers import (forms, e-mail fields, sessions). The npm side (argon2, jsonwebtoken, better-sqlite3, pg-mem,
# react, isomorphic-dompurify, handlebars, koa, cookie-session, nunjucks and their types; libxmljs2, which npm ci builds from its own
# libxml2 sources with node-gyp) is in the root devDependencies.
# Idempotent: returns at once when all are there.
set -euo pipefail
missing=()
for pkg in python3 python3-argon2 python3-defusedxml python3-lxml python3-jwt python3-yaml python3-sqlalchemy python3-fastapi python3-httpx python3-jinja2 mariadb-server python3-pymysql python3-multipart python3-email-validator python3-itsdangerous python3-ldap3 python3-aiohttp python3-flask python3-flaskext.wtf python3-django; do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "scenario setup: apt-get install ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" > /dev/null
fi
