import CYaml

/// Refuses YAML aliases (`*name`) before Yams composes a document. A composed alias is the
/// anchored node itself, so a chain of aliases used as mapping keys makes hashing and comparing
/// the keys take time exponential in the file's size (a 430-byte file never finished). No
/// NettingKit input needs an alias, so a file with one is refused, naming its line.
enum YAMLAliasGuard {
    static func check(_ text: String) throws(SpecError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw SpecError("", "cannot start the YAML parser") }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        let found: (line: Int, name: String)? = utf8.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_ALIAS_EVENT:
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    return (Int(event.start_mark.line) + 1, name)
                case YAML_STREAM_END_EVENT:
                    return nil
                default:
                    continue
                }
            }
            return nil  // a syntax error: Yams reports it with its position
        }
        if let found {
            throw SpecError("", line: found.line, "uses the alias *\(found.name): YAML aliases are not accepted here")
        }
    }
}
