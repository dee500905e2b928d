// swift-tools-version: 6.1
// QR Coverage: VietQR payloads, QR stickers and coverage tracking for the 90% commune target.
// Module map and dependency direction: docs/ARCHITECTURE.md.

import PackageDescription

let package = Package(
    name: "QRCoverage",
    products: [
        .executable(name: "qrcov", targets: ["qrcov"]),
        .library(name: "VietQR", targets: ["VietQR"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Coverage", targets: ["Coverage"]),
        .library(name: "SampleData", targets: ["SampleData"]),
        .library(name: "Domain", targets: ["Domain"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "QRRender", targets: ["QRRender"]),
        .library(name: "DelimitedText", targets: ["DelimitedText"]),
        .library(name: "XLSX", targets: ["XLSX"]),
        .library(name: "BankSync", targets: ["BankSync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure Swift: EMV TLV, CRC-16, the VietQR payload model, text folding, the bank directory.
        .target(
            name: "VietQR",
            resources: [.embedInCode("Resources/banks.csv")]
        ),
        // Pure Swift: tables rendered for a terminal, as CSV (spreadsheet-safe on request) or Markdown.
        .target(name: "Tabular"),
        // Pure domain: merchants, QR statuses and the status-at-a-time rule, civil days, communes and
        // the 2025 lineage, normalization and validation. Foundation and VietQR only.
        .target(name: "Domain", dependencies: ["VietQR"]),
        // The official 2025 communes and the Hưng Yên lineage, embedded from data/ at build time.
        .target(
            name: "ReferenceData",
            dependencies: ["Domain", "DelimitedText"],
            resources: [
                .embedInCode("Resources/vn-communes-2025.csv"),
                .embedInCode("Resources/hung-yen-2025-lineage-detail.csv"),
            ]
        ),
        // The concurrency kit: a one-shot background job, a bounded batch channel, a background
        // writer and parallel work over indices.
        .target(name: "Concurrency"),
        // One way to write a file: to a temporary file beside it, renamed into place.
        .target(name: "FileOutput"),
        // An open-addressing multimap of 64-bit key hashes (duplicate checks, bank-row matching).
        .target(name: "HashIndex", dependencies: ["CPrefetch"]),
        // The store interface: what the use cases need from a registry, in domain terms.
        .target(name: "Store", dependencies: ["Domain", "Coverage", "BankSync", "DelimitedText"]),
        // The use cases every front end calls: merchants, marks, coverage, stickers, outreach, bank imports, the demo.
        .target(
            name: "UseCases",
            dependencies: [
                "Domain", "Coverage", "BankSync", "Store", "Concurrency", "FileOutput", "VietQR", "Tabular",
                "DelimitedText",
                "QRRender", "SampleData",
            ]
        ),
        // Opens the registry a user names (a SQLite file): the one module front ends reach stores through.
        .target(name: "RegistryOpener", dependencies: ["Store", "SQLiteStore"]),
        // The registry in SQLite through GRDB: the only module that knows SQL or sqlite3_*.
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Domain",
                "Coverage",
                "BankSync",
                "Store",
                "ReferenceData",
                "VietQR",
                "DelimitedText",
                "Concurrency",
                "HashIndex",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The compiler's prefetch hint (a header): the import's hash tables ask for entries ahead.
        .systemLibrary(name: "CPrefetch"),
        // Pure: coverage against the target from counts (exact integers), trend and projection, report renderers and the SVG chart.
        .target(name: "Coverage", dependencies: ["Domain", "Tabular"]),
        // The seeded demo sample: Hưng Yên merchants, names, bank accounts and a campaign's status history.
        .target(name: "SampleData", dependencies: ["Domain", "Store", "VietQR"]),
        // libqrencode (QR matrices), through pkg-config.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // libpng and zlib (bare QR PNGs), through pkg-config.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        // cairo with FreeType fonts (stickers and print sheets), through pkg-config.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // A tiny C shim over libpng: keeps its setjmp/longjmp error handling on the C side.
        .target(name: "CPNGShim", dependencies: ["CPNG"]),
        // QR matrices, bare QR PNGs, stickers and A4 print sheets, and the batch sticker engine.
        .target(
            name: "QRRender",
            dependencies: ["VietQR", "Tabular", "Concurrency", "FileOutput", "CQREncode", "CPNG", "CPNGShim", "CCairo"]
        ),
        // Reading the delimited text files Excel writes: encodings (UTF-8/16, Windows-1258, TCVN3, VNI), dialect detection, RFC 4180 records.
        .target(name: "DelimitedText"),
        // libxlsxwriter (XLSX workbooks), through pkg-config.
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // XLSX workbooks from tables: typed cells, identifiers as text, a frozen header row.
        .target(name: "XLSX", dependencies: ["CXLSXWriter", "Tabular", "FileOutput"]),
        // OpenSSL's libcrypto (SHA-256 of imported files, for the import ledger), through pkg-config.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Bank branch CSV exchange: profiles, the pure matcher, the sync plan, the import ledger, the outreach export.
        .target(
            name: "BankSync",
            dependencies: ["Domain", "VietQR", "DelimitedText", "Tabular", "Concurrency", "HashIndex", "CCrypto"],
            resources: [
                .embedInCode("Resources/generic.json"),
                .embedInCode("Resources/qrcov-outreach.json"),
                .embedInCode("Resources/agribank-example.json"),
                .embedInCode("Resources/vietinbank-example.json"),
            ]
        ),
        // Measures payload building throughput for scripts/bench payload.
        .executableTarget(name: "VietQRBench", dependencies: ["VietQR"]),
        // The command-line tool: argument parsing and output only; the logic lives in the libraries.
        .executableTarget(
            name: "qrcov",
            dependencies: [
                "VietQR",
                "Tabular",
                "Domain",
                "ReferenceData",
                "Store",
                "UseCases",
                "RegistryOpener",
                "Concurrency",
                "FileOutput",
                "QRRender",
                "Coverage",
                "BankSync",
                "XLSX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "VietQRTests",
            dependencies: [
                "VietQR",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        // Domain: civil days, normalization, commune look-up and lineage.
        .testTarget(
            name: "DomainTests",
            dependencies: [
                "Domain",
                "ReferenceData",
                "VietQR",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ConcurrencyTests", dependencies: ["Concurrency"]),
        .testTarget(name: "HashIndexTests", dependencies: ["HashIndex"]),
        .testTarget(name: "UseCasesTests", dependencies: ["UseCases"]),
        // SQLiteStore: schema, duplicates, exact counts against a naive recount, bulk loads.
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: [
                "SQLiteStore",
                "Domain",
                "BankSync",
                "HashIndex",
                "DelimitedText",
                "VietQR",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Coverage: exactness at the boundaries, roll-ups, ordering, projection, renderers; property tests.
        .testTarget(
            name: "CoverageTests",
            dependencies: [
                "Coverage",
                "Domain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // SampleData: determinism, sizes, valid and unique identifiers, the campaign's shape.
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "SQLiteStore", "Domain", "VietQR"]),
        .testTarget(name: "QRRenderTests", dependencies: ["QRRender", "VietQR"]),
        // DelimitedText: every encoding and dialect, hostile input (fuzzed: no crash), streaming.
        .testTarget(
            name: "DelimitedTextTests",
            dependencies: [
                "DelimitedText",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // XLSX: workbooks read back by openpyxl (identifiers keep leading zeros, types, frozen header).
        .testTarget(name: "XLSXTests", dependencies: ["XLSX", "Tabular"]),
        // BankSync: profiles, value parsing, the matcher, the plan, the ledger, applying a plan.
        .testTarget(
            name: "BankSyncTests",
            dependencies: [
                "BankSync",
                "Domain",
                "Store",
                "UseCases",
                "SQLiteStore",
                "ReferenceData",
                "DelimitedText",
                "HashIndex",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // End-to-end: runs the built qrcov binary in temporary directories.
        .testTarget(
            name: "QRCovCLITests",
            dependencies: ["VietQR"],
            // Bank files the tests read from the source tree (see Fixtures/sync-hostile/README.md).
            exclude: ["Fixtures"]
        ),
    ]
)
