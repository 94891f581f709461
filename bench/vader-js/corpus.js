#!/usr/bin/env node
// corpus.js prints, as JSON lines, the texts of the golden agreement test:
// every tweet of tweets_GroundTruth.txt, an evenly spaced sample of the
// Amazon, movie and NYT gold files, and the hand-written chat lines of
// internal/vader/testdata/chat_lines.txt.
//
//   node corpus.js | node score.js --jsonl > ../../internal/vader/testdata/golden_js.jsonl
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const gold = path.join(root, 'testdata', 'vader-gold');
const perFile = 300;

// goldTexts returns the text column (everything after the second TAB) of a
// *_GroundTruth.txt file.
function goldTexts(name) {
  return fs
    .readFileSync(path.join(gold, name), 'utf8')
    .split('\n')
    .map(l => l.replace(/\r$/, ''))
    .filter(l => l !== '')
    .map(l => l.split('\t').slice(2).join('\t'));
}

// sample returns n evenly spaced items of xs, first item included.
function sample(xs, n) {
  if (xs.length <= n) return xs;
  const out = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.floor((i * xs.length) / n)]);
  return out;
}

const texts = [
  ...goldTexts('tweets_GroundTruth.txt'),
  ...sample(goldTexts('amazonReviewSnippets_GroundTruth.txt'), perFile),
  ...sample(goldTexts('movieReviewSnippets_GroundTruth.txt'), perFile),
  ...sample(goldTexts('nytEditorialSnippets_GroundTruth.txt'), perFile),
  ...fs
    .readFileSync(path.join(root, 'internal', 'vader', 'testdata', 'chat_lines.txt'), 'utf8')
    .split('\n')
    .filter(l => l.trim() !== '' && !l.startsWith('#')),
];
process.stdout.write(texts.map(t => JSON.stringify(t)).join('\n') + '\n');
