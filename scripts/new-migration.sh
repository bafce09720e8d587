#!/usr/bin/env bash
# Adds a migration with the same name to both providers: scripts/new-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/new-migration.sh NAME}"
dotnet tool restore >/dev/null
for p in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/Kizuna.Data.$p" --startup-project "src/Kizuna.Data.$p" --context KizunaDb -o Migrations
done
