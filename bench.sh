#!/usr/bin/env bash
# Benchmarks (commands, not tests). Each starts its own Keycloak with our JAR on free loopback ports
# and stops everything when done.
#   ./bench.sh              ONE node (start-dev, H2): the sessions API against stock endpoints, same run:
#                             GET /sessions/session vs GET userinfo (same token, same threads)
#                             PUT /sessions/bucket  vs refresh-token grant (same sessions, same threads)
#   ./bench.sh first-party  completed sign-ins per second: JSON (authorization challenge endpoint + token)
#                           against the HTML login form (login page + form + token) and the password grant,
#                           same users and threads, one new HTTP client per sign-in on every side (printed),
#                           requests per sign-in counted; exits 1 if a sign-in failed.
#   ./bench.sh cluster      the CLUSTER (PostgreSQL with durable defaults, two nodes, HAProxy round robin),
#                           everything through the load balancer, interleaved rounds, same tokens/threads:
#                             GET /sessions vs GET account/sessions (a user with 1 and one with 20 sessions),
#                             GET /sessions/session vs userinfo, PUT /sessions/bucket (If-Match) vs refresh grant.
#                           This one, the one-node run and the cluster run count only the answers a side is about (status
#                           and JSON shape) and exit 1, printing what was answered, when a side answers anything else.
#   ./bench.sh failover     the CLUSTER under load from BENCH_USERS simulated users (session reads and If-Match
#                           bucket writes); SIGKILL to node BENCH_NODE at BENCH_KILL_AT s, started again at
#                           BENCH_RESTART_AT s; errors and throughput per phase, recovery time (kill to the last
#                           error before the restart), lost sessions, and acknowledged writes lost, counted per
#                           write (must be 0). The last line is machine-readable.
#   ./bench.sh rolling-update  the CLUSTER under load from BENCH_USERS simulated users (JSON sign-ins, session reads,
#                           If-Match bucket writes, token refreshes) while node 1, then node 2, is drained, stopped
#                           (SIGTERM), given the next release of the JAR (same classes, patch version one up), built,
#                           started and taken back into rotation; BENCH_JOURNEYS registrations and as many recoveries
#                           (JSON) run across each node's update. Requests and failures by status per phase, acknowledged
#                           writes lost (per write), journeys finished. The last line is machine-readable.
# Options of the first three: BENCH_THREADS (4), BENCH_SECONDS per round (8), BENCH_ROUNDS (4), BENCH_WARMUP (5).
# Options of failover: BENCH_USERS (50), BENCH_SECONDS in all (180), BENCH_KILL_AT (60), BENCH_RESTART_AT (120),
# BENCH_NODE (1).
# Options of rolling-update: BENCH_USERS (50), BENCH_PHASE_SECONDS (30) for each phase without an update,
# BENCH_JOURNEYS (5), BENCH_THINK_MS (200) between a user's rounds.
# One node: about 2 minutes plus Keycloak's start; cluster: about 6 minutes plus the cluster's start
# (the first run builds both nodes: several minutes); failover: about 4 minutes plus the start; rolling-update:
# about 5 minutes plus the start.
set -euo pipefail
cd "$(dirname "$0")"
main=com.simptel.keycloak.bench.SessionsBenchmark
backend=distribution
seconds="${BENCH_SECONDS:-8}"
case "${1:-}" in
  "") ;;
  first-party) main=com.simptel.keycloak.bench.FirstPartyBenchmark ;;
  cluster) main=com.simptel.keycloak.bench.ClusterBenchmark; backend=cluster ;;
  failover) main=com.simptel.keycloak.bench.FailoverBenchmark; backend=cluster; seconds="${BENCH_SECONDS:-180}" ;;
  rolling-update) main=com.simptel.keycloak.bench.RollingUpdateBenchmark; backend=cluster ;;
  *) echo "usage: $0 [first-party|cluster|failover|rolling-update]" >&2; exit 2 ;;
esac
# The load generator runs in Maven's JVM: the optimizing compiler back on (.mvn/jvm.config turns
# it off for builds and tests).
export MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=4"
exec mvn -B -q -Pbench -pl benchmarks -am -DskipTests \
  -Dbench.main="$main" -Dbench.backend="$backend" -Dbench.threads="${BENCH_THREADS:-4}" -Dbench.seconds="$seconds" \
  -Dbench.rounds="${BENCH_ROUNDS:-4}" -Dbench.warmup="${BENCH_WARMUP:-5}" -Dbench.users="${BENCH_USERS:-50}" \
  -Dbench.killAt="${BENCH_KILL_AT:-60}" -Dbench.restartAt="${BENCH_RESTART_AT:-120}" -Dbench.node="${BENCH_NODE:-1}" \
  -Dbench.phaseSeconds="${BENCH_PHASE_SECONDS:-30}" -Dbench.journeys="${BENCH_JOURNEYS:-5}" -Dbench.think="${BENCH_THINK_MS:-200}" verify
