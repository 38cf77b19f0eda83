import Testing
import VocabCore

@Suite struct HFVocabularySubsetTests {
    @Test func unigramVocabularyAndSpecialIds() throws {
        let json = """
            {"version":"1.0","added_tokens":[{"id":0,"content":"<s>","special":true},{"id":5,"content":"<mask>","special":true}],\
            "post_processor":{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0]},\
            "padding":{"pad_id":1,"pad_token":"<pad>"},\
            "model":{"type":"Unigram","unk_id":3,"vocab":[["<s>",0.0],["<pad>",0.0],["</s>",0.0],["<unk>",0.0],["▁a",-1.5],["<mask>",0.0]]}}
            """
        let out = try HFVocabularySubset.tokenizerJSON(Array(json.utf8), newToOld: [0, 1, 2, 3, 5], vocabularySize: 6, file: "t.json")
        let root = try #require(try JSONParser.parse(out).object)
        let model = try #require(root["model"]?.object)
        #expect(model["vocab"]?.array?.count == 5)
        #expect(model["vocab"]?.array?[4].array?[0].string == "<mask>")
        #expect(model["unk_id"]?.integer == 3)
        #expect(root["added_tokens"]?.array?[1].object?["id"]?.integer == 4)
        #expect(root["post_processor"]?.object?["sep"]?.array?[1].integer == 2)
        #expect(root["padding"]?.object?["pad_id"]?.integer == 1)
        #expect(!out.contains(0x0A))
    }

    @Test func bpeMergesFollowTheKeptPieces() throws {
        let json = """
            {
              "model": {
                "type": "BPE",
                "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "bc": 4, "abc": 5},
                "merges": [["a", "b"], ["b", "c"], ["ab", "c"]]
              }
            }

            """
        let out = try HFVocabularySubset.tokenizerJSON(Array(json.utf8), newToOld: [0, 1, 2, 3, 5], vocabularySize: 6, file: "t.json")
        let model = try #require(try JSONParser.parse(out).object?["model"]?.object)
        #expect(model["vocab"]?.object?.keys == ["a", "b", "c", "ab", "abc"])
        #expect(model["vocab"]?.object?["abc"]?.integer == 4)
        #expect(model["merges"]?.array?.count == 2)
        #expect(out.starts(with: Array("{\n  \"model\": {".utf8)) && out.last == 0x0A)
    }

    @Test func droppedSpecialTokenOfThePostProcessorIsAnError() {
        let json = #"{"post_processor":{"type":"BertProcessing","sep":["[SEP]",1],"cls":["[CLS]",0]},"model":{"type":"WordPiece","vocab":{"[CLS]":0,"[SEP]":1,"a":2}}}"#
        #expect(throws: VocabError.self) {
            try HFVocabularySubset.tokenizerJSON(Array(json.utf8), newToOld: [0, 2], vocabularySize: 3, file: "t.json")
        }
    }
}
