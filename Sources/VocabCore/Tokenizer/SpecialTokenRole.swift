/// What a special token is for, as `transformers` names its tokenizers' special-token attributes
/// (`unk_token`, `bos_token`, `eos_token`, `pad_token`, `cls_token`, `sep_token`, `mask_token`).
public enum SpecialTokenRole: String, Sendable, CaseIterable, Hashable {
    case unknown = "unk_token"
    case beginningOfSequence = "bos_token"
    case endOfSequence = "eos_token"
    case padding = "pad_token"
    case classifier = "cls_token"
    case separator = "sep_token"
    case mask = "mask_token"

    /// The roles a tokenizer file itself states or implies, in this order of precedence:
    /// the unknown id of the model; SentencePiece's trainer spec (`bos_id`, `eos_id`, `pad_id`);
    /// the usual spellings of control tokens (`<s>`, `[CLS]`, `<|endoftext|>`, ...); and an HF
    /// post-processor that wraps a sequence in one token each side (its first is the classifier
    /// token, its last the separator, as in `transformers`' BERT and RoBERTa tokenizers).
    ///
    /// A model folder's `tokenizer_config.json` / `special_tokens_map.json` may say more; this is
    /// what the tokenizer file alone tells.
    public static func roles(of backend: any TokenizerBackend) -> [SpecialTokenRole: Int] {
        let table = backend.table
        var roles: [SpecialTokenRole: Int] = [:]
        func assign(_ role: SpecialTokenRole, _ id: Int32?) {
            guard let id, id >= 0, Int(id) < table.count, roles[role] == nil else { return }
            roles[role] = Int(id)
        }
        assign(.unknown, backend.unknownID)
        if let spec = (backend as? SentencePieceTokenizer)?.model.trainerSpec {
            assign(.beginningOfSequence, spec.bosID)
            assign(.endOfSequence, spec.eosID)
            assign(.padding, spec.padID)
        }
        for id in 0..<table.count where table.kinds[id] == .control || table.kinds[id] == .unknown {
            for role in spellings[table.pieceText(id)] ?? [] { assign(role, Int32(id)) }
        }
        if let hf = backend as? HFTokenizer, let (first, last) = hf.postProcessor?.wrappingTokens {
            assign(.classifier, first)
            assign(.separator, last)
        }
        return roles
    }

    /// Control-token spellings and the roles `transformers` gives them.
    private static let spellings: [String: [SpecialTokenRole]] = [
        "<unk>": [.unknown], "[UNK]": [.unknown],
        "<s>": [.beginningOfSequence], "</s>": [.endOfSequence],
        "<bos>": [.beginningOfSequence], "<eos>": [.endOfSequence],
        "<|begin_of_text|>": [.beginningOfSequence], "<|end_of_text|>": [.endOfSequence],
        "<|startoftext|>": [.beginningOfSequence],
        "<|endoftext|>": [.beginningOfSequence, .endOfSequence],
        "<pad>": [.padding], "[PAD]": [.padding], "<|pad|>": [.padding],
        "[CLS]": [.classifier], "[SEP]": [.separator],
        "<mask>": [.mask], "[MASK]": [.mask],
    ]
}

extension HFPostProcessor {
    /// The single token before and after the sequence when the post-processor adds exactly one
    /// on each side (BERT's `[CLS] … [SEP]`, RoBERTa's `<s> … </s>`).
    var wrappingTokens: (first: Int32, last: Int32)? {
        switch self {
        case .template(let prefix, let suffix) where prefix.count == 1 && suffix.count == 1:
            return (prefix[0], suffix[0])
        case .sequence(let list):
            return list.lazy.compactMap(\.wrappingTokens).first
        default:
            return nil
        }
    }
}
