// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "NettingKit",
    products: [
        .library(name: "NettingCrypto", targets: ["NettingCrypto"]),
        .library(name: "NettingCodec", targets: ["NettingCodec"]),
        .library(name: "NettingMachine", targets: ["NettingMachine"]),
        .library(name: "NettingSpec", targets: ["NettingSpec"]),
        // The vector corpus: its model, loader, generator and a runner another Swift
        // implementation calls from its own tests.
        .library(name: "NettingVectors", targets: ["NettingVectors"]),
        .executable(name: "netting", targets: ["netting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Debian's libsecp256k1 (libsecp256k1-dev), with its recovery module.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .target(
            name: "NettingCrypto",
            dependencies: [
                "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "NettingCodec", dependencies: ["NettingCrypto"]),
        .target(name: "NettingMachine", dependencies: ["NettingCodec", "NettingCrypto"]),
        // Scenarios: two parties, each with its own machine, exchanging real signed messages,
        // over a model of the TokenNetwork contract. Pure; the CLI does the I/O.
        .target(
            name: "NettingScenario",
            dependencies: ["NettingMachine", "NettingCodec", "NettingCrypto", "NettingSpec"]
        ),
        // The vector corpus (vectors/): curated situations and guard violations, generation,
        // loading and running. Pure: the CLI reads and writes the files.
        .target(name: "NettingVectors", dependencies: ["NettingMachine", "NettingCodec", "NettingCrypto", "NettingScenario"]),
        // The bounded model checker: the honest machine against an adversarial partner and the
        // chain, every interleaving up to a depth; properties from spec/channel.yaml. Pure.
        .target(name: "NettingCheck", dependencies: ["NettingMachine", "NettingCodec", "NettingCrypto", "NettingScenario", "NettingVectors"]),
        // The spec model: loads and validates spec/*.yaml, generates Swift and renders Markdown.
        .target(name: "NettingSpec", dependencies: ["NettingCrypto", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "netting",
            dependencies: [
                "NettingCrypto", "NettingCodec", "NettingMachine", "NettingSpec", "NettingScenario", "NettingVectors", "NettingCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "NettingBench",
            dependencies: [
                "NettingCrypto", "NettingCodec", "NettingMachine", "NettingCheck",
                "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/NettingBench"
        ),
        .testTarget(name: "NettingCryptoTests", dependencies: ["NettingCrypto"]),
        .testTarget(name: "NettingCodecTests", dependencies: ["NettingCodec", "NettingCrypto"]),
        .testTarget(name: "NettingScenarioTests", dependencies: ["NettingScenario"]),
        // Runs the built `netting` binary end to end.
        .testTarget(name: "NettingCLITests", dependencies: ["netting"]),
        .testTarget(name: "NettingSpecTests", dependencies: ["NettingSpec", "NettingCodec"]),
        .testTarget(name: "NettingMachineTests", dependencies: ["NettingMachine", "NettingCodec", "NettingCrypto", "NettingVectors"]),
        .testTarget(name: "NettingCheckTests", dependencies: ["NettingCheck", "NettingMachine", "NettingCodec", "NettingCrypto", "NettingScenario", "NettingSpec"]),
        .testTarget(name: "NettingVectorsTests", dependencies: ["NettingVectors", "NettingMachine", "NettingCodec", "NettingScenario"]),
    ]
)
