using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sophia.Memory;

namespace Sophia.Tests.Memory;

/// <summary>A Sophia server with memory settings for tests and an import root holding a generated folder.</summary>
public sealed class MemoryServerFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public TempFolder ImportRoot { get; } = new();

    public SophiaServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(ImportRoot.Path, "default", "handbook")).FullName;
        foreach (var document in MemoryCorpus.Documents().Take(2))
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, document.Name), document.Content);
        }

        await File.WriteAllBytesAsync(Path.Combine(folder, "logo.png"), [137, 80, 78, 71]);
        var settings = MemoryClusterFixture.Settings.ToDictionary(s => s.Key, s => s.Value!);
        settings["Sophia:Memory:ImportRoot"] = ImportRoot.Path;
        Server = await SophiaServer.StartAsync(_data.Path, settings);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
        ImportRoot.Dispose();
    }
}

public sealed class MemoryEndpointTests(MemoryServerFixture fixture) : IClassFixture<MemoryServerFixture>
{
    private SophiaServer Server => fixture.Server;

    [Fact]
    public async Task Uploaded_documents_report_progress_as_events_and_are_recalled_with_their_source()
    {
        using var http = await ClientAsync();
        using var events = await EventStream.OpenAsync(http, "/api/memory/events?scope=user");
        var uploads = MemoryCorpus.Documents().Where(d => d.Name is "zephyr-plan.md" or "office-guide.pdf").ToList();

        using var response = await http.PostAsync("/api/memory/documents?scope=user", Form(uploads));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<List<IngestionStatus>>(JsonSerializerOptions.Web))!;
        foreach (var status in accepted)
        {
            await events.WaitFor(p => p.Status.DocumentId == status.DocumentId && p.Status.State == IngestionStates.Stored, $"the stored event of {status.Name}");
        }

        var zephyr = accepted.Single(s => s.Name == "zephyr-plan.md");
        var document = await http.GetFromJsonAsync<IngestionStatus>($"/api/memory/documents/{zephyr.DocumentId}?scope=user", JsonSerializerOptions.Web);
        Assert.Equal((IngestionStates.Stored, zephyr.Chunks), (document!.State, document.Stored));

