using System.Text;
using Sophia.Memory;

namespace Sophia.Tests.Memory;

/// <summary>Ingest a generated corpus through the memory grain and recall known answers from it.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class MemoryGrainTests(MemoryClusterFixture fixture)
{
    private readonly string _tenant = $"t{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task Recall_finds_the_passage_that_answers_each_question_and_names_its_document()
    {
        var memory = await IngestCorpusAsync();

        foreach (var answer in MemoryCorpus.Answers)
        {
            var passages = await memory.RecallAsync(new RecallQuery(answer.Question, TopK: 3));

            var best = passages[0];
            Assert.True(best.DocumentName == answer.DocumentName, $"'{answer.Question}' recalled {best.DocumentName} first: {best.Text}");
            Assert.Contains(answer.Fact.Split(' ')[2], best.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(MemoryScopes.Tenant, best.Scope);
            Assert.True(passages.Select(p => p.Score).SequenceEqual(passages.Select(p => p.Score).OrderDescending()), "passages come best first");
        }
    }

    [Fact]
    public async Task Ingesting_the_same_document_again_writes_nothing()
    {
        var memory = await IngestCorpusAsync();
        var chunks = await fixture.Store.CountChunksAsync(_tenant);
        var vectors = await fixture.Index.CountAsync(_tenant);

        foreach (var document in MemoryCorpus.Documents())
        {
            var again = await memory.IngestAsync(document with { Name = "copy of " + document.Name });
            Assert.False(again.New);
            Assert.Equal((IngestionStates.Stored, 0), (again.State, again.Embedded));
        }

        Assert.Equal(chunks, await fixture.Store.CountChunksAsync(_tenant));
        Assert.Equal(vectors, await fixture.Index.CountAsync(_tenant));
        Assert.Equal(chunks, vectors);
        Assert.Equal(4, (await memory.ListDocumentsAsync()).Count);
    }

    [Fact]
    public async Task Progress_counts_chunks_embedded_and_stored_until_the_document_is_stored()
    {
        var memory = Memory(MemoryScopes.Tenant);
        var watcher = new ProgressWatcher();
        await memory.SubscribeAsync(fixture.Grains.CreateObjectReference<IMemoryObserver>(watcher));
        var document = MemoryCorpus.LongDocument("minutes.txt", 40);

        var accepted = await memory.IngestAsync(document);
        var stored = await watcher.Stored(accepted.DocumentId, document.Name);

        Assert.True(accepted.New);
        Assert.Equal(IngestionStates.Ingesting, accepted.State);
        Assert.True(accepted.Chunks > 8, $"a 40-sentence document should need several batches; it has {accepted.Chunks} chunks");
        Assert.Equal((accepted.Chunks, accepted.Chunks, accepted.Chunks), (stored.Status.Chunks, stored.Status.Embedded, stored.Status.Stored));
        var steps = watcher.Seen.Where(p => p.Status.DocumentId == accepted.DocumentId).Select(p => p.Status.Stored).ToList();
        Assert.True(steps.Count > 2 && steps.SequenceEqual(steps.Order()), $"stored counts should grow batch by batch: {string.Join(", ", steps)}");
        Assert.Equal(0, stored.DocumentsPending);
        Assert.Equal(accepted.Chunks, (await memory.GetDocumentAsync(accepted.DocumentId))!.Stored);
    }

    [Fact]
    public async Task A_remembered_fact_is_recalled_as_a_fact_with_its_source()
    {
        var memory = Memory(MemoryScopes.User("ann"));
        var watcher = new ProgressWatcher();
        await memory.SubscribeAsync(fixture.Grains.CreateObjectReference<IMemoryObserver>(watcher));

        var fact = await memory.RememberAsync("Ann prefers to be called Annie and drinks her coffee black.", "chat with Ann");
        await watcher.Stored(fact.DocumentId, "the fact");

        var passage = (await memory.RecallAsync(new RecallQuery("How does Ann take her coffee?", 1)))[0];
        Assert.Equal((MemoryKinds.Fact, "chat with Ann", fact.DocumentId), (passage.Kind, passage.DocumentName, passage.DocumentId));
        Assert.Empty(await Memory(MemoryScopes.User("bob")).RecallAsync(new RecallQuery("How does Ann take her coffee?")));
    }

    [Fact]
    public async Task Recall_can_reach_into_the_tenants_shared_memory_from_a_conversation()
    {
        await IngestCorpusAsync();
        var conversation = Memory(MemoryScopes.Conversation("c1"));

        Assert.Empty(await conversation.RecallAsync(new RecallQuery(MemoryCorpus.Zephyr.Question)));
        var shared = await conversation.RecallAsync(new RecallQuery(MemoryCorpus.Zephyr.Question, 1, AlsoScopes: [MemoryScopes.Tenant]));
        Assert.Equal(MemoryCorpus.Zephyr.DocumentName, shared[0].DocumentName);
    }

    [Fact]
    public async Task Forget_removes_a_document_from_every_tier()
    {
        var memory = await IngestCorpusAsync();
        var zephyr = (await memory.ListDocumentsAsync()).Single(d => d.Name == MemoryCorpus.Zephyr.DocumentName);
        var vectors = await fixture.Index.CountAsync(_tenant);

        Assert.True(await memory.ForgetAsync(zephyr.DocumentId));

        Assert.Null(await memory.GetDocumentAsync(zephyr.DocumentId));
        Assert.Equal(vectors - zephyr.Chunks, await fixture.Index.CountAsync(_tenant));
        Assert.DoesNotContain(await memory.RecallAsync(new RecallQuery(MemoryCorpus.Zephyr.Question, 10)), p => p.DocumentId == zephyr.DocumentId);
        Assert.False(await memory.ForgetAsync(zephyr.DocumentId));
    }

    [Fact]
    public async Task A_file_sophia_cannot_read_is_refused_saying_what_to_send_and_nothing_is_stored()
    {
        var memory = Memory(MemoryScopes.Tenant);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => memory.IngestAsync(new DocumentUpload("photo.png", "image/png", [1, 2, 3])));
        var brokenPdf = await Assert.ThrowsAsync<ArgumentException>(() => memory.IngestAsync(new DocumentUpload("report.pdf", "application/pdf", Encoding.UTF8.GetBytes("not a pdf"))));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => memory.IngestAsync(new DocumentUpload("empty.txt", "text/plain", [])));

        Assert.Contains("PDF (.pdf)", unknown.Message);
        Assert.Contains("valid PDF", brokenPdf.Message);
        Assert.Contains("empty", empty.Message);
        Assert.Empty(await memory.ListDocumentsAsync());
    }

    [Fact]
    public async Task A_recall_without_a_question_is_refused()
    {
        var memory = Memory(MemoryScopes.Tenant);

        await Assert.ThrowsAsync<ArgumentException>(() => memory.RecallAsync(new RecallQuery(" ")));
        await Assert.ThrowsAsync<ArgumentException>(() => memory.RecallAsync(new RecallQuery("launch", TopK: 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => memory.RecallAsync(new RecallQuery("launch", AlsoScopes: ["../other"])));
    }

    private IMemoryGrain Memory(string scope) => fixture.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(_tenant, scope));

    private async Task<IMemoryGrain> IngestCorpusAsync()
    {
        var memory = Memory(MemoryScopes.Tenant);
        var watcher = new ProgressWatcher();
        await memory.SubscribeAsync(fixture.Grains.CreateObjectReference<IMemoryObserver>(watcher));
        foreach (var document in MemoryCorpus.Documents())
        {
            var accepted = await memory.IngestAsync(document);
            await watcher.Stored(accepted.DocumentId, document.Name);
        }

        return memory;
    }
}
