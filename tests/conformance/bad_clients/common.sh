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

# For the webhook clients: starts webhook-listener.js on the harness's free port for $1 seconds,
# as the coprocess "hooks" (a line per delivery on ${hooks[0]}), then submits an agent job that
# calls it back, waiting out 429s (6 s at most here). Sets $job; exits when either fails.
submit_agent_with_webhook() {
  local seconds=$1 port=${DESCRIPT_CONFORMANCE_FREE_PORT:?run under descript-conformance client}
  local ready body
  command -v node >/dev/null || { echo "$0: needs node (dev/setup)" >&2; exit 2; }
  coproc hooks { exec node "$(dirname "$0")/webhook-listener.js" "$port" "$seconds"; }
  read -r -t 10 -u "${hooks[0]}" ready && [ "$ready" = listening ] ||
    { echo "$0: the webhook listener did not start on port $port" >&2; exit 1; }
  body="{\"project_name\":\"Bad client\",\"prompt\":\"Add captions\",\"callback_url\":\"http://127.0.0.1:$port/descript/callback\"}"
  job=""
  for _ in 1 2 3 4; do
    job=$(api POST /jobs/agent "$body" | field job_id)
    [ "$(status)" = 429 ] || break
    sleep 6
  done
  [ -n "$job" ] || exit 1
}
