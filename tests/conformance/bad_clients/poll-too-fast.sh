#!/usr/bin/env bash
# Breaks poll-interval: polls every second.
. "$(dirname "$0")/common.sh"
job=$(api POST /jobs/import/project_media "$import_body" | field job_id)
poll_until_done "$job" 1
