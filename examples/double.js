#!/usr/bin/env node
// A kpool process handler in Node.js (no packages): job n -> 2n.
//
// Run it with:  kpool up --handler 'exec:node examples/double.js'
//
// The protocol (README, "Handlers in any language"): one JSON line in per job on standard input,
// {"id": "job-1", "payload": 21}; one JSON line out on standard output, {"id": "job-1", "output": 42}.
// Like the seed's worker it does not defend: a negative number (or anything that is not an integer)
// makes it exit non-zero after writing the reason to standard error, which crashes its worker; the
// supervisor restarts it, and a job that keeps doing this is dead-lettered with that line as evidence.
// It exits 0 at the end of its input: that is how it learns its worker has stopped, or died.
'use strict';
const readline = require('readline');

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const job = JSON.parse(line);
  const n = job.payload;
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`double.js: let it crash: payload must be a non-negative integer, but was ${JSON.stringify(n)}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ id: job.id, output: 2 * n }) + '\n');
});
lines.on('close', () => process.exit(0));
