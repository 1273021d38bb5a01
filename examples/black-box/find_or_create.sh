#!/usr/bin/env bash
# Find-or-create of one artist's page by name with curl, as a cron job might do it: query the
# Notion database titled "Artists" for the name, create the page when none is found. Run as several
# executions at once (lockstep exec starts one process per execution of its scenario), two that
# query before either creates both create it. The API: NOTION_BASE_URL (lockstep exec sets it),
# else https://api.notion.com/v1; the token from NOTION_TOKEN.
set -euo pipefail
base=${NOTION_BASE_URL:-https://api.notion.com/v1}
name=${1:-Burial}
api() {  # METHOD PATH [BODY]
  curl -sS --fail-with-body -X "$1" "$base$2" -H "Authorization: Bearer $NOTION_TOKEN" \
    -H "Notion-Version: 2022-06-28" -H "Content-Type: application/json" ${3:+-d "$3"}
}
# The Artists database's id: a search by title answers it first (no jq: its id follows its object).
found=$(api POST /search '{"query": "Artists", "filter": {"property": "object", "value": "database"}}')
db=$(grep -o '"object":"database","id":"[^"]*"' <<<"$found" | head -1 | sed 's/.*"id":"\([^"]*\)"/\1/')
[[ -n "$db" ]] || { echo "no Artists database" >&2; exit 1; }
hits=$(api POST "/databases/$db/query" "{\"filter\": {\"property\": \"Name\", \"title\": {\"equals\": \"$name\"}}}")
if grep -q '"results":\[\]' <<<"$hits"; then
  api POST /pages "{\"parent\": {\"database_id\": \"$db\"}, \"properties\": {\"Name\": {\"title\": [{\"text\": {\"content\": \"$name\"}}]}}}" >/dev/null
  echo "created $name"
else
  echo "found $name"
fi
