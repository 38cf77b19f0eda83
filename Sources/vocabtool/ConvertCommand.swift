import ArgumentParser
import VocabCore

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a tokenizer to tokenizer.json (--to hf) or a SentencePiece .model (--to spm).",
        discussion: """
            Conversions encode like the source. tokenizer.json cannot express everything SentencePiece \
            does (see docs/convert.md); where it cannot, the output is what transformers' own converter \
            produces. --to spm takes Unigram and SentencePiece-style BPE models; byte-level BPE and \
            WordPiece are refused.
            """)

    enum Target: String, ExpressibleByArgument { case hf, spm }

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @OptionGroup var out: OutputOptions

    @Option(name: .long, help: "hf (tokenizer.json) or spm (SentencePiece .model).")
    var to: Target = .hf


    func run() throws {
        try reportingErrors {
            try out.checkWritable()
            let (tokenizer, _) = try tokenizerOptions.load()
            let converted: any TokenizerBackend =
                to == .hf
                ? try TokenizerConversion.toHuggingFace(tokenizer)
                : try TokenizerConversion.toSentencePiece(tokenizer)
            try FileIO.writeAtomically(try converted.serialized(), to: out.output)
        }
    }
}
