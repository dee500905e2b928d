// swift-tools-version: 6.1
// libFuzzer targets over QR Coverage's input parsers: run them with scripts/fuzz (README "Fuzzing").
// A package of its own, so that the main package's `swift build` and `swift test` never build them.
// scripts/fuzz builds every module with -sanitize=fuzzer,address (coverage and AddressSanitizer)
// and -enable-testing (targets reach a few internal seams with @testable import).

import PackageDescription

let package = Package(
    name: "QRCoverageFuzz",
    dependencies: [.package(name: "QRCoverage", path: "..")],
    targets: [
        // libFuzzer's driver entry point and memfd_create, declared for Swift.
        .target(name: "CLibFuzzer"),
        // Fuzzer.run (libFuzzer over a closure), FuzzInput (option bytes), MemoryFile (a path in memory).
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        .executableTarget(
            name: "fuzz-vietqr-decode",
            dependencies: ["FuzzSupport", .product(name: "VietQR", package: "QRCoverage")]
        ),
        .executableTarget(
            name: "fuzz-delimited-text",
            dependencies: ["FuzzSupport", .product(name: "DelimitedText", package: "QRCoverage")]
        ),
        .executableTarget(
            name: "fuzz-bank-file",
            dependencies: [
                "FuzzSupport",
                .product(name: "BankSync", package: "QRCoverage"),
                .product(name: "Domain", package: "QRCoverage"),
                .product(name: "DelimitedText", package: "QRCoverage"),
            ]
        ),
        .executableTarget(
            name: "fuzz-merchant-csv",
            dependencies: [
                "FuzzSupport",
                .product(name: "SQLiteStore", package: "QRCoverage"),
                .product(name: "Domain", package: "QRCoverage"),
                .product(name: "DelimitedText", package: "QRCoverage"),
            ]
        ),
    ]
)
