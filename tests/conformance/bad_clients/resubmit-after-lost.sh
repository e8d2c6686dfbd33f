#!/usr/bin/env bash
# Breaks no-duplicate-submit: when a submission's answer is lost, submits again.
. "$(dirname "$0")/common.sh"
body='{"project_name":"Bad client","prompt":"Add captions"}'
job=""
for _ in 1 2 3; do
  job=$(api POST /jobs/agent "$body" | field job_id)
  [ -n "$job" ] && break
  sleep 1
done
sleep 5
poll_until_done "$job" 5
