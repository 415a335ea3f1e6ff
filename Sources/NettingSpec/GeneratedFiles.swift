/// Everything generated from spec/, with the repository-relative path it lives at: the one list
/// `netting spec generate` writes and the tests compare with what is committed.
public enum GeneratedFiles {
    /// The loaded specs and their texts (the texts' hashes go into the headers).
    public struct Specs: Sendable {
        public let messages: MessagesSpec, messagesText: String
        public let channel: ChannelSpec, channelText: String
        public let vectors: VectorsSpec, vectorsText: String
        public let errors: ErrorsSpec, errorsText: String
        public let chain: ChainSpec, chainText: String

        public init(
            messages: MessagesSpec, messagesText: String, channel: ChannelSpec, channelText: String, vectors: VectorsSpec, vectorsText: String,
            errors: ErrorsSpec, errorsText: String, chain: ChainSpec, chainText: String
        ) {
            (self.messages, self.messagesText, self.channel, self.channelText) = (messages, messagesText, channel, channelText)
            (self.vectors, self.vectorsText, self.errors, self.errorsText) = (vectors, vectorsText, errors, errorsText)
            (self.chain, self.chainText) = (chain, chainText)
        }

        /// Loads and validates the five spec files from their texts, each error naming its file.
        public static func load(
            messagesText: String, channelText: String, vectorsText: String, errorsText: String, chainText: String
        ) throws(SpecError) -> Specs {
            let messages = try inFile("spec/messages.yaml") { () throws(SpecError) in try MessagesSpec.load(yaml: messagesText) }
            let channel = try inFile("spec/channel.yaml") { () throws(SpecError) in try ChannelSpec.load(yaml: channelText) }
            let vectors = try inFile("spec/vectors.yaml") { () throws(SpecError) in
                try VectorsSpec.load(yaml: vectorsText, channel: channel, messages: messages)
            }
            let declared = ErrorTable.declared(messages: messages, channel: channel, vectors: vectors)
            let errors = try inFile("spec/errors.yaml") { () throws(SpecError) in try ErrorsSpec.load(yaml: errorsText, declaredElsewhere: declared) }
            let chain = try inFile("spec/chain.yaml") { () throws(SpecError) in try ChainSpec.load(yaml: chainText, channel: channel) }
            return Specs(
                messages: messages, messagesText: messagesText, channel: channel, channelText: channelText, vectors: vectors,
                vectorsText: vectorsText, errors: errors, errorsText: errorsText, chain: chain, chainText: chainText)
        }

        /// The spec files, in the order they are embedded and hashed.
        public var files: [(path: String, text: String)] {
            [
                ("spec/messages.yaml", messagesText), ("spec/channel.yaml", channelText), ("spec/vectors.yaml", vectorsText), ("spec/errors.yaml", errorsText),
                ("spec/chain.yaml", chainText),
            ]
        }

        /// The one table of error codes (spec/errors.yaml and every other spec file's codes).
        public var errorTable: [ErrorTable.Entry] { ErrorTable.build(messages: messages, channel: channel, vectors: vectors, errors: errors) }
    }

    /// The spec files' repository paths, in the order `Specs.files` gives them.
    public static let specPaths = ["spec/messages.yaml", "spec/channel.yaml", "spec/vectors.yaml", "spec/errors.yaml", "spec/chain.yaml"]

    public static func all(_ s: Specs) -> [(path: String, contents: String)] {
        [
            ("Sources/NettingCodec/Generated/Messages.swift", SwiftGenerator.messages(spec: s.messages, specText: s.messagesText)),
            ("Sources/NettingMachine/Generated/Channel.swift", ChannelGenerator.channel(spec: s.channel, specText: s.channelText)),
            ("Sources/NettingMachine/Generated/Canonical.swift", CanonicalGenerator.canonical(spec: s.channel, specText: s.channelText)),
            ("Sources/NettingVectors/Generated/Vectors.swift", VectorsGenerator.swift(spec: s.vectors, channel: s.channel, specText: s.vectorsText)),
            ("Sources/NettingScenario/Generated/ChainReverts.swift", ChainRevertGenerator.swift(spec: s.errors, specText: s.errorsText)),
            ("Sources/NettingScenario/Generated/ChainFormat.swift", ChainFormatGenerator.swift(spec: s.chain, channel: s.channel, specText: s.chainText)),
            ("Sources/NettingSpec/Generated/EmbeddedSpec.swift", EmbeddedSpecGenerator.swift(files: s.files, version: s.vectors.version)),
        ] + SchemaGenerator.schemas(channel: s.channel, vectors: s.vectors, chain: s.chain) + [
            ("docs/spec.md", MarkdownRenderer.document(s)),
        ]
    }
}

extension SpecError {
    /// The error with its file named: a path inside the file keeps its key path, an error about the
    /// file as a whole gets the file's name as its file.
    public func within(_ file: String) -> SpecError {
        self.file == nil ? SpecError(path, line: line, column: column, reason, file: file) : self
    }
}

/// Runs `body`, naming `file` in the error it throws.
public func inFile<T>(_ file: String, _ body: () throws(SpecError) -> T) throws(SpecError) -> T {
    do { return try body() } catch { throw error.within(file) }
}