        using var recall = await http.PostAsJsonAsync("/api/memory/recall?scope=user", new { query = MemoryCorpus.Wifi.Question, topK = 2 });
        var passages = (await recall.Content.ReadFromJsonAsync<List<Passage>>(JsonSerializerOptions.Web))!;
        Assert.Equal("office-guide.pdf", passages[0].DocumentName);
        Assert.Contains("Monday", passages[0].Text);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/memory/documents/{zephyr.DocumentId}?scope=user")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/memory/documents/{zephyr.DocumentId}?scope=user")).StatusCode);
    }

    [Fact]
    public async Task Bad_requests_say_what_to_fix_and_store_nothing()
    {
        using var http = await ClientAsync();

        await AssertProblem(await http.PostAsync("/api/memory/documents?scope=user", Form([new DocumentUpload("logo.png", "image/png", [1, 2])])), 400, "PDF (.pdf)");
        await AssertProblem(await http.PostAsync("/api/memory/documents?scope=user", new StringContent("just text")), 400, "multipart/form-data");
        await AssertProblem(await http.PostAsJsonAsync("/api/memory/recall?scope=user", new { query = "" }), 400, "query text");
        await AssertProblem(await http.PostAsJsonAsync("/api/memory/facts?scope=everyone", new { text = "x" }), 400, "scope must be");
        await AssertProblem(await http.GetAsync("/api/memory/documents?scope=conversation:nosuchconversation"), 404, "");
        await AssertProblem(await http.GetAsync("/api/memory/stats?scope=everyone"), 400, "scope must be");

        var listed = await http.GetFromJsonAsync<List<IngestionStatus>>("/api/memory/documents?scope=user", JsonSerializerOptions.Web);
        Assert.DoesNotContain(listed!, d => d.Name == "logo.png");
    }

    [Fact]
    public async Task A_users_own_memory_is_not_another_users()
    {
        using var ann = await ClientAsync(await Server.CreateUserAsync("ann"));
        using var bob = await ClientAsync(await Server.CreateUserAsync("bob"));

        using var created = await ann.PostAsJsonAsync("/api/memory/facts?scope=user", new { text = "Ann's locker number is 4711.", source = "Ann" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var fact = (await created.Content.ReadFromJsonAsync<IngestionStatus>(JsonSerializerOptions.Web))!;
        await Within.Wait(WaitStoredAsync(ann, fact.DocumentId), "Ann's fact to be stored");

        var bobs = await (await bob.PostAsJsonAsync("/api/memory/recall?scope=user", new { query = "locker number" })).Content.ReadFromJsonAsync<List<Passage>>(JsonSerializerOptions.Web);
        var anns = await (await ann.PostAsJsonAsync("/api/memory/recall?scope=user", new { query = "locker number" })).Content.ReadFromJsonAsync<List<Passage>>(JsonSerializerOptions.Web);
        Assert.Empty(bobs!);
        Assert.Equal("Ann", anns![0].DocumentName);
    }

    [Fact]
    public async Task A_folder_under_the_import_root_is_ingested_and_files_sophia_cannot_read_are_listed_as_skipped()
    {
        using var http = await ClientAsync();

        using var response = await http.PostAsJsonAsync("/api/memory/folder?scope=tenant", new { path = "handbook" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var files = body.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        Assert.Equal(3, files.Count);
        Assert.Contains("PDF (.pdf)", files[Path.Combine("handbook", "logo.png")].GetProperty("skipped").GetString());
        Assert.Equal(JsonValueKind.Object, files[Path.Combine("handbook", "zephyr-plan.md")].GetProperty("status").ValueKind);

        await AssertProblem(await http.PostAsJsonAsync("/api/memory/folder", new { path = "../" }), 400, "inside your tenant's import folder");
    }

    private static async Task<bool> WaitStoredAsync(HttpClient http, string documentId)
    {
        using var events = await EventStream.OpenAsync(http, "/api/memory/events?scope=user");
        var status = await http.GetFromJsonAsync<IngestionStatus>($"/api/memory/documents/{documentId}?scope=user", JsonSerializerOptions.Web);
        if (status!.State != IngestionStates.Stored)
        {
            await events.WaitFor(p => p.Status.DocumentId == documentId && p.Status.State == IngestionStates.Stored, "the stored event");
        }

        return true;
    }

    private async Task<HttpClient> ClientAsync(string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? await Server.TokenAsync());
        return http;
    }

    private static MultipartFormDataContent Form(IEnumerable<DocumentUpload> uploads)
    {
        var form = new MultipartFormDataContent();
        foreach (var upload in uploads)
        {
            var file = new ByteArrayContent(upload.Content);
            if (upload.ContentType.Length > 0)
            {
                file.Headers.ContentType = new MediaTypeHeaderValue(upload.ContentType);
            }

            form.Add(file, "file", upload.Name);
        }

        return form;
    }

    private static async Task AssertProblem(HttpResponseMessage response, int status, string saying)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
            Assert.Contains(saying, body);
        }
    }

    /// <summary>The server-sent events of <c>/api/memory/events</c>, read as they come.</summary>
    internal sealed class EventStream : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpResponseMessage response, Stream body) => (_response, _reader) = (response, new StreamReader(body, Encoding.UTF8));

        public static async Task<EventStream> OpenAsync(HttpClient http, string path)
        {
            var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            var stream = new EventStream(response, await response.Content.ReadAsStreamAsync());
            // The server writes a comment once it is subscribed; events after it are not missed.
            await Within.Wait(stream._reader.ReadLineAsync(), "the event stream to start");
            return stream;
        }

        public async Task<IngestionProgress> WaitFor(Func<IngestionProgress, bool> match, string what) =>
            (await WaitForEvent("progress", e => match(e.Deserialize<IngestionProgress>(JsonSerializerOptions.Web)!), what)).Deserialize<IngestionProgress>(JsonSerializerOptions.Web)!;

        /// <summary>Reads until an event named <paramref name="name"/> (<c>progress</c>, <c>sync</c>) whose data matches.</summary>
        public Task<JsonElement> WaitForEvent(string name, Func<JsonElement, bool> match, string what) => Within.Wait(ReadUntil(name, match), what, TimeSpan.FromSeconds(150));

        private async Task<JsonElement> ReadUntil(string name, Func<JsonElement, bool> match)
        {
            var current = "message";
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    current = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == name
                    && JsonDocument.Parse(line["data: ".Length..]).RootElement is var data && match(data))
                {
                    return data;
                }
            }

            throw new InvalidOperationException("The event stream ended.");
        }

        public void Dispose()
        {
            _reader.Dispose();
            _response.Dispose();
        }
    }
}
