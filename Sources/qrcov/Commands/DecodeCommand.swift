import ArgumentParser
import DelimitedText
import Foundation
import Tabular
import VietQR

/// `qrcov decode`: parses and validates VietQR payloads and shows their fields.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode and validate a VietQR payload.",
        discussion: """
            With `-`, reads one payload a line from stdin (blank lines skipped; a line over 64 KiB \
            refuses the input, exit 65). Every invalid \
            payload is reported on stderr with its line and the broken rule; the exit code is 65 \
            when any was invalid. JSON output is one object for one payload, an array for stdin.
            """
    )

    @Argument(help: "The payload, or - to read payloads from stdin, one a line.")
    var payload: String

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let fromStdin = payload == "-"
        let inputs: [(line: Int, text: String)]
        if fromStdin {
            var lines: [(Int, String)] = []
            var reader = LineReader(standardInputNamed: "stdin")
            do {
                while let text = try reader.next() {
                    if !text.trimmingCharacters(in: .whitespaces).isEmpty { lines.append((reader.lineNumber, text)) }
                }
            } catch {
                throw CLIError(error)
            }
            inputs = lines
        } else {
            inputs = [(1, payload)]
        }

        var decoded: [DecodedPayloadJSON] = []
        var tables: [Table] = []
        var failures = 0
        for input in inputs {
            do {
                let result = try VietQRDecoder.decode(input.text)
                for warning in result.warnings {
                    Terminal.standardError.write(
                        "qrcov: \(fromStdin ? "stdin:\(input.line): " : "")warning: \(warning)\n")
                }
                if format == .json {
                    decoded.append(DecodedPayloadJSON(result, text: input.text))
                } else {
                    tables.append(Self.table(for: result))
                }
            } catch {
                failures += 1
                Terminal.standardError.write(
                    "qrcov: \(fromStdin ? "stdin:\(input.line): " : "")invalid payload: \(error)\n")
            }
        }

        switch format {
        case .json:
            if fromStdin { try JSONOutput.print(decoded) } else if let one = decoded.first { try JSONOutput.print(one) }
        case .table, .csv:
            for (index, table) in tables.enumerated() {
                if index > 0, format == .table { Terminal.standardOutput.write("\n") }
                table.print(as: format)
            }
        }
        if failures > 0 { throw ExitCode(CLIError.Code.dataError.rawValue) }
    }

    /// One row per data object, sub-templates opened, with a plain-language reading.
    static func table(for decoded: DecodedVietQR) -> Table {
        let p = decoded.payload
        var table = Table(columns: [.init("Tag"), .init("Field"), .init("Value")])
        table.append(["00", "Payload format indicator", "01"])
        table.append([
            "01", "Point of initiation",
            "\(p.initiation.rawValue) (\(p.initiation == .staticQR ? "static, reusable" : "dynamic, single use"))",
        ])
        table.append(["38.00", "GUID", VietQRDecoder.napasGUID])
        table.append([
            "38.01.00", "Acquirer BIN", p.bin + (decoded.bank.map { " (\($0.shortName))" } ?? " (unknown bank)"),
        ])
        table.append(["38.01.01", p.service == .toCard ? "Card number" : "Account number", p.account])
        table.append(["38.02", "Service", "\(p.service.rawValue) (\(p.service == .toCard ? "to card" : "to account"))"])
        table.append(["53", "Currency", "704 (VND)"])
        if let amount = p.amount { table.append(["54", "Amount", "\(amount) VND"]) }
        table.append(["58", "Country", "VN"])
        if let name = p.merchantName { table.append(["59", "Merchant name", name]) }
        if let city = p.merchantCity { table.append(["60", "Merchant city", city]) }
        for (field, value) in p.additionalData.sorted(by: { $0.key < $1.key }) {
            table.append(["62.\(field.rawValue)", DecodedPayloadJSON.additionalDataNames[field]!, value])
        }
        if let alternate = p.alternateLanguage {
            table.append(["64.00", "Language", alternate.language])
            table.append(["64.01", "Merchant name (\(alternate.language))", alternate.merchantName])
            if let city = alternate.merchantCity {
                table.append(["64.02", "Merchant city (\(alternate.language))", city])
            }
        }
        for other in p.otherFields { table.append([other.tag, "(not a VietQR field)", other.value]) }
        table.append(["63", "CRC", decoded.fields.last!.value.uppercased() + " (valid)"])
        if let bank = decoded.bank { table.appendFooter(["", "Bank", bank.name]) }
        return table
    }
}

/// A decoded payload as JSON (snake_case keys; absent optional fields are null).
struct DecodedPayloadJSON: Encodable {
    let payload: String
    let initiation: String
    let bin: String
    let bank: BanksCommand.BankRow?
    let account: String
    let service: String
    let amount: UInt64?
    let merchant_name: String?
    let merchant_city: String?
    let purpose: String?
    let additional_data: [String: String]
    let alternate_language: VietQRPayload.AlternateLanguage?
    let other_fields: [TLVField]
    let crc: String
    let warnings: [String]

    init(_ decoded: DecodedVietQR, text: String) {
        let p = decoded.payload
        payload = text
        initiation = p.initiation == .staticQR ? "static" : "dynamic"
        bin = p.bin
        bank = decoded.bank.map(BanksCommand.BankRow.init)
        account = p.account
        service = p.service.rawValue
        amount = p.amount
        merchant_name = p.merchantName
        merchant_city = p.merchantCity
        purpose = p.purpose
        additional_data = Dictionary(uniqueKeysWithValues: p.additionalData.map { ($0.key.rawValue, $0.value) })
        alternate_language = p.alternateLanguage
        other_fields = p.otherFields
        crc = decoded.fields.last!.value.uppercased()
        warnings = decoded.warnings.map(\.description)
    }

    static let additionalDataNames: [VietQRPayload.AdditionalDataField: String] = [
        .billNumber: "Bill number", .mobileNumber: "Mobile number", .storeLabel: "Store label",
        .loyaltyNumber: "Loyalty number", .referenceLabel: "Reference label", .customerLabel: "Customer label",
        .terminalLabel: "Terminal label", .purpose: "Purpose of transaction",
        .consumerDataRequest: "Consumer data request",
    ]
}
