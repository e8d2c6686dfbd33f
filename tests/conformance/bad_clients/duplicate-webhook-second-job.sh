#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: it counts webhook deliveries, not job ids, and
# takes each for one more job finished. A webhook delivered twice is a second job, one it never
# submitted, and it exits 1 where it should have known the job_id again. Deliveries are taken
# until none has come for 2 s, by webhook-listener.js (Node.js: curl cannot listen).
# Task: webhook
. "$(dirname "$0")/common.sh"
port=${DESCRIPT_CONFORMANCE_FREE_PORT:?run under descript-conformance client}
command -v node >/dev/null || { echo "$0: needs node (dev/setup)" >&2; exit 2; }
coproc hooks { exec node "$(dirname "$0")/webhook-listener.js" "$port" 120; }
# 120 s: longer than this script can take (10 s to start, four submissions, 60 s + 2 s of waiting).
read -r -t 10 -u "${hooks[0]}" ready && [ "$ready" = listening ] ||
  { echo "$0: the webhook listener did not start on port $port" >&2; exit 1; }
body="{\"project_name\":\"Bad client\",\"prompt\":\"Add captions\",\"callback_url\":\"http://127.0.0.1:$port/descript/callback\"}"
job=""
for _ in 1 2 3 4; do
  job=$(api POST /jobs/agent "$body" | field job_id)
  [ "$(status)" = 429 ] || break
  sleep 6 # a 429 says at most 6 s here
done
[ -n "$job" ] || exit 1
finished=0 wait_seconds=60
while read -r -t "$wait_seconds" -u "${hooks[0]}" id state; do
  finished=$((finished + 1)) wait_seconds=2
  echo "webhook $finished: job $id $state"
done
[ "$finished" -eq 1 ] || { echo "$finished jobs finished, 1 submitted: giving up" >&2; exit 1; }
