"""Start-up time of ``docgen serve``: from starting the command to the page being served.

    python bench/serve_startup.py [--runs 10]

Each run starts ``python -m docgen serve --no-browser --port 0`` (as the console script would),
waits for the address line, then requests ``/`` (the page with the form built from the schema)
and ``/api/check`` (the first preview, in a worker the server warmed at start), and stops it.
Prints the median and worst of each.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run() -> tuple[float, float, float]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--no-browser", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        url = re.search(r"http://\S+/", process.stdout.readline()).group(0)
        listening = time.perf_counter() - started
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
        page = time.perf_counter() - started
        body = json.dumps({"values": {"unit": {"name": "某单位"}, "campaign": {"name": "某活动"},
                                      "tasks": [{"id": "a", "title": "某任务"}]}}).encode()
        request = urllib.request.Request(url + "api/check?kind=plan", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read())["preview"]["html"]
        preview = time.perf_counter() - started
        return listening, page, preview
    finally:
        process.terminate()
        process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs = [one_run() for _ in range(parser.parse_args().runs)]
    for index, label in enumerate(("listening (address printed)", "page served (GET /)", "first preview (POST /api/check)")):
        values = [r[index] * 1000 for r in runs]
        print(f"{label:34s} median {statistics.median(values):6.0f} ms   worst {max(values):6.0f} ms")


if __name__ == "__main__":
    main()
