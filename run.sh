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
build=(-Prun -pl launcher -am -DskipTests)

# First run: Maven fetches Keycloak's distribution and the build's plugins and libraries, which
# -q would hide for minutes. Fetch them once with the downloads shown (a progress meter on a
# terminal, one line per file otherwise) and Maven's other output at warnings. A local repository
# set in settings.xml only makes this step run each time, finding everything there.
version="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)"
repo="$HOME/.m2/repository"
case " ${MAVEN_OPTS:-} " in
  *" -Dmaven.repo.local="*) repo="${MAVEN_OPTS##*-Dmaven.repo.local=}"; repo="${repo%% *}" ;;
esac
if [ ! -f "$repo/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip" ]; then
  echo "[simptel] First run: Maven downloads Keycloak $version (org.keycloak:keycloak-quarkus-dist, about 180 MB)"
  echo "[simptel] and the build's plugins and libraries, about 240 MB in all, into $repo (once) ..."
  if [ -t 1 ]; then
    show=()
  else
    show=(-B -Dorg.slf4j.simpleLogger.log.org.apache.maven.cli.transfer.Slf4jMavenTransferListener=info)
  fi
  mvn ${show[@]+"${show[@]}"} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${build[@]}" -Dexec.skip=true package
  echo "[simptel] Downloads done."
fi
exec mvn -B -q "${build[@]}" -Dsimptel.fresh="$fresh" package
