# Helpers for the deliberately misbehaving clients: curl against the harness's mock.
# Each client breaks one rule of the guide and otherwise behaves.
set -uo pipefail
base=${DESCRIPT_API_BASE_URL:?run under descript-conformance client}
auth="Authorization: Bearer ${DESCRIPT_API_TOKEN}"
import_body='{"project_name":"Bad client","add_media":{"intro.mp4":{"url":"https://media.example.com/intro.mp4"}}}'

# api METHOD PATH [BODY]: prints the body; the status goes to the file "$status_file".
status_file=$(mktemp)
trap 'rm -f "$status_file"' EXIT
api() {
  local method=$1 path=$2 body=${3:-}
  curl -s -o /dev/stdout -w '%{http_code}' -X "$method" -H "$auth" -H 'Content-Type: application/json' \
       ${body:+--data "$body"} "$base$path" | { body=$(cat); echo "${body: -3}" > "$status_file"; echo "${body%???}"; }
}
status() { cat "$status_file"; }
# The first "NAME":"value" of the input. It reads all of its input: a reader that quits early
# makes the writer fail under pipefail.
field() { local text; text=$(cat); [[ $text =~ \"$1\":\"([^\"]*)\" ]] && echo "${BASH_REMATCH[1]}"; }

# Polls every $1 seconds until the job stops or is cancelled.
poll_until_done() {
  local job=$1 every=$2 state=""
  for _ in $(seq 1 60); do
    state=$(api GET "/jobs/$job" | field job_state)
    case "$state" in stopped|cancelled) return 0 ;; esac
    sleep "$every"
  done
  return 1
}
