import VietQR

/// One set of builder inputs for a benchmark run.
struct PayloadInput {
    let bin: String
    let account: String
    let service: VietQRPayload.Service
    let initiation: VietQRPayload.InitiationMethod
    let amount: UInt64?
    let purpose: String?
}

/// Seeded random payload inputs, with the same rules as `scripts/peer/vietqr_inputs.py`
/// (the Python side of `scripts/bench payload` and `scripts/peer-check`):
/// input `i` uses bank `i mod banks` and account length `1 + i mod 19`; accounts are digits, one
/// in five alphanumeric; one in five goes to a card; half are dynamic; half carry an amount of
/// 1–13 digits; three in five carry a purpose of words (half of them Vietnamese) up to 25
/// characters.
struct RandomInputs {
    private var state: UInt64
    private let bins: [String]

    static let asciiWords = [
        "thanh", "toan", "don", "hang", "tien", "nha", "an", "sang", "cafe", "HD", "so", "ban", "tra", "no",
    ]
    static let vietnameseWords = [
        "thanh", "toán", "đơn", "hàng", "tiền", "nhà", "ăn", "sáng", "cà", "phê", "Hưng", "Yên", "chợ", "bánh",
        "mì", "phở", "gạo", "nước",
    ]
    static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    init(seed: UInt64, bins: [String]) {
        state = seed
        self.bins = bins
    }

    /// SplitMix64: small, fast and good enough to spread inputs.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// The inputs of payload number `index`; draws from the generator, so call in index order to
    /// match the Python side.
    mutating func input(_ index: Int) -> PayloadInput {
        let length = 1 + index % 19
        let alphanumeric = below(5) == 0
        let account = String(
            (0..<length).map { _ in
                alphanumeric ? Self.alphanumerics[below(Self.alphanumerics.count)] : Self.alphanumerics[below(10)]
            })
        let service: VietQRPayload.Service = below(5) == 0 ? .toCard : .toAccount
        let initiation: VietQRPayload.InitiationMethod = below(2) == 0 ? .dynamicQR : .staticQR
        var amount: UInt64?
        if below(2) == 0 {
            let digits = 1 + below(13)
            var value = UInt64(1 + below(9))
            for _ in 1..<digits { value = value * 10 + UInt64(below(10)) }
            amount = value
        }
        var purpose: String?
        if below(5) < 3 {
            let words = below(2) == 0 ? Self.vietnameseWords : Self.asciiWords
            var text = words[below(words.count)]
            while below(4) != 0 {
                let word = words[below(words.count)]
                if text.count + 1 + word.count > 25 { break }
                text += " " + word
            }
            purpose = text
        }
        return PayloadInput(
            bin: bins[index % bins.count], account: account, service: service, initiation: initiation,
            amount: amount, purpose: purpose)
    }
}
