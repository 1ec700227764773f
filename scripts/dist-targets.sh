#!/usr/bin/env bash
# Prints the release targets of this build (DIST_TARGETS, scripts/dist-env.sh).
source "$(dirname "$0")/dist-env.sh"
echo "${TARGETS[*]}"
