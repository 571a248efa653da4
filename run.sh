#!/usr/bin/env bash
# Builds the provider JAR, fetches Keycloak from Maven Central, and runs it with our realms and a
# mail catcher. Ctrl-C stops everything. Pass --fresh to delete the kept data and import anew.
set -euo pipefail
cd "$(dirname "$0")"
fresh=false
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=true ;;
    *) echo "usage: ./run.sh [--fresh]" >&2; exit 2 ;;
  esac
done
exec mvn -B -q -Prun -pl launcher -am -DskipTests -Dsimptel.fresh="$fresh" package
