#!/usr/bin/env node
// bench.js times the vader-sentiment npm package on the messages of
// internal/vader/testdata/bench_texts.txt, the file BenchmarkCompound reads,
// and prints the throughput in messages per second.
//
//   node bench.js [seconds]
'use strict';

const fs = require('fs');
const path = require('path');
const vader = require('vader-sentiment');

const file = path.join(__dirname, '..', '..', 'internal', 'vader', 'testdata', 'bench_texts.txt');
const texts = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(l => l !== '' && !l.startsWith('#'));
const seconds = Number(process.argv[2] || 5);

// run scores every text once and returns a checksum so that the work
// cannot be optimised away.
function run() {
  let sum = 0;
  for (const t of texts) sum += vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
  return sum;
}

// Warm up the JIT before measuring.
const warmEnd = Date.now() + 1000;
while (Date.now() < warmEnd) run();

let msgs = 0;
let check = 0;
const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(seconds * 1e9));
let now = start;
while (now < deadline) {
  check += run();
  msgs += texts.length;
  now = process.hrtime.bigint();
}
const elapsed = Number(now - start) / 1e9;
console.log(
  `vader-sentiment ${require('vader-sentiment/package.json').version}, node ${process.version}: ` +
    `${texts.length} messages, ${msgs} scored in ${elapsed.toFixed(2)}s: ${Math.round(msgs / elapsed)} msgs/s (checksum ${check.toFixed(1)})`
);
