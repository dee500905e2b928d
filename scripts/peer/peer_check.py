"""Differential check of `qrcov payload` / `qrcov decode` against the Python peer.

Usage: python peer_check.py QRCOV_BINARY REPO_DIR [COUNT] [SEED]

For every random input: the peer builds a payload and qrcov builds one; they must be identical,
or become identical once the peer is adjusted for exactly the known differences listed in KNOWN
(each one is explained in README.md, "Differences from vietnam-qr-pay"). Every peer payload is also
decoded by `qrcov decode -` in one process and must give back the input, or be rejected for a
known reason. Exits 1 when any disagreement is unexplained.
"""

import json
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import vietqr_inputs
import vietqr_peer

# The known differences: name -> (the build() switch that undoes it, explanation).
KNOWN = {
    "initiation-follows-amount": (
        "adjust_initiation",
        "the peer writes tag 01 = 12 (dynamic) exactly when an amount is given; qrcov writes what "
        "was asked for: 11 (static) unless --dynamic"),
    "peer-keeps-diacritics": (
        "adjust_text",
        "the peer puts the purpose into 62.08 unfolded, Vietnamese marks and all (lengths count "
        "characters, CRC over UTF-8); qrcov folds it to ASCII, and `qrcov decode` rejects the "
        "peer's payload because 62.08 allows only printable ASCII"),
}


def build_ours(qrcov, inputs):
    def one(inp):
        run = subprocess.run([qrcov, "payload", *inp.qrcov_arguments()], capture_output=True, text=True)
        return run.stdout.rstrip("\n") if run.returncode == 0 else None, run.stderr.strip()
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, inputs))


def decode_all(qrcov, payloads):
    """Decodes every payload in one `qrcov decode -` process: (by payload, rejection by line)."""
    run = subprocess.run([qrcov, "decode", "-", "--format", "json"], input="\n".join(payloads) + "\n",
                         capture_output=True, text=True)
    if run.returncode not in (0, 65):
        sys.exit(f"peer-check: qrcov decode failed ({run.returncode}): {run.stderr.strip()}")
    decoded = {item["payload"]: item for item in json.loads(run.stdout or "[]")}
    rejected = {}
    for line in run.stderr.splitlines():
        prefix, _, message = line.partition(": invalid payload: ")
        if message and prefix.startswith("qrcov: stdin:"):
            rejected[int(prefix[len("qrcov: stdin:"):])] = message
    return decoded, rejected


def explain(inp, ours):
    """The smallest set of known differences whose adjustment makes the peer give `ours`."""
    names = list(KNOWN)
    subsets = [[n] for n in names] + [names]
    for subset in subsets:
        switches = {KNOWN[n][0]: True for n in subset}
        if vietqr_peer.build(inp, **switches) == ours:
            return subset
    return None


def check_decoded(inp, payload, decoded, rejection):
    """None when qrcov decode treats the peer's payload as expected, else what went wrong."""
    if inp.purpose is not None and not inp.purpose.isascii():
        if rejection is not None and "62.08" in rejection and "printable ASCII" in rejection:
            return None
        return f"expected a 62.08 printable-ASCII rejection, got {rejection or 'a decoded payload'}"
    if decoded is None:
        return f"rejected: {rejection}"
    expected = {
        "initiation": "dynamic" if inp.amount is not None else "static",  # the peer's rule
        "bin": inp.bin, "account": inp.account, "service": "QRIBFTTC" if inp.card else "QRIBFTTA",
        "amount": inp.amount, "purpose": inp.purpose,
    }
    actual = {key: decoded.get(key) for key in expected}
    return None if actual == expected else f"decoded {actual}, expected {expected}"


def main():
    qrcov, repo = sys.argv[1], Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20261129
    inputs = vietqr_inputs.random_inputs(count, seed, vietqr_inputs.bank_bins(repo))
    peer = [vietqr_peer.build(inp) for inp in inputs]
    ours = build_ours(qrcov, inputs)
    decoded, rejected = decode_all(qrcov, peer)

    agree = 0
    groups = defaultdict(list)  # category -> [(input, peer, ours or error)]
    decode_ok = decode_known_reject = 0
    decode_problems = []
    for index, (inp, peer_payload, (our_payload, our_error)) in enumerate(zip(inputs, peer, ours)):
        if our_payload is None:
            groups["unexplained: qrcov payload failed"].append((inp, peer_payload, our_error))
        elif our_payload == peer_payload:
            agree += 1
        else:
            names = explain(inp, our_payload)
            key = " + ".join(names) if names else "unexplained"
            groups[key].append((inp, peer_payload, our_payload))
        problem = check_decoded(inp, peer_payload, decoded.get(peer_payload), rejected.get(index + 1))
        if problem:
            decode_problems.append((inp, peer_payload, problem))
        elif peer_payload in decoded:
            decode_ok += 1
        else:
            decode_known_reject += 1

    print(f"peer-check: qrcov vs {vietqr_peer.PEER} {version(vietqr_peer.PEER)}, "
          f"{count} random inputs (seed {seed})")
    print(f"  agree byte for byte: {agree}")
    print(f"  disagree:            {count - agree}")
    for key in sorted(groups, key=lambda k: -len(groups[k])):
        inp, peer_payload, ours_payload = groups[key][0]
        print(f"    {key}: {len(groups[key])}")
        print(f"      e.g. qrcov payload {inp.describe()}")
        print(f"        peer: {peer_payload}")
        print(f"        ours: {ours_payload}")
    print(f"  qrcov decode of the peer's payloads: {decode_ok} gave back their input, "
          f"{decode_known_reject} rejected as known (peer-keeps-diacritics), "
          f"{len(decode_problems)} unexpected")
    for inp, peer_payload, problem in decode_problems[:5]:
        print(f"    e.g. qrcov payload {inp.describe()}\n      peer: {peer_payload}\n      {problem}")

    unexplained = sum(len(v) for k, v in groups.items() if k.startswith("unexplained")) + len(decode_problems)
    print("  known differences (README.md, \"Differences from vietnam-qr-pay\"):")
    for name, (_, why) in KNOWN.items():
        print(f"    {name}: {why}")
    if unexplained:
        print(f"peer-check: FAILED, {unexplained} unexplained disagreement(s)")
        return 1
    print("peer-check: OK, every disagreement is a known difference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
