"""The Python peer, vietnam-qr-pay (PyPI; the Python port of xuannghia/vietnam-qr-pay), driven
the way its README documents: QRPay.init_viet_qr(bank_bin, bank_number, amount, purpose, service).

The two `adjust_*` switches each undo one known difference from qrcov, so that a disagreement can
be explained by showing that undoing a known difference makes the payloads identical.
"""

import unicodedata

from vietnam_qr_pay import QRPay, VietQRService

PEER = "vietnam-qr-pay"


def fold_vietnamese(text: str) -> str:
    """Vietnamese to the printable ASCII that EMV text fields allow: marks dropped, đ/Đ to d/D."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if 0x20 <= ord(c) <= 0x7E)


def build(inp, adjust_initiation: bool = False, adjust_text: bool = False) -> str:
    """The peer's payload for `inp` (a vietqr_inputs.PayloadInput).

    adjust_initiation: set tag 01 from the input instead of the peer's rule (12 iff an amount).
    adjust_text: fold the purpose to ASCII before handing it to the peer.
    """
    purpose = inp.purpose
    if adjust_text and purpose is not None:
        purpose = fold_vietnamese(purpose)
    qr = QRPay.init_viet_qr(
        bank_bin=inp.bin,
        bank_number=inp.account,
        amount=str(inp.amount) if inp.amount is not None else None,
        purpose=purpose,
        service=VietQRService.BY_CARD_NUMBER if inp.card else None,
    )
    if adjust_initiation:
        qr.init_method = "12" if inp.dynamic else "11"
    return qr.build()
