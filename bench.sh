#!/usr/bin/env bash
# Sessions API benchmark (not a test): starts ONE Keycloak with our JAR on free loopback ports,
# logs alice in, and measures the sessions API against stock endpoints in the same run:
#   GET /sessions/session  vs  GET userinfo       (same token, same threads)
#   PUT /sessions/bucket   vs  refresh-token grant (same sessions, same threads)
# ./bench.sh first-party instead compares completed sign-ins per second: JSON (authorization challenge
# endpoint + token) against the HTML login form (login page + form + token), same users and threads.
# Options: BENCH_THREADS (4), BENCH_SECONDS per round (8), BENCH_ROUNDS (4), BENCH_WARMUP (5).
# Takes about 2 minutes plus Keycloak's start; stops the server when done.
set -euo pipefail
cd "$(dirname "$0")"
main=com.simptel.keycloak.bench.SessionsBenchmark
if [ "${1:-}" = "first-party" ]; then
  main=com.simptel.keycloak.bench.FirstPartyBenchmark
fi
exec mvn -B -q -Pbench -pl integration-tests -am -DskipTests \
  -Dbench.main="$main" -Dbench.threads="${BENCH_THREADS:-4}" -Dbench.seconds="${BENCH_SECONDS:-8}" \
  -Dbench.rounds="${BENCH_ROUNDS:-4}" -Dbench.warmup="${BENCH_WARMUP:-5}" verify
