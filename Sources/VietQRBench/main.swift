import Foundation
import VietQR

/// `VietQRBench [COUNT] [SEED]`: builds COUNT random payloads (default 200000, seed 1) with
/// `VietQRPayload` and prints the rate. Inputs are made before the clock starts, so only
/// building (text folding, validation, encoding, CRC) is timed.
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 2, let count = Int(arguments.first ?? "200000"), count > 0,
    let seed = UInt64(arguments.dropFirst().first ?? "1")
else {
    FileHandle.standardError.write(Data("usage: VietQRBench [COUNT] [SEED]\n".utf8))
    exit(64)
}

var generator = RandomInputs(seed: seed, bins: BankDirectory.shared.banks.map(\.bin))
let inputs = (0..<count).map { generator.input($0) }

var totalBytes = 0
let clock = ContinuousClock()
let elapsed = try clock.measure {
    for input in inputs {
        let payload = try VietQRPayload(
            bin: input.bin, account: input.account, service: input.service, initiation: input.initiation,
            amount: input.amount, additionalData: input.purpose.map { [.purpose: $0] } ?? [:])
        totalBytes += payload.encoded().utf8.count
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(count) payloads (\(totalBytes) bytes) in \(seconds) s: \(Int(Double(count) / seconds)) payloads/s")
