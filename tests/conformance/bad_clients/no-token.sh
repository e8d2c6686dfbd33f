#!/usr/bin/env bash
# Breaks auth-header: checks the API's status without its token first.
. "$(dirname "$0")/common.sh"
curl -s -o /dev/null "$base/status"
job=$(api POST /jobs/import/project_media "$import_body" | field job_id)
sleep 5
poll_until_done "$job" 5
