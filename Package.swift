// swift-tools-version:6.0
import PackageDescription

// Linux only: the tool finds its data through /proc/self/exe and links the system ICU (libicu-dev).

let package = Package(
    name: "vocabtool",
    products: [
        .executable(name: "vocabtool", targets: ["vocabtool"]),
        .library(name: "VocabCore", targets: ["VocabCore"]),
        .library(name: "VocabAdapt", targets: ["VocabAdapt"]),
        .library(name: "Romanization", targets: ["Romanization"]),
        .library(name: "VocabTraining", targets: ["VocabTraining"]),
        .library(name: "Fertility", targets: ["Fertility"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The only target that sees ICU's headers; plain C over UTF-8.
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(name: "VocabCore", dependencies: ["CICUShim"]),
        // safetensors I/O, embedding slicing, vocabulary trimming and expansion.
        .target(name: "VocabAdapt", dependencies: ["VocabCore", "VocabTraining"]),
        // Per-language tokenizer cost reports (`vocabtool fertility`).
        .target(name: "Fertility", dependencies: ["VocabCore", "CICUShim", "Romanization"]),
        // uroman-style romanization from Unicode data and the tables in vocabularies/romanization.
        .target(name: "Romanization", dependencies: ["CICUShim", "VocabCore"]),
        .target(name: "VocabTraining", dependencies: ["VocabCore", "CICUShim", "Romanization"]),
        .executableTarget(
            name: "vocabtool",
            dependencies: [
                "VocabCore",
                "VocabAdapt",
                "Fertility",
                "Romanization",
                "VocabTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Locates ../shared for conformance tests (which skip without it).
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "VocabCoreTests", dependencies: ["VocabCore", "TestSupport"]),
        // Uses only VocabCore's public API, as an app developer would.
        .testTarget(name: "PublicAPITests", dependencies: ["VocabCore", "TestSupport"]),
        .testTarget(name: "ConversionTests", dependencies: ["VocabCore", "TestSupport"]),
        .testTarget(name: "FuzzTests", dependencies: ["VocabCore", "VocabAdapt", "VocabTraining", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["vocabtool", "TestSupport"]),
        .testTarget(name: "SentencePieceTests", dependencies: ["VocabCore", "TestSupport"]),
        .testTarget(name: "HuggingFaceTests", dependencies: ["VocabCore", "TestSupport"]),
        .testTarget(name: "VocabAdaptTests", dependencies: ["VocabAdapt", "VocabCore", "TestSupport"]),
        .testTarget(name: "TiktokenTests", dependencies: ["VocabCore", "TestSupport"]),
        .testTarget(name: "FertilityTests", dependencies: ["Fertility", "VocabCore", "TestSupport"]),
        .testTarget(name: "RomanizationTests", dependencies: ["Romanization", "VocabCore", "TestSupport"]),
        .testTarget(name: "VocabTrainingTests", dependencies: ["VocabTraining", "VocabCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
