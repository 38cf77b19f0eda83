import Testing
import TestSupport
@testable import VocabCore

@Suite struct JSONTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The byte offset a malformed text is reported at.
    func errorOffset(_ text: String) -> Int? {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            return nil
        } catch let error as VocabError {
            if case .byte(let offset) = error.location { return offset }
            return -1
        } catch {
            return -2
        }
    }

    @Test func scalarsAndContainers() throws {
        let v = try parse(#" {"a": [1, -2.5e3, true, false, null], "b": {}, "c": [], "d": "x"} "#)
        let o = try #require(v.object)
        #expect(o.keys == ["a", "b", "c", "d"])
        #expect(o["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(o["b"] == .object(JSONObject()))
        #expect(o["c"] == .array([]))
        #expect(o["d"]?.string == "x")
        #expect(o["a"]?.array?[1].double == -2500)
        #expect(o["a"]?.array?[0].integer == 1)
    }

    @Test func objectsKeepOrderAndDuplicates() throws {
        let o = try #require(try parse(#"{"z": 1, "a": 2, "z": 3}"#).object)
        #expect(o.keys == ["z", "a", "z"])
        #expect(o["z"]?.integer == 3)
    }

    @Test func stringEscapesDecodeExactly() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#).string == "a\"b\\c/d\u{8}\u{c}\n\r\t")
        #expect(try parse(#""\u00e9\u0041\u2581""#).string == "éA▁")
        #expect(try parse(#""\ud83e\uddea""#).string == "🧪")
        // NFD stays NFD: bytes are kept, not normalized.
        let nfd = try #require(try parse("\"e\u{301}\"").string)
        #expect(Array(nfd.utf8) == [0x65, 0xCC, 0x81])
        #expect(try parse("\"e\u{301}\"") != parse("\"\u{e9}\""))
    }

    @Test func numbersKeepTheirText() throws {
        for text in ["0", "-0", "0.0", "-20.3647518157959", "1e-5", "1E+16", "123456789012345678901234567890"] {
            #expect(try parse(text) == .number(text))
        }
    }

    @Test func malformedInputReportsOffsets() {
        #expect(errorOffset("") == 0)
        #expect(errorOffset("   ") == 3)
        #expect(errorOffset("{\"a\": 1,}") == 8)
        #expect(errorOffset("[1, 2,]") == 6)
        #expect(errorOffset("[1 2]") == 3)
        #expect(errorOffset("{\"a\" 1}") == 5)
        #expect(errorOffset("{\"a\": tru}") == 6)
        #expect(errorOffset("{\"a\": 01}") == 6)
        #expect(errorOffset("{\"a\": -}") == 6)
        #expect(errorOffset("{\"a\": 1.}") == 6)
        #expect(errorOffset("{\"a\": \"x") == 6)
        #expect(errorOffset("{\"a\": \"x\ty\"}") == 8)
        #expect(errorOffset("\"\\x\"") == 1)
        #expect(errorOffset("\"\\u12G4\"") == 1)
        #expect(errorOffset("\"\\ud83e\"") == 1)
        #expect(errorOffset("\"\\ud83ex\"") == 1)
        #expect(errorOffset("\"\\udd00\"") == 1)
        #expect(errorOffset("\"\\ud83e\\u0041\"") == 1)
        #expect(errorOffset("{\"a\": 1} x") == 9)
        #expect(errorOffset("{\"a\": [1, {\"b\": ") == 16)
        #expect(errorOffset("[1, 2") == 5)
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array("[\"ab".utf8)
        bytes.append(0xC3)
        bytes.append(contentsOf: Array("\"]".utf8))
        #expect(throws: VocabError.self) { try JSONParser.parse(bytes) }
        var surrogate = Array("\"".utf8)
        surrogate.append(contentsOf: [0xED, 0xA0, 0x80, 0x22])
        #expect(throws: VocabError.self) { try JSONParser.parse(surrogate) }
    }

    @Test func depthIsLimited() throws {
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        _ = try parse(ok)
        let deep = String(repeating: "[", count: 100_000)
        #expect(errorOffset(deep) == 128)
        let deepObject = String(repeating: "{\"a\":", count: 200)
        #expect(errorOffset(deepObject) != nil)
    }

    @Test func writerMatchesSerdeLayouts() throws {
        let text = #"{"a":[1,"x\u0001\"\\\n"],"b":{},"c":[],"d":{"e":null}}"#
        let v = try parse(text)
        #expect(String(decoding: JSONWriter.serialize(v, style: .compact), as: UTF8.self) == text)
        let pretty = """
            {
              "a": [
                1,
                "x\\u0001\\"\\\\\\n"
              ],
              "b": {},
              "c": [],
              "d": {
                "e": null
              }
            }
            """
        #expect(String(decoding: JSONWriter.serialize(v, style: .pretty), as: UTF8.self) == pretty)
        #expect(JSONWriter.detectStyle(Array(pretty.utf8)) == .pretty)
        #expect(JSONWriter.detectStyle(Array(text.utf8)) == .compact)
        // 0x7F and non-ASCII are not escaped by serde.
        #expect(JSONWriter.serialize(.string("\u{7f}é/"), style: .compact) == Array("\"\u{7f}é/\"".utf8))
    }

    @Test(.enabled(if: SharedData.path != nil, "needs ../shared"))
    func sharedTokenizerFilesResaveByteIdentically() throws {
        for name in ["gpt2/tokenizer.json", "minilm-wordpiece/tokenizer.json", "xlmr-unigram/tokenizer.json"] {
            let path = try #require(SharedData.file("tokenizers/" + name))
            let bytes = try FileIO.read(path)
            let value = try JSONParser.parse(bytes)
            let again = JSONWriter.serialize(value, style: JSONWriter.detectStyle(bytes))
            #expect(again == bytes, "\(name) re-saved differently")
        }
    }
}
