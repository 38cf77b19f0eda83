import VocabCore

/// The tokens a new vocabulary shares with a base vocabulary: for each new id, the base id whose
/// row it keeps, and by which rule.
public struct SharedTokens: Sendable {
    /// Why a new token keeps a base row.
    public enum Rule: String, Sendable, CaseIterable {
        /// The same text in the same word position (`▁hello` = `Ġhello` = `hello` in WordPiece).
        case text
        /// The same raw byte (`<0xE3>` = byte-level `ã`).
        case byte
        /// A special token with the same role (`[CLS]` takes `<s>`'s row, `[UNK]` `<unk>`'s).
        case role
        /// A special or added token spelled the same in both vocabularies, without a known role.
        case special
    }

    /// Entry `i`: the base id new id `i` keeps, or -1.
    public let baseID: [Int32]
    /// Entry `i`: the rule of `baseID[i]` (meaningless where it is -1).
    public let rule: [Rule?]

    /// Matches every token of `new` against `base`.
    public init(new: any TokenizerBackend, base: any TokenizerBackend) {
        let newNotation = TokenNotation.of(new)
        let baseNotation = TokenNotation.of(base)
        let baseTable = base.table
        var byText: [TokenNotation.Surface: Int32] = [:]
        var bySpelling: [[UInt8]: Int32] = [:]
        for id in 0..<baseTable.count {
            let piece = baseTable.piece(id)
            let kind = baseTable.kinds[id]
            if let surface = baseNotation.surface(of: piece, kind: kind) {
                // The first of equal surfaces wins, a normal piece over an added one.
                if let other = byText[surface], baseTable.kinds[Int(other)] == .normal || kind != .normal { continue }
                byText[surface] = Int32(id)
            }
            if kind != .normal && kind != .byte, bySpelling[piece] == nil { bySpelling[piece] = Int32(id) }
        }
        let baseRoles = SpecialTokenRole.roles(of: base)
        var newRoles: [Int: [SpecialTokenRole]] = [:]
        for (role, id) in SpecialTokenRole.roles(of: new) { newRoles[id, default: []].append(role) }

        let table = new.table
        var baseID = [Int32](repeating: -1, count: table.count)
        var rule = [Rule?](repeating: nil, count: table.count)
        for id in 0..<table.count {
            let kind = table.kinds[id]
            if let roles = newRoles[id] {
                if let match = SharedTokens.roleMatch(roles, in: baseRoles) {
                    baseID[id] = Int32(match)
                    rule[id] = .role
                    continue
                }
            }
            let piece = table.piece(id)
            if kind != .normal && kind != .byte, let match = bySpelling[piece] {
                baseID[id] = match
                rule[id] = .special
                continue
            }
            if let surface = newNotation.surface(of: piece, kind: kind), let match = byText[surface] {
                baseID[id] = match
                rule[id] = surface.position == .byte ? .byte : .text
            }
        }
        self.baseID = baseID
        self.rule = rule
    }

    /// The base token of the first role (in `SpecialTokenRole` order) the base has, trying each
    /// role's counterpart next (`transformers` gives BERT's `[CLS]`/`[SEP]` the classifier and
    /// separator roles that RoBERTa gives `<s>`/`</s>` beside beginning and end of sequence).
    static func roleMatch(_ roles: [SpecialTokenRole], in base: [SpecialTokenRole: Int]) -> Int? {
        let ordered = SpecialTokenRole.allCases.filter { roles.contains($0) }
        for role in ordered { if let id = base[role] { return id } }
        for role in ordered {
            let counterpart: SpecialTokenRole? =
                switch role {
                case .classifier: .beginningOfSequence
                case .beginningOfSequence: .classifier
                case .separator: .endOfSequence
                case .endOfSequence: .separator
                default: nil
                }
            if let counterpart, let id = base[counterpart] { return id }
        }
        return nil
    }

    /// The number of new tokens that keep a base row.
    public var count: Int { baseID.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
}
