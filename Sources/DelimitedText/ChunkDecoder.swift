/// Converts a file's bytes to UTF-8 one chunk at a time.
protocol ChunkDecoder {
    /// Appends the UTF-8 form of `input` to `output`. A sequence left unfinished at the end of
    /// `input` is kept for the next call; `isLast` says no more input follows (flush, and an
    /// unfinished sequence is then invalid). Returns false at the first invalid sequence, with
    /// `output` holding the text before it.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> Bool
}

extension ChunkDecoder {
    /// Decodes a sample in one call (detection, tests): the text up to the first invalid sequence,
    /// and whether there was none. `isComplete` says the sample is the whole input.
    mutating func decodeSample(_ bytes: [UInt8], isComplete: Bool = true) -> (text: [UInt8], isValid: Bool) {
        var output: [UInt8] = []
        let valid = bytes.withUnsafeBufferPointer { decode($0, isLast: isComplete, into: &output) }
        return (output, valid)
    }
}

/// UTF-16 (little- or big-endian, byte-order mark already removed) to UTF-8; unpaired surrogates are invalid.
struct UTF16Decoder: ChunkDecoder {
    let bigEndian: Bool
    private var oddByte: UInt8?
    private var highSurrogate: UInt32?

    init(bigEndian: Bool) { self.bigEndian = bigEndian }

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> Bool {
        output.reserveCapacity(output.count + input.count * 3 / 2 + 4)
        var index = 0
        if let first = oddByte, !input.isEmpty {
            oddByte = nil
            guard take(unit(first, input[0]), into: &output) else { return false }
            index = 1
        }
        while index + 1 < input.count {
            guard take(unit(input[index], input[index + 1]), into: &output) else { return false }
            index += 2
        }
        if index < input.count { oddByte = input[index] }
        return !isLast || (oddByte == nil && highSurrogate == nil)
    }

    @inline(__always)
    private func unit(_ first: UInt8, _ second: UInt8) -> UInt32 {
        bigEndian ? UInt32(first) << 8 | UInt32(second) : UInt32(second) << 8 | UInt32(first)
    }

    @inline(__always)
    private mutating func take(_ unit: UInt32, into output: inout [UInt8]) -> Bool {
        if let high = highSurrogate {
            guard (0xDC00...0xDFFF).contains(unit) else { return false }
            highSurrogate = nil
            UTF8Bytes.append(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &output)
            return true
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: return false
        default: UTF8Bytes.append(unit, to: &output)
        }
        return true
    }
}

/// A single-byte encoding to UTF-8 through a table of what each byte from 0x80 up stands for
/// (bytes below 0x80 are ASCII); a byte the table leaves out is invalid.
struct ByteTableDecoder: ChunkDecoder {
    let table: ByteTable

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> Bool {
        output.reserveCapacity(output.count + input.count * 2)
        for byte in input {
            if byte < 0x80 {
                output.append(byte)
            } else if let text = table.utf8[Int(byte) - 0x80] {
                output.append(contentsOf: text)
            } else {
                return false
            }
        }
        return true
    }
}

/// Text that was TCVN3 or VNI-Windows bytes, read as Windows-1252 and saved as UTF-8 (so
/// "Nguyễn" in TCVN3 became "NguyÔn"): each scalar goes back to its Windows-1252 byte, and that
/// byte through the legacy table. Scalars Windows-1252 has no byte for are kept as they are.
struct MisconvertedTextDecoder: ChunkDecoder {
    let table: ByteTable
    private var carry: [UInt8] = []

    init(table: ByteTable) { self.table = table }

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> Bool {
        guard carry.isEmpty else {
            let joined = carry + Array(input)
            carry = []
            return joined.withUnsafeBufferPointer { decode($0, isLast: isLast, into: &output) }
        }
        output.reserveCapacity(output.count + input.count * 2)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte < 0x80 {
                output.append(byte)
                index += 1
                continue
            }
            switch UTF8Bytes.decode(input, at: index) {
            case .scalar(let value, let length):
                if let legacyByte = ByteTable.windows1252Byte(for: value),
                    let text = table.utf8[Int(legacyByte) - 0x80]
                {
                    output.append(contentsOf: text)
                } else {
                    output.append(contentsOf: input[index..<index + length])
                }
                index += length
            case .incomplete:
                if isLast { return false }
                carry = Array(input[index...])
                return true
            case .invalid:
                return false
            }
        }
        return true
    }
}
