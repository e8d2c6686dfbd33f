#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: it counts webhook deliveries, not job ids, and
# takes each for one more job finished. A webhook delivered twice is a second job, one it never
# submitted, and it exits 1 where it should have known the job_id again. Deliveries are taken
# until none has come for 2 s, by webhook-listener.js (Node.js: curl cannot listen).
# Task: webhook
. "$(dirname "$0")/common.sh"
# 120 s: longer than this script can take (10 s to start, four submissions, 60 s + 2 s of waiting).
submit_agent_with_webhook 120
finished=0 wait_seconds=60
while read -r -t "$wait_seconds" -u "${hooks[0]}" id state; do
  finished=$((finished + 1)) wait_seconds=2
  echo "webhook $finished: job $id $state"
done
[ "$finished" -eq 1 ] || { echo "$finished jobs finished, 1 submitted: giving up" >&2; exit 1; }
