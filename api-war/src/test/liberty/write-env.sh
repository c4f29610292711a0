#!/usr/bin/env bash
# Writes the integration-test servers' environment files, once per build (the build runs it before
# it creates the servers): for each server, common.env overridden by the server's own file, with
#   @BOOTSTRAP_TOKEN@  a bootstrap token made for this build (so no usable token is ever committed)
#   @SERVER_DIR@       OUT/<server>, the server's data folder lives there
# and OUT/bootstrap.token for the tests. Usage: write-env.sh OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
umask 077
token=pk_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
for server in postgres-server postgres-server-2 h2-server; do
  mkdir -p "$out/$server"
  # Later files win; keys keep the order of their first appearance.
  awk '/^[A-Za-z_][A-Za-z0-9_]*=/ {
         key = substr($0, 1, index($0, "=") - 1)
         if (!(key in value)) order[++n] = key
         value[key] = substr($0, index($0, "=") + 1)
       }
       END { for (i = 1; i <= n; i++) print order[i] "=" value[order[i]] }' \
      "$here/common.env" "$here/$server.env" \
    | sed -e "s|@BOOTSTRAP_TOKEN@|$token|g" -e "s|@SERVER_DIR@|$out/$server|g" > "$out/$server.env"
done
printf '%s\n' "$token" > "$out/bootstrap.token"
