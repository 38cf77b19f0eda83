import Testing
import VocabAdapt
@testable import VocabCore
import VocabTraining

/// Mutation fuzzing of the parsers on files the tests build (so it runs without ../shared):
/// a tokenizer.json using many pipeline components, a safetensors file, a count file, and
/// hostile JSON. Every mutation must give a `VocabError` or a usable result, never a crash.
@Suite struct FormatFuzzTests {
    static let tokenizerJSON = #"""
        {"version":"1.0","truncation":null,"padding":null,
         "added_tokens":[{"id":0,"content":"<s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                         {"id":1,"content":"</s>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
         "normalizer":{"type":"Sequence","normalizers":[{"type":"NFKC"},{"type":"Replace","pattern":{"String":"``"},"content":"\""},{"type":"Lowercase"}]},
         "pre_tokenizer":{"type":"Sequence","pretokenizers":[
            {"type":"Split","pattern":{"Regex":"\\d+"},"behavior":"Isolated","invert":false},
            {"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}]},
         "post_processor":{"type":"TemplateProcessing",
            "single":[{"SpecialToken":{"id":"<s>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"</s>","type_id":0}}],
            "pair":[{"Sequence":{"id":"A","type_id":0}},{"Sequence":{"id":"B","type_id":1}}],
            "special_tokens":{"<s>":{"id":"<s>","ids":[0],"tokens":["<s>"]},"</s>":{"id":"</s>","ids":[1],"tokens":["</s>"]}}},
         "decoder":{"type":"Sequence","decoders":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true},{"type":"Strip","content":" ","start":0,"stop":0}]},
         "model":{"type":"BPE","dropout":null,"unk_token":null,"continuing_subword_prefix":null,"end_of_word_suffix":null,
            "fuse_unk":false,"byte_fallback":false,"ignore_merges":false,
            "vocab":{"<s>":0,"</s>":1,"Ġ":2,"h":3,"e":4,"l":5,"o":6,"1":7,"2":8,"Ġh":9,"Ġhe":10,"ll":11,"Ġhell":12,"Ġhello":13,"12":14},
            "merges":[["Ġ","h"],["Ġh","e"],["l","l"],["Ġhe","ll"],["Ġhell","o"],["1","2"]]}}
        """#

    static let probes = ["Hello hello 12", "  ``héllo``\tworld  ", "日本語 <s> 123", ""]

    @Test func mutatedTokenizerJSONNeverCrashes() throws {
        let original = Array(Self.tokenizerJSON.utf8)
        let source = TokenizerLoader.Source(file: "fuzz/tokenizer.json", companion: nil, format: .huggingFace)
        let intact = try TokenizerLoader.load(bytes: original, source: source, pattern: nil)
        #expect(intact.encode("hello") == [13])
        var rng = Mutator(seed: 0xF022_0001)
        for _ in 0..<400 {
            let bytes = rng.mutate(original)
            guard let tokenizer = try? TokenizerLoader.load(bytes: bytes, source: source, pattern: nil) else { continue }
            for probe in Self.probes {
                _ = try? tokenizer.decode(tokenizer.encode(probe))
            }
            _ = try? tokenizer.serialized()
        }
    }

    /// A two-tensor F32 safetensors file with metadata.
    static func safetensorsFile() -> [UInt8] {
        let tensors = [
            TensorOutput(name: "embed.weight", dtype: .f32, shape: [3, 2], data: .bytes(floats([1, 2, 3, 4, 5, 6]))),
            TensorOutput(name: "head.bias", dtype: .f32, shape: [3], data: .bytes(floats([7, 8, 9]))),
        ]
        var out = SafetensorsWriter.header(for: tensors, metadata: [("format", "pt")])
        out += floats([1, 2, 3, 4, 5, 6]) + floats([7, 8, 9])
        return out
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func mutatedSafetensorsHeadersNeverCrash() throws {
        let original = Self.safetensorsFile()
        let intact = try original.withUnsafeBytes { try SafetensorsHeader.parse($0, file: "fuzz.safetensors") }
        #expect(intact.tensors.map(\.name) == ["embed.weight", "head.bias"])
        var rng = Mutator(seed: 0xF022_0002)
        for _ in 0..<600 {
            let bytes = rng.mutate(original)
            bytes.withUnsafeBytes { raw in
                guard let header = try? SafetensorsHeader.parse(raw, file: "fuzz.safetensors") else { return }
                for t in header.tensors {
                    // A header that parses promises every range lies inside the data section.
                    let data = UnsafeRawBufferPointer(rebasing: raw[header.dataStart + t.begin..<header.dataStart + t.end])
                    _ = try? FloatElements.decode(data, dtype: t.dtype)
                }
            }
        }
    }

    @Test func mutatedCountFilesNeverCrash() throws {
        var counts = WordCounts()
        for (word, n) in [("Ġthe", 50), ("\n", 7), ("a\tb\\c", 3), ("ünïcode", 2), ("x", 1), ("\u{7F}end", 1)] as [(String, UInt64)] {
            Array(word.utf8).withUnsafeBytes { counts.add($0, count: n) }
        }
        let original = CountFile.encode(counts, settings: CountSettings())
        var decoded = WordCounts()
        _ = try CountFile.decode(original, file: "fuzz.tsv", into: &decoded)
        #expect(decoded.count == counts.count)
        var rng = Mutator(seed: 0xF022_0003)
        for _ in 0..<600 {
            var into = WordCounts()
            _ = try? CountFile.decode(rng.mutate(original), file: "fuzz.tsv", into: &into)
        }
    }

    @Test func hostileJSONIsAnErrorNotACrash() {
        for text in [
            String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 100_000),
            "\"\\ud800\"", "-", "\"\u{0}\"", "[1,]", "{\"a\":1,}", "\u{FEFF}{}", "[\"\\u12\"]",
        ] {
            #expect(throws: VocabError.self) { try JSONParser.parse(Array(text.utf8)) }
        }
    }
}
