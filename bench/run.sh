#!/bin/sh
# Print hostrec's benchmark table; see bench/README.md.
exec python3 "$(dirname "$0")/bench.py" "$@"
