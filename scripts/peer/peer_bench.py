"""Payloads built per second by the Python peer in one process (the peer side of scripts/bench payload).

Usage: python peer_bench.py REPO_DIR COUNT SEED
Inputs come from vietqr_inputs (the same rules as Sources/VietQRBench) and are made before the
clock starts; only the peer's QRPay.init_viet_qr(...).build() is timed.
"""

import sys
import time
from pathlib import Path

import vietqr_inputs
import vietqr_peer


def main():
    repo, count, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    inputs = vietqr_inputs.random_inputs(count, seed, vietqr_inputs.bank_bins(repo))
    total = 0
    start = time.perf_counter()
    for inp in inputs:
        total += len(vietqr_peer.build(inp).encode("utf-8"))
    seconds = time.perf_counter() - start
    print(f"{count} payloads ({total} bytes) in {seconds} s: {int(count / seconds)} payloads/s")


if __name__ == "__main__":
    main()
