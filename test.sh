#!/usr/bin/env bash
# Kizuna test runner — THE test command (README: ./test.sh; CI: .ci/run).
#
#   ./test.sh                      build (Debug) and run every test in Kizuna.slnx
#   ./test.sh --filter 'FullyQualifiedName~Liaison'
#                                  any extra arguments are appended to `dotnet test`
#
# What it does:
#   1. As root on Debian 12, installs missing packages with apt-get: chromium,
#      fonts-noto-cjk, redis-server, and postgresql-15 (only if initdb is absent).
#   2. Starts a private, throw-away PostgreSQL 15 cluster and a private Redis,
#      each on a free 127.0.0.1 port in its own temp directory.
#   3. Exports for the tests:
#        KIZUNA_TEST_POSTGRES  Npgsql connection string of that cluster
#        KIZUNA_TEST_REDIS     host:port of that Redis
#        KIZUNA_TEST_CHROMIUM  path of the chromium binary (default /usr/bin/chromium)
#   4. Runs `dotnet build Kizuna.slnx -c Debug`, then `dotnet test --no-build`,
#      and prints a final summary line "N passed, N failed[, N skipped]".
#   PostgreSQL and Redis are always stopped and the temp dirs removed on exit
#   (success, failure or Ctrl-C; on Ctrl-C `dotnet test` first cancels the run
#   itself, a second Ctrl-C forces it).
#   Build and test get -p:IsTestingPlatformApplication=false (see step 5): the
#   xunit.v3 test projects then run under VSTest, so `dotnet test` accepts
#   --filter and --logger on the .NET 10 SDK.
#   apt-get output goes to ${TMPDIR:-/tmp}/kizuna-apt.log.
#
# Environment switches:
#   KIZUNA_SKIP_INSTALL=1    never call apt-get (developer machines).
#   KIZUNA_SERVICES_ONLY=1   start PostgreSQL and Redis, print the exported
#                            variables, check them with psql and redis-cli,
#                            then stop everything and exit (no build, no tests).
#                            Useful to check the machine is ready.
#   KIZUNA_TEST_CHROMIUM     set beforehand to use another browser binary.
#
# Exit code: that of `dotnet test` (non-zero also if the build fails, services
# cannot start, or no test ran at all).

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO_ROOT"

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
SOLUTION="Kizuna.slnx"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf 'test.sh: %s\n' "$*" >&2; }
die() { printf 'test.sh: ERROR: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[[ "$(id -u)" == 0 ]] && IS_ROOT=1

# ---------------------------------------------------------------------------
# Temp dirs and cleanup (installed before anything is started)
# ---------------------------------------------------------------------------
WORK_DIR=""     # redis data, logs, test results
PG_DIR=""       # holds data/ (the cluster), log and the unix socket; owned by postgres when root
PG_STARTED=0
REDIS_PIDFILE=""

run_as_pg() {
  # Run a command as the postgres user when root, as ourselves otherwise.
  # cd into the cluster dir first so postgres never needs access to our cwd.
  if (( IS_ROOT )); then
    (cd "$PG_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if (( PG_STARTED )) && [[ -n "$PG_DIR" ]]; then
    run_as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  if [[ -n "$REDIS_PIDFILE" && -s "$REDIS_PIDFILE" ]]; then
    local pid
    pid="$(cat "$REDIS_PIDFILE" 2>/dev/null)"
    if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -9 "$pid" 2>/dev/null
    fi
  fi
  [[ -n "$PG_DIR" ]] && rm -rf "$PG_DIR"
  [[ -n "$WORK_DIR" ]] && rm -rf "$WORK_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------
# 1. Packages
# ---------------------------------------------------------------------------
pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

install_packages() {
  local wanted=(chromium fonts-noto-cjk redis-server)
  [[ -x "$PG_BIN/initdb" ]] || wanted+=("postgresql-${PG_VERSION}")
  local missing=() p
  for p in "${wanted[@]}"; do
    pkg_installed "$p" || missing+=("$p")
  done
  (( ${#missing[@]} )) || return 0

  local aptlog="${TMPDIR:-/tmp}/kizuna-apt.log"
  local apt=(apt-get -q -y -o DPkg::Lock::Timeout=600)
  export DEBIAN_FRONTEND=noninteractive
  log "installing missing packages: ${missing[*]} (log: $aptlog)"
  : >"$aptlog"
  # apt-get update takes the lists lock, which DPkg::Lock::Timeout does not
  # cover on every apt version: retry while another apt holds it.
  local tries=0
  until "${apt[@]}" update >"$aptlog.update" 2>&1; do
    cat "$aptlog.update" >>"$aptlog"
    tries=$((tries + 1))
    if (( tries >= 60 )) || ! grep -qi 'could not get lock\|unable to lock' "$aptlog.update"; then
      rm -f "$aptlog.update"
      tail -n 20 "$aptlog" >&2
      die "apt-get update failed (see $aptlog)"
    fi
    log "apt is locked by another process; waiting"
    sleep 10
  done
  cat "$aptlog.update" >>"$aptlog"
  rm -f "$aptlog.update"
  if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1; then
    tail -n 20 "$aptlog" >&2
    die "apt-get install ${missing[*]} failed (see $aptlog)"
  fi
  for p in "${missing[@]}"; do
    pkg_installed "$p" || die "package $p still not installed after apt-get (see $aptlog)"
  done
  log "installed: ${missing[*]}"
}

if [[ "${KIZUNA_SKIP_INSTALL:-0}" != 1 ]]; then
  if (( IS_ROOT )) && command -v apt-get >/dev/null 2>&1; then
    install_packages
  elif (( ! IS_ROOT )); then
    log "not root: skipping apt-get (set KIZUNA_SKIP_INSTALL=1 to silence this)"
  fi
fi

# ---------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------
missing_tools=()
[[ -x "$PG_BIN/initdb" ]] || missing_tools+=("$PG_BIN/initdb (Debian package postgresql-${PG_VERSION})")
[[ -x "$PG_BIN/pg_ctl" ]] || missing_tools+=("$PG_BIN/pg_ctl (Debian package postgresql-${PG_VERSION})")
command -v redis-server >/dev/null 2>&1 || missing_tools+=("redis-server (Debian package redis-server)")
command -v redis-cli >/dev/null 2>&1 || missing_tools+=("redis-cli (Debian package redis-tools)")
if [[ "${KIZUNA_SERVICES_ONLY:-0}" == 1 ]]; then
  command -v psql >/dev/null 2>&1 || missing_tools+=("psql (Debian package postgresql-client-${PG_VERSION})")
else
  command -v dotnet >/dev/null 2>&1 || missing_tools+=("dotnet (the .NET 10 SDK)")
fi
if (( IS_ROOT )) && ! getent passwd postgres >/dev/null; then
  missing_tools+=("system user 'postgres' (created by the postgresql-${PG_VERSION} package)")
fi
if (( ${#missing_tools[@]} )); then
  log "missing prerequisites:"
  for t in "${missing_tools[@]}"; do log "  - $t"; done
  if (( IS_ROOT )); then
    die "install them (or run without KIZUNA_SKIP_INSTALL=1)"
  else
    die "install them, e.g.: sudo apt-get install chromium fonts-noto-cjk redis-server postgresql-${PG_VERSION}"
  fi
fi

: "${KIZUNA_TEST_CHROMIUM:=/usr/bin/chromium}"
if [[ ! -x "$KIZUNA_TEST_CHROMIUM" ]]; then
  if (( IS_ROOT )) && [[ "${KIZUNA_SKIP_INSTALL:-0}" != 1 ]]; then
    die "chromium not found at $KIZUNA_TEST_CHROMIUM"
  fi
  log "warning: chromium not found at $KIZUNA_TEST_CHROMIUM (browser tests will not be able to run)"
fi
export KIZUNA_TEST_CHROMIUM

# ---------------------------------------------------------------------------
# 2. Free ports
# ---------------------------------------------------------------------------
port_in_use() {
  local p=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]] && return 0
  fi
  # A successful connect means something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
  return 1
}

free_port() {
  # Random port in 20000-59999 that nothing listens on. PostgreSQL is already
  # listening when Redis's port is chosen, so the two cannot collide.
  local p _
  for _ in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_in_use "$p" && continue
    echo "$p"
    return 0
  done
  die "could not find a free TCP port on 127.0.0.1"
}

WORK_DIR="$(mktemp -d /tmp/kizuna-test.XXXXXX)"
PG_DIR="$(mktemp -d /tmp/kizuna-pg.XXXXXX)"   # short path: the unix socket lives here

# ---------------------------------------------------------------------------
# 3. PostgreSQL
# ---------------------------------------------------------------------------
start_postgres() {
  (( IS_ROOT )) && chown postgres: "$PG_DIR"
  chmod 700 "$PG_DIR"
  local data="$PG_DIR/data"
  if ! run_as_pg "$PG_BIN/initdb" -D "$data" -A trust -U postgres \
        --encoding=UTF8 --locale=C.UTF-8 >"$WORK_DIR/initdb.log" 2>&1; then
    cat "$WORK_DIR/initdb.log" >&2
    die "initdb failed"
  fi
  local attempt
  for attempt in 1 2 3; do
    PG_PORT="$(free_port)"
    if run_as_pg "$PG_BIN/pg_ctl" -D "$data" \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        -l "$PG_DIR/log" -w -t 60 start >/dev/null 2>&1; then
      PG_STARTED=1
      return 0
    fi
    log "PostgreSQL did not start on port $PG_PORT (attempt $attempt):"
    tail -n 5 "$PG_DIR/log" >&2 || true
  done
  die "could not start PostgreSQL (log: $PG_DIR/log)"
}
start_postgres

# ---------------------------------------------------------------------------
# 4. Redis
# ---------------------------------------------------------------------------
start_redis() {
  local attempt
  REDIS_PIDFILE="$WORK_DIR/redis.pid"
  for attempt in 1 2 3; do
    REDIS_PORT="$(free_port)"
    rm -f "$REDIS_PIDFILE"
    if redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize yes --pidfile "$REDIS_PIDFILE" --dir "$WORK_DIR" \
        --logfile "$WORK_DIR/redis.log" >/dev/null 2>&1; then
      local _
      for _ in $(seq 1 100); do
        if [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; then
          return 0
        fi
        sleep 0.1
      done
    fi
    log "Redis did not start on port $REDIS_PORT (attempt $attempt):"
    tail -n 5 "$WORK_DIR/redis.log" >&2 || true
    [[ -s "$REDIS_PIDFILE" ]] && kill "$(cat "$REDIS_PIDFILE")" 2>/dev/null || true
  done
  die "could not start Redis (log: $WORK_DIR/redis.log)"
}
start_redis

export KIZUNA_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
export KIZUNA_TEST_REDIS="127.0.0.1:${REDIS_PORT}"

log "PostgreSQL ${PG_VERSION} on 127.0.0.1:${PG_PORT}, Redis on 127.0.0.1:${REDIS_PORT}"

# ---------------------------------------------------------------------------
# KIZUNA_SERVICES_ONLY=1: check the services and stop
# ---------------------------------------------------------------------------
if [[ "${KIZUNA_SERVICES_ONLY:-0}" == 1 ]]; then
  echo "KIZUNA_TEST_POSTGRES=$KIZUNA_TEST_POSTGRES"
  echo "KIZUNA_TEST_REDIS=$KIZUNA_TEST_REDIS"
  echo "KIZUNA_TEST_CHROMIUM=$KIZUNA_TEST_CHROMIUM"
  ok=1
  if out="$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -X -A -t \
             -c 'select 1' -c 'show server_version' -c 'show server_encoding' 2>&1)"; then
    echo "psql: $(echo "$out" | paste -sd' ' -)"
  else
    echo "psql FAILED: $out"; ok=0
  fi
  if out="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>&1)" && [[ "$out" == PONG ]]; then
    echo "redis-cli ping: $out"
  else
    echo "redis-cli ping FAILED: $out"; ok=0
  fi
  if [[ -x "$KIZUNA_TEST_CHROMIUM" ]]; then
    echo "chromium: $("$KIZUNA_TEST_CHROMIUM" --version 2>/dev/null || echo '(version unknown)')"
  else
    echo "chromium: MISSING at $KIZUNA_TEST_CHROMIUM"; ok=0
  fi
  if (( ok )); then echo "services OK"; exit 0; fi
  echo "services FAILED"; exit 1
fi

# ---------------------------------------------------------------------------
# 5. Build, then test
# ---------------------------------------------------------------------------
# xunit.v3 (>= 3) makes test projects Microsoft.Testing.Platform apps, and the
# .NET 10 SDK refuses VSTest-mode `dotnet test` for those ("Testing with VSTest
# target is no longer supported ..."). Build and run them as plain VSTest
# projects (runner: xunit.runner.visualstudio) so --logger/--filter work.
# The same property must be given to build and test.
MSBUILD_PROPS=(-p:IsTestingPlatformApplication=false)

log "dotnet build $SOLUTION -c Debug"
if ! dotnet build "$SOLUTION" -c Debug -nologo -v minimal "${MSBUILD_PROPS[@]}"; then
  echo "build failed"
  echo "0 passed, 0 failed"
  exit 1
fi

RESULTS_DIR="$WORK_DIR/results"
mkdir -p "$RESULTS_DIR"
test_rc=0
dotnet test "$SOLUTION" -c Debug --no-build "${MSBUILD_PROPS[@]}" \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFilePrefix=kizuna" \
  --results-directory "$RESULTS_DIR" \
  "$@" || test_rc=$?

# Sum the <Counters .../> of every .trx file.
counter() {  # counter NAME FILE -> value of attribute NAME in the Counters element
  sed -n 's/.*<Counters\([^>]*\)>.*/\1/p' "$2" | head -n 1 |
    sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"
}
# Skipped tests are counted in total but not in executed (notExecuted stays 0).
total=0 passed=0 failed=0 skipped=0
shopt -s nullglob globstar
for trx in "$RESULTS_DIR"/**/*.trx; do
  t=$(counter total "$trx"); x=$(counter executed "$trx"); p=$(counter passed "$trx")
  f=$(counter failed "$trx"); e=$(counter error "$trx"); to=$(counter timeout "$trx")
  ab=$(counter aborted "$trx")
  total=$(( total + ${t:-0} ))
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${f:-0} + ${e:-0} + ${to:-0} + ${ab:-0} ))
  skipped=$(( skipped + ${t:-0} - ${x:-0} ))
done
shopt -u nullglob globstar

summary="$passed passed, $failed failed"
(( skipped > 0 )) && summary+=", $skipped skipped"
echo
echo "$summary"

if (( total == 0 || passed + failed == 0 )); then
  log "no test ran"
  (( test_rc != 0 )) && exit "$test_rc"
  exit 1
fi
exit "$test_rc"
