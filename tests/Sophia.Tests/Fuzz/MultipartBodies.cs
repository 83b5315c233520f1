using System.Text;

namespace Sophia.Tests.Fuzz;

/// <summary>Multipart bodies and their content types, mostly broken: cut short, boundaries missing or wrong, bad or huge part headers.</summary>
public sealed class MultipartBodies(Random random)
{
    public (byte[] Body, string ContentType) Next()
    {
        var boundary = "fuzz" + random.Next(1_000_000);
        var good = $"multipart/form-data; boundary={boundary}";
        var part = Part(boundary, "file", $"note-{random.Next(1000)}.txt", "text/plain", "A small note the fuzzer uploads.");
        var whole = part + $"--{boundary}--\r\n";
        return random.Next(14) switch
        {
            0 => (Bytes(whole), good),
            1 => (Bytes(whole[..random.Next(whole.Length)]), good),
            2 => (Bytes(part), good),
            3 => (Bytes(whole), "multipart/form-data"),
            4 => (Bytes(whole), "multipart/form-data; boundary=other"),
            5 => (Bytes(whole), $"multipart/form-data; boundary={new string('b', random.Next(71, 500))}"),
            6 => (Bytes($"--{boundary}\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--{boundary}--\r\n"), good),
            7 => (Bytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nX-Huge: {new string('h', random.Next(17_000, 60_000))}\r\n\r\nx\r\n--{boundary}--\r\n"), good),
            8 => (Bytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\nbroken header line\r\n\r\nx\r\n--{boundary}--\r\n"), good),
            9 => (Bytes(string.Concat(Enumerable.Range(0, random.Next(1025, 1500)).Select(i => $"--{boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n{i}\r\n")) + $"--{boundary}--\r\n"), good),
            10 => (RandomBytes(random.Next(1, 4096)), good),
            11 => ([], good),
            12 => (Bytes(Part(boundary, new string('n', random.Next(2049, 5000)), "a.txt", "text/plain", "x") + $"--{boundary}--\r\n"), good),
            _ => (Bytes(Part(boundary, "file", "\0..\\..\\evil.pdf", "application/pdf", "%PDF-1.7 not really") + $"--{boundary}--\r\n"), good),
        };
    }

    private static string Part(string boundary, string name, string filename, string type, string content) =>
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {type}\r\n\r\n{content}\r\n";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
