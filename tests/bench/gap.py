"""Benchmark job: holds SIZE MiB resident, and writes to OUT the longest pause it has felt (ms) each
time it grows: a checkpoint's frozen time as the job sees it."""
import os
import sys
import time

size = int(sys.argv[1]) << 20
out = sys.argv[2]
block = bytearray(size)
for i in range(0, size, 4096):
    block[i] = 1
print("holding", size, flush=True)
longest = 0.0
last = time.monotonic()
while True:
    time.sleep(0.0005)
    now = time.monotonic()
    gap = (now - last) * 1000
    last = now
    if gap > longest:
        longest = gap
        with open(out + ".tmp", "w") as f:
            f.write("%.3f\n" % longest)
        os.replace(out + ".tmp", out)
