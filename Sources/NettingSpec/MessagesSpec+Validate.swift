extension MessagesSpec {
    public func structNamed(_ name: String) -> Struct? { structs.first { $0.name == name } }
    public func layoutNamed(_ name: String) -> Layout? { layouts.first { $0.name == name } }

    /// The field a dotted path names, starting from `fields` and descending through structs.
    public func resolve(_ path: String, in fields: [Field]) -> Field? {
        var current = fields
        var found: Field?
        for part in path.split(separator: ".") {
            guard let f = current.first(where: { $0.name == part }) else { return nil }
            found = f
            current = structNamed(f.type)?.fields ?? []
        }
        return found
    }

    /// Layout items with `{layout:}` references replaced by their items.
    public func flatten(_ items: [Item]) -> [Item] {
        items.flatMap { item -> [Item] in
            if case .layout(let name) = item, let l = layoutNamed(name) { return flatten(l.items) }
            return [item]
        }
    }

    /// Packed width of a flattened layout in the context of `fields`; nil when it varies.
    public func width(of layout: Layout, in fields: [Field]) -> Int? {
        var total = 0
        for item in flatten(layout.items) {
            switch item {
            case .pad(let n): total += n
            case .const(_, let t): total += MessagesSpec.width(of: t) ?? 0
            case .computed(let name):
                guard name != "imbalance_penalty_rlp" else { return nil }
                total += 32
            case .field(let path, let asType):
                guard let t = asType ?? resolve(path, in: fields)?.type, let w = MessagesSpec.width(of: t) else { return nil }
                total += w
            case .layout: return nil
            }
        }
        return total
    }

    func validate() throws(SpecError) {
        let typeNames = Set(types.map(\.name))
        guard typeNames == MessagesSpec.scalarTypes else {
            throw SpecError("types", "must define exactly \(MessagesSpec.scalarTypes.sorted().joined(separator: ", "))")
        }
        let structNames = Set(structs.map(\.name))
        let computedNames = Set(computed.map(\.name))
        func checkFields(_ fields: [Field], _ path: String) throws(SpecError) {
            var seen = Set<String>()
            for f in fields {
                guard seen.insert(f.name).inserted else { throw SpecError("\(path).\(f.name)", "is declared twice") }
                guard typeNames.contains(f.type) || structNames.contains(f.type) else {
                    throw SpecError("\(path).\(f.name)", "has unknown type `\(f.type)`")
                }
                if let d = f.defaultValue, !["false", "true", "0", "null", "empty"].contains(d) {
                    throw SpecError("\(path).\(f.name)", "default must be one of false, true, 0, null, empty")
                }
            }
        }
        func checkLayout(_ layout: Layout, _ fields: [Field], _ path: String) throws(SpecError) {
            for item in flatten(layout.items) {
                switch item {
                case .field(let p, let asType):
                    guard resolve(p, in: fields) != nil else { throw SpecError(path, "refers to `\(p)`, which is not a field") }
                    if let asType, MessagesSpec.width(of: asType) == nil { throw SpecError(path, "packs `\(p)` as unknown type `\(asType)`") }
                case .computed(let name):
                    guard computedNames.contains(name) else { throw SpecError(path, "refers to unknown computed value `\(name)`") }
                case .layout(let name):
                    throw SpecError(path, "refers to unknown layout `\(name)`")
                case .const(_, let t):
                    guard t == "u8" || t == "u256" else { throw SpecError(path, "a const is packed as u8 or u256") }
                case .pad: break
                }
            }
            if let size = layout.size, let w = width(of: layout, in: fields), w != size {
                throw SpecError(path, "items add up to \(w) bytes, not the declared \(size)")
            }
        }
        for s in structs {
            try checkFields(s.fields, "structs.\(s.name)")
            for name in s.layouts {
                guard let l = layoutNamed(name) else { throw SpecError("structs.\(s.name).layouts", "names unknown layout `\(name)`") }
                try checkLayout(l, s.fields, "structs.\(s.name).layouts.\(name)")
            }
        }
        var names = Set<String>()
        for m in messages {
            let path = "messages.\(m.name)"
            guard names.insert(m.name).inserted else { throw SpecError(path, "is declared twice") }
            try checkFields(m.fields, path)
            guard m.signatures.first?.field == "signature" else { throw SpecError(path, "its first signature must be `signature`") }
            for sig in m.signatures {
                guard resolve(sig.field, in: m.fields)?.type == "signature" else { throw SpecError(path, "signs into `\(sig.field)`, which is not a signature field") }
                try checkLayout(sig.layout, m.fields, "\(path).signatures.\(sig.field)")
            }
            if let a = m.additionalHash { try checkLayout(a, m.fields, "\(path).additional_hash") }
            if m.hasBalanceProof {
                for f in ["chain_id", "nonce", "transferred_amount", "locked_amount", "locksroot", "channel_identifier", "token_network_address"]
                where !m.fields.contains(where: { $0.name == f }) {
                    throw SpecError(path, "carries a balance proof but lacks `\(f)`")
                }
                guard m.additionalHash != nil else { throw SpecError(path, "carries a balance proof but has no additional_hash layout") }
            }
        }
        for (label, list) in [("decoding.errors", errors), ("decoding.leniencies", leniencies)] {
            var seen = Set<String>()
            for c in list {
                guard c.code.split(separator: ".").count == 2, c.code.allSatisfy({ $0.isLowercase || $0 == "." || $0 == "_" }) else {
                    throw SpecError(label, "code `\(c.code)` must look like area.name in lower snake case")
                }
                guard seen.insert(c.code).inserted else { throw SpecError(label, "code `\(c.code)` is listed twice") }
            }
        }
    }
}
