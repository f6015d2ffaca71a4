#!/usr/bin/env bash
# End-to-end: every verb's JSON validates against its committed schema (docs/schema/), and
# every CSV table loads with Python's csv module with the schema's column types
# (check_schemas.py says what is checked).
# Usage: bash schemas_cli.sh <path-to-chaintwin> <source-dir>
set -u
exec python3 "$(dirname "$0")/check_schemas.py" "$1" "$2"
