// Fuzzes the VietQR payload decoder (`qrcov decode`, `qrcov qr --check`): TLV structure, the CRC
// and every field's rules. An input's first byte chooses its form: even, the rest is the payload
// as scanned; odd, the rest gets a valid CRC appended ("6304" and its CRC), so the fuzzer reaches
// the field rules behind the CRC check.
//
// Invariant: a payload the decoder accepts re-encodes to text the decoder accepts again, with
// the same model, and that encoding is a fixed point.
import FuzzSupport
import VietQR

Fuzzer.run { data in
    var input = FuzzInput(data)
    let appendsCRC = input.byte() & 1 == 1
    var text = String(decoding: input.rest, as: UTF8.self)
    if appendsCRC {
        text += "6304"
        text += CRC16.hex(CRC16.ccittFalse(Array(text.utf8)))
    }
    guard let decoded = try? VietQRDecoder.decode(text) else { return }
    guard decoded.fields.last?.tag == "63" else { fatalError("decoded without the CRC last: \(text)") }
    let encoded = decoded.payload.encoded()
    let again: DecodedVietQR
    do { again = try VietQRDecoder.decode(encoded) } catch {
        fatalError("the encoding of an accepted payload is refused: \(error)\n  input: \(text)\n  encoded: \(encoded)")
    }
    guard again.payload.encoded() == encoded else {
        fatalError("re-encoding is not a fixed point\n  input: \(text)\n  encoded: \(encoded)")
    }
    let (p, q) = (decoded.payload, again.payload)
    guard
        p.initiation == q.initiation && p.bin == q.bin && p.account == q.account && p.service == q.service
            && p.amount == q.amount && p.merchantName == q.merchantName && p.merchantCity == q.merchantCity
            && p.additionalData == q.additionalData && p.alternateLanguage == q.alternateLanguage
            && Set(p.otherFields) == Set(q.otherFields)
    else {
        fatalError("the re-decoded payload differs\n  input: \(text)\n  encoded: \(encoded)")
    }
}
