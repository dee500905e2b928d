import ArgumentParser
import Domain
import Foundation
import ReferenceData
import RegistryOpener
import Store

/// `qrcov init`: creates the registry database and loads the official 2025 communes.
struct InitCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the registry database and load the official 2025 communes.",
        discussion: """
            Without --province all 34 provinces (3,321 communes) are loaded. On an existing \
            database, --province adds that province's communes if they are missing.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Load only this province (2-digit code, e.g. 33 for Hưng Yên).", valueName: "code"))
    var province: String?

    func run() throws {
        let path = database.path
        let provinces: Set<String>? = try province.map { code in
            let padded = code.count == 1 ? "0" + code : code
            guard CommuneDirectory.official.province(code: padded) != nil else {
                throw CLIError(
                    .usage,
                    "--province: no province with code \(code) (codes 01–96 of the 2025 map; see `qrcov communes`)")
            }
            return [padded]
        }
        let location = database.location
        let existed = location.hasContents
        var registry: any RegistryStore
        do {
            registry = try location.openOrCreate(provinces: provinces)
        } catch RegistryFileError.notARegistry {
            throw CLIError(
                .cantCreate,
                "\(path) is not a qrcov registry and not empty; init leaves it as it is: choose another --db")
        } catch {
            throw RegistryCLI.cliError(error)
        }
        if existed, let provinces {
            let added = try RegistryCLI.run { try registry.addCommunes(provinces: provinces) }
            if added > 0 { registry = try RegistryCLI.run { try location.open() } }
        }
        let communes = registry.communes
        let scope =
            provinces.map { p in communes.communes.filter { p.contains($0.provinceCode) }.count }
            ?? communes.communes.count
        let verb = existed ? "Opened" : "Created"
        let provinceText =
            provinces.flatMap { communes.province(code: $0.first!) }.map { " of \($0.name) (\($0.code))" } ?? ""
        print(
            "\(verb) \(path): \(scope) communes\(provinceText); \(communes.communes.count) communes in \(communes.provinces.count) province\(communes.provinces.count == 1 ? "" : "s") in all."
        )
    }
}
