/// Everything generated from spec/, with the repository-relative path it lives at: the one list
/// `netting spec generate` writes and the tests compare with what is committed.
public enum GeneratedFiles {
    /// The loaded specs and their texts (the texts' hashes go into the headers).
    public struct Specs: Sendable {
        public let messages: MessagesSpec, messagesText: String
        public let channel: ChannelSpec, channelText: String
        public let vectors: VectorsSpec, vectorsText: String

        public init(messages: MessagesSpec, messagesText: String, channel: ChannelSpec, channelText: String, vectors: VectorsSpec, vectorsText: String) {
            (self.messages, self.messagesText, self.channel, self.channelText) = (messages, messagesText, channel, channelText)
            (self.vectors, self.vectorsText) = (vectors, vectorsText)
        }
    }

    public static func all(_ s: Specs) -> [(path: String, contents: String)] {
        [
            ("Sources/NettingCodec/Generated/Messages.swift", SwiftGenerator.messages(spec: s.messages, specText: s.messagesText)),
            ("Sources/NettingMachine/Generated/Channel.swift", ChannelGenerator.channel(spec: s.channel, specText: s.channelText)),
            ("Sources/NettingMachine/Generated/Canonical.swift", CanonicalGenerator.canonical(spec: s.channel, specText: s.channelText)),
            ("Sources/NettingVectors/Generated/Vectors.swift", VectorsGenerator.swift(spec: s.vectors, channel: s.channel, specText: s.vectorsText)),
        ] + SchemaGenerator.schemas(channel: s.channel, vectors: s.vectors) + [
            ("docs/spec.md", MarkdownRenderer.document(messages: s.messages, channel: s.channel)),
        ]
    }
}
