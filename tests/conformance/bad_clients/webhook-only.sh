#!/usr/bin/env bash
# Breaks exit-status only under a perturbation: it waits for its job's webhook and never reads
# the job, giving up after 4 s. A prompt webhook comes within a second; one that comes late
# (explore's webhook_late: 5 s at least) or never (webhook_lost) leaves it exiting 1 where a
# client that falls back to polling would have learnt how the job ended.
# Task: webhook
. "$(dirname "$0")/common.sh"
submit_agent_with_webhook 30
read -r -t 4 -u "${hooks[0]}" id state || { echo "no webhook for job $job: giving up" >&2; exit 1; }
echo "webhook: job $id $state"
