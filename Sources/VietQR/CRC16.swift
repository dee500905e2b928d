/// CRC-16/CCITT-FALSE, the checksum of EMV QR payloads (EMV QRCPS MPM §4.7.3, tag 63).
///
/// Width 16, polynomial 0x1021, initial value 0xFFFF, no input or output reflection, no final
/// XOR. Check value: the CRC of the ASCII bytes `123456789` is 0x29B1.
public enum CRC16 {
    /// The CRC of the bytes.
    public static func ccittFalse<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    /// The CRC as EMV writes it in tag 63: four upper-case hexadecimal digits.
    public static func hex(_ crc: UInt16) -> String {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        let bytes = [12, 8, 4, 0].map { digits[Int((crc >> UInt16($0)) & 0xF)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One step of the bitwise algorithm per possible top byte, precomputed.
    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
