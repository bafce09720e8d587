#!/usr/bin/env bash
# Cold start: time from process start to the first 200 from /ready, on a fresh SQLite data folder
# (first start: migrations + reference data [+ demo]) and on a warm one (second start).
# Usage: bench/cold-start.sh [runs]   (builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
dotnet build src/Kizuna.Server -c Release -v q -nologo >/dev/null
dll=src/Kizuna.Server/bin/Release/net10.0/kizuna.dll
port=5099
measure() { # $1 = data dir, rest = extra args; prints milliseconds
  local dir="$1"; shift
  local start end
  start=$(date +%s%N)
  dotnet "$dll" serve --data-dir "$dir" --urls "http://127.0.0.1:$port" "$@" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/ready"; do sleep 0.02; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}
for label in "first start, empty database" "first start with --demo" "restart, existing database"; do
  times=()
  for _ in $(seq "$runs"); do
    dir=$(mktemp -d)
    case "$label" in
      "first start, empty database") t=$(measure "$dir") ;;
      "first start with --demo") t=$(measure "$dir" --demo) ;;
      *) measure "$dir" --demo >/dev/null; t=$(measure "$dir") ;;
    esac
    times+=("$t"); rm -rf "$dir"
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  echo "$label: ${sorted}ms (median $(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p") ms)"
done
