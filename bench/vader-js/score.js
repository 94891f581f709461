#!/usr/bin/env node
// score.js reads texts on stdin and prints one JSON line {text, compound}
// per text, scored by the vader-sentiment npm package.
//
//   node score.js < texts.txt          one text per line
//   node score.js --jsonl < texts.jsonl one JSON string or {"text": ...} per line
'use strict';

const fs = require('fs');
const vader = require('vader-sentiment');

const jsonl = process.argv.includes('--jsonl');
const lines = fs.readFileSync(0, 'utf8').split('\n');
const out = [];
for (let line of lines) {
  line = line.replace(/\r$/, '');
  if (line === '') continue;
  let text = line;
  if (jsonl) {
    const v = JSON.parse(line);
    text = typeof v === 'string' ? v : v.text;
  }
  const {compound} = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  out.push(JSON.stringify({text, compound}));
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
