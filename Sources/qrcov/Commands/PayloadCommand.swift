import ArgumentParser
import VietQR

/// `qrcov payload`: builds a VietQR payload and prints it, with nothing else on stdout.
struct PayloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payload",
        abstract: "Build a VietQR payload for a bank account or card.",
        discussion: """
            Prints the payload and a newline. The default is a static (reusable) QR for transfers \
            to an account, which is what a shop sticker carries. Vietnamese text is folded to the \
            ASCII the payload allows; a value over its field's limit is an error unless --truncate.
            """
    )

    @Option(help: "The bank's 6-digit acquirer BIN (see `qrcov banks`).")
    var bin: String?

    @Option(help: "The bank by code or short name instead of --bin, e.g. VCB or Vietcombank.")
    var bank: String?

    @Option(help: "The account number (or card number with --card), up to 19 letters or digits.")
    var account: String

    @Flag(help: "Transfer to a card number (service QRIBFTTC) instead of an account.")
    var card = false

    @Option(help: "Amount in VND (whole đồng).")
    var amount: UInt64?

    @Option(help: "Transfer message shown by bank apps (tag 62.08, up to 25 characters).")
    var purpose: String?

    @Flag(help: "A dynamic, single-use QR (tag 01 = 12) instead of a static one.")
    var dynamic = false

    @Option(help: "Merchant name (tag 59, up to 25 characters once folded).")
    var merchantName: String?

    @Option(help: "Merchant city (tag 60, up to 15 characters once folded).")
    var merchantCity: String?

    @Option(help: "The merchant name with diacritics, in the language template (tag 64, vi).")
    var altName: String?

    @Flag(help: "Cut over-long text to its field's limit instead of failing.")
    var truncate = false

    func validate() throws {
        if (bin == nil) == (bank == nil) { throw ValidationError("Give exactly one of --bin or --bank.") }
    }

    func run() throws {
        let resolvedBIN = try BankOptions.resolveBIN(bin: bin, bank: bank)
        do {
            let payload = try VietQRPayload(
                bin: resolvedBIN,
                account: account,
                service: card ? .toCard : .toAccount,
                initiation: dynamic ? .dynamicQR : .staticQR,
                amount: amount,
                merchantName: merchantName,
                merchantCity: merchantCity,
                additionalData: purpose.map { [.purpose: $0] } ?? [:],
                alternateLanguage: altName.map { VietQRPayload.AlternateLanguage(merchantName: $0) },
                truncateText: truncate)
            Terminal.standardOutput.write(payload.encoded() + "\n")
        } catch {
            throw CLIError(.dataError, error.description)
        }
    }
}

/// Resolving `--bin` / `--bank` against the bank directory, shared by the commands that take them.
enum BankOptions {
    /// The BIN to use: `--bin` as given (an unknown one is warned about, since new banks appear),
    /// or the BIN of the bank `--bank` names (an unknown name is a usage error).
    static func resolveBIN(bin: String?, bank: String?) throws -> String {
        if let bank {
            guard let found = BankDirectory.shared.lookup(bank) else {
                throw CLIError(.usage, "unknown bank \"\(bank)\"; `qrcov banks` lists codes and BINs")
            }
            return found.bin
        }
        let bin = bin ?? ""
        if bin.count == 6, bin.allSatisfy(\.isNumber), BankDirectory.shared.bank(bin: bin) == nil {
            Terminal.standardError.write("qrcov: warning: BIN \(bin) is not in the bank directory\n")
        }
        return bin
    }
}
