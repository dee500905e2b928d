import Testing

@testable import VietQR

@Suite("CRC-16/CCITT-FALSE")
struct CRC16Tests {
    @Test("check value of 123456789 is 29B1")
    func checkValue() {
        #expect(CRC16.ccittFalse(Array("123456789".utf8)) == 0x29B1)
        #expect(CRC16.hex(0x29B1) == "29B1")
    }

    @Test("empty input leaves the initial value")
    func empty() {
        #expect(CRC16.ccittFalse([UInt8]()) == 0xFFFF)
    }

    @Test("hex is four upper-case digits with leading zeros")
    func hexFormatting() {
        #expect(CRC16.hex(0x000A) == "000A")
        #expect(CRC16.hex(0xBEEF) == "BEEF")
    }

    @Test("table-driven CRC equals the bitwise definition on many inputs")
    func matchesBitwise() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var crc: UInt16 = 0xFFFF
            for byte in bytes {
                crc ^= UInt16(byte) << 8
                for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
            }
            #expect(CRC16.ccittFalse(bytes) == crc)
        }
    }
}
