"""Start-up time of ``docgen serve``: from starting the command to the page being served.

    python bench/serve_startup.py [--runs 10]

Each run starts ``python -m docgen serve --no-browser --port 0`` (as the console script would),
waits for the address line, then requests ``/`` (the page with the form built from the schema)
and ``/api/check`` (the first preview, in a worker the server warmed at start), and stops it.
Prints the median and worst of each, next to bare Python and ``docgen --version`` measured in the
same loop (on a busy machine every figure grows alike), and the server's CPU time until the page
was served (which load hardly changes).
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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; Linux only (NaN elsewhere).  Unlike wall
    time it hardly depends on what else the machine is doing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def one_run() -> tuple[float, float, float, float]:
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
        cpu = cpu_seconds(process.pid)
        body = json.dumps({"values": {"unit": {"name": "某单位"}, "campaign": {"name": "某活动"},
                                      "tasks": [{"id": "a", "title": "某任务"}]}}).encode()
        request = urllib.request.Request(url + "api/check?kind=plan", data=body, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read())["preview"]["html"]
        preview = time.perf_counter() - started
        return listening, page, preview, cpu
    finally:
        process.terminate()
        process.wait(30)


def command_time(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)},
                   check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    runs, bare, version = [], [], []
    for _ in range(parser.parse_args().runs):      # interleaved, so machine load hits all alike
        runs.append(one_run())
        bare.append((command_time("-c", "pass"),))
        version.append((command_time("-m", "docgen", "--version"),))
    rows = [("bare Python (python -c pass)", bare, 0), ("docgen --version", version, 0),
            ("serve: listening (address printed)", runs, 0), ("serve: page served (GET /)", runs, 1),
            ("serve: first preview (/api/check)", runs, 2),
            ("serve: CPU time until page served", runs, 3)]
    for label, table, index in rows:
        values = [r[index] * 1000 for r in table]
        print(f"{label:36s} median {statistics.median(values):6.0f} ms   worst {max(values):6.0f} ms")


if __name__ == "__main__":
    main()
