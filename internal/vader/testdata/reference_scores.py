#!/usr/bin/env python3
"""Re-scores texts with the reference VADER implementation.

Reads JSON lines, each a string or an object with a "text" field, and prints
{"text", "neg", "neu", "pos", "compound"} JSON lines as polarity_scores
returns them. Needs the reference package: pip install vaderSentiment==3.3.2

    python3 reference_scores.py < reference_scores.jsonl > new.jsonl
"""
import json
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main():
    analyzer = SentimentIntensityAnalyzer()
    for line in sys.stdin:
        if not line.strip():
            continue
        value = json.loads(line)
        text = value["text"] if isinstance(value, dict) else value
        s = analyzer.polarity_scores(text)
        row = {"text": text, "neg": s["neg"], "neu": s["neu"], "pos": s["pos"], "compound": s["compound"]}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
