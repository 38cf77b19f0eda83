import ArgumentParser
import VocabCore

@main
struct VocabTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocabtool",
        abstract: "Train, trim, expand, transplant, inspect and measure tokenizers; romanize text.",
        subcommands: [Encode.self, Decode.self, Inspect.self, Convert.self, FertilityCommand.self, Trim.self, Expand.self, Romanize.self, Count.self, Train.self, Transplant.self, Serve.self]
    )
}
