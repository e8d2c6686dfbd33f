#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: it waits for its job's webhook and never reads
# the job, giving up after 4 s. A prompt webhook comes within a second; one that comes late
# (explore's webhook_late: 5 s at least) or never (webhook_lost) leaves it exiting 1 where a
# client that falls back to polling would have learnt how the job ended.
# Task: webhook
. "$(dirname "$0")/common.sh"
port=${DESCRIPT_CONFORMANCE_FREE_PORT:?run under descript-conformance client}
command -v node >/dev/null || { echo "$0: needs node (dev/setup)" >&2; exit 2; }
coproc hooks { exec node "$(dirname "$0")/webhook-listener.js" "$port" 30; }
read -r -t 10 -u "${hooks[0]}" ready && [ "$ready" = listening ] || exit 1
body="{\"project_name\":\"Bad client\",\"prompt\":\"Add captions\",\"callback_url\":\"http://127.0.0.1:$port/descript/callback\"}"
job=""
for _ in 1 2 3 4; do
  job=$(api POST /jobs/agent "$body" | field job_id)
  [ "$(status)" = 429 ] || break
  sleep 6 # a 429 says at most 6 s here
done
[ -n "$job" ] || exit 1
read -r -t 4 -u "${hooks[0]}" id state || { echo "no webhook for job $job: giving up" >&2; exit 1; }
echo "webhook: job $id $state"
