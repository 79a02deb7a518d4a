#!/usr/bin/env bash
# Installs what Parley needs on a fresh machine (Node 20 + npm, root): pnpm, then the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$want" ]; then
  echo "setup: installing pnpm@$want"
  npm install -g "pnpm@$want" --no-fund --no-audit >/dev/null
fi
pnpm install --frozen-lockfile --reporter=append-only
