/// The `truncation` and `padding` a tokenizer.json carries, applied as HF `encode` applies them
/// to a single sequence (`specs/ENCODERS.md` §1.3). vocabtool keeps them on save but applies them
/// only on request (`vocabtool encode --apply-truncation`).
public struct HFTruncationPadding: Sendable {
    /// Longest encoding kept, when the file truncates.
    public var maxLength: Int?
    /// Keep the first tokens (`Right`, the default) or the last ones (`Left`).
    public var truncateLeft = false
    /// Pad to exactly this length (`{"Fixed": n}`); nil for `BatchLongest` (a single sequence is
    /// its own longest) or no padding.
    public var padLength: Int?
    /// Round the padded length up to a multiple of this.
    public var padToMultipleOf: Int?
    /// The id padding appends.
    public var padID: Int32 = 0
    /// Pad before the tokens (`Left`) or after them (`Right`, the default).
    public var padLeft = false
    /// Whether the file pads at all.
    public var pads = false
    /// How many special tokens the post-processor adds (subtracted from `maxLength` when adding them).
    var addedBySpecialTokens = 0

    /// The settings of a tokenizer.json (none when both are null).
    public init(_ tokenizer: HFTokenizer) throws {
        let doc = tokenizer.document
        if let t = doc["truncation"]?.object {
            guard let n = t["max_length"]?.integer, n >= 0 else { throw t.fieldError("truncation needs a non-negative \"max_length\"") }
            maxLength = n
            truncateLeft = t["direction"]?.string == "Left"
        }
        if let p = doc["padding"]?.object {
            pads = true
            if let fixed = p["strategy"]?.object?["Fixed"] {
                guard let n = fixed.integer, n >= 0 else { throw p.fieldError("padding \"Fixed\" needs a non-negative length") }
                padLength = n
            }
            padToMultipleOf = p["pad_to_multiple_of"]?.integer
            padID = Int32(clamping: p["pad_id"]?.integer ?? 0)
            padLeft = p["direction"]?.string == "Left"
        }
        var probe: [Int32] = []
        tokenizer.postProcessor?.apply(&probe, from: 0)
        addedBySpecialTokens = probe.count
    }

    /// Appends the ids of `text` truncated and padded as HF `encode` would.
    public func encode(
        _ text: UnsafeBufferPointer<UInt8>, with tokenizer: HFTokenizer, addSpecialTokens: Bool, into ids: inout [Int32]
    ) {
        let start = ids.count
        tokenizer.encode(text, into: &ids)
        if let maxLength {
            let room = max(0, maxLength - (addSpecialTokens ? addedBySpecialTokens : 0))
            let count = ids.count - start
            if count > room {
                if truncateLeft {
                    ids.removeSubrange(start..<start + count - room)
                } else {
                    ids.removeSubrange(start + room..<ids.count)
                }
            }
        }
        if addSpecialTokens { tokenizer.postProcessor?.apply(&ids, from: start) }
        guard pads else { return }
        var target = max(padLength ?? 0, ids.count - start)
        if let m = padToMultipleOf, m > 0, target % m != 0 { target += m - target % m }
        let missing = target - (ids.count - start)
        guard missing > 0 else { return }
        let padding = [Int32](repeating: padID, count: missing)
        if padLeft {
            ids.insert(contentsOf: padding, at: start)
        } else {
            ids.append(contentsOf: padding)
        }
    }
}
