#!/usr/bin/env python3
"""A kpool process handler in Python (standard library only): job n -> 2n.

Run it with:  kpool up --handler 'exec:python3 examples/double.py'

The protocol (README, "Handlers in any language"): one JSON line in per job on standard input,
{"id": "job-1", "payload": 21}; one JSON line out on standard output, {"id": "job-1", "output": 42}.
Like the seed's worker it does not defend: a negative number (or anything that is not an integer)
makes it exit non-zero after writing the reason to standard error, which crashes its worker; the
supervisor restarts it, and a job that keeps doing this is dead-lettered with that line as evidence.
It exits 0 at the end of its input: that is how it learns its worker has stopped, or died.
"""
import json
import sys

for line in sys.stdin:
    job = json.loads(line)
    n = job["payload"]
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        print(f"double.py: let it crash: payload must be a non-negative integer, but was {n!r}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"id": job["id"], "output": 2 * n}), flush=True)
