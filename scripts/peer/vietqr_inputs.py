"""Seeded random VietQR builder inputs, shared by scripts/peer-check and scripts/bench payload.

The rules match Sources/VietQRBench/RandomInputs.swift (the Swift side of the benchmark):
input i uses bank i mod banks (every BIN in data/banks.csv) and account length 1 + i mod 19;
accounts are digits, one in five alphanumeric; one in five goes to a card; half are dynamic;
half carry an amount of 1-13 digits; three in five carry a purpose of words (half of them
Vietnamese, NFC) of at most 25 characters.
"""

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

ASCII_WORDS = ["thanh", "toan", "don", "hang", "tien", "nha", "an", "sang", "cafe", "HD", "so", "ban", "tra", "no"]
VIETNAMESE_WORDS = ["thanh", "toán", "đơn", "hàng", "tiền", "nhà", "ăn", "sáng", "cà", "phê", "Hưng", "Yên",
                    "chợ", "bánh", "mì", "phở", "gạo", "nước"]
ALPHANUMERICS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class PayloadInput:
    bin: str
    account: str
    card: bool
    dynamic: bool
    amount: Optional[int]
    purpose: Optional[str]

    def qrcov_arguments(self) -> List[str]:
        """The `qrcov payload` options that ask for this payload."""
        args = ["--bin", self.bin, "--account", self.account]
        if self.card:
            args.append("--card")
        if self.dynamic:
            args.append("--dynamic")
        if self.amount is not None:
            args += ["--amount", str(self.amount)]
        if self.purpose is not None:
            args += ["--purpose", self.purpose]
        return args

    def describe(self) -> str:
        return " ".join(a if a and " " not in a else repr(a) for a in self.qrcov_arguments())


def bank_bins(repo: Path) -> List[str]:
    with open(repo / "data" / "banks.csv", newline="", encoding="utf-8") as f:
        return sorted(row["bin"] for row in csv.DictReader(f))


def random_inputs(count: int, seed: int, bins: List[str]) -> List[PayloadInput]:
    rng = random.Random(seed)
    inputs = []
    for i in range(count):
        length = 1 + i % 19
        alphabet = ALPHANUMERICS if rng.randrange(5) == 0 else ALPHANUMERICS[:10]
        account = "".join(rng.choice(alphabet) for _ in range(length))
        card = rng.randrange(5) == 0
        dynamic = rng.randrange(2) == 0
        amount = None
        if rng.randrange(2) == 0:
            digits = 1 + rng.randrange(13)
            amount = rng.randrange(10 ** (digits - 1), 10 ** digits)
        purpose = None
        if rng.randrange(5) < 3:
            words = VIETNAMESE_WORDS if rng.randrange(2) == 0 else ASCII_WORDS
            purpose = rng.choice(words)
            while rng.randrange(4) != 0:
                word = rng.choice(words)
                if len(purpose) + 1 + len(word) > 25:
                    break
                purpose += " " + word
        inputs.append(PayloadInput(bins[i % len(bins)], account, card, dynamic, amount, purpose))
    return inputs
