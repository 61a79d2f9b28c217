"""Benchmark job: holds SIZE MiB resident (every page touched) until killed."""
import sys
import time

size = int(sys.argv[1]) << 20
block = bytearray(size)
for i in range(0, size, 4096):
    block[i] = 1
print("holding", size, flush=True)
while True:
    time.sleep(0.1)
