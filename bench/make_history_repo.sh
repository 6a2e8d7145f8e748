#!/usr/bin/env bash
# Build a benchmark repository: the real plan in git, then 100 `ledger update --commit` runs on one
# measure (g1-t1-m1), one a day from 2024-01-02. Usage: bench/make_history_repo.sh TARGET_DIR
set -euo pipefail
target=${1:?usage: bench/make_history_repo.sh TARGET_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$target" && mkdir -p "$target" && cp -r "$here/data" "$target/"
cd "$target"
git init -q -b main && git config user.name 统筹办 && git config user.email office@example.org
git add data && git commit -qm "Initial ledger"
for i in $(seq 1 100); do
  day=$(date -d "2024-01-01 + $i days" +%F)
  GIT_AUTHOR_DATE="${day}T10:00:00" GIT_COMMITTER_DATE="${day}T10:00:00" LEDGER_TODAY=$day \
    ledger update g1-t1-m1 --progress $((i < 100 ? i : 99)) --note "第 $i 次报送" --commit >/dev/null
done
echo "$(git log --oneline | wc -l) commits in $target"
