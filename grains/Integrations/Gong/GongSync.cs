using System.Globalization;
using System.Text;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Gong;

/// <summary>
/// Brings the company's calls with their transcripts into the tenant's memory, one document per call: transcripts page by
/// page from <c>POST /v2/calls/transcript</c> over the run's date window (the cursor in the body, saved after each page),
/// each page's calls with their parties from <c>POST /v2/calls/extensive</c>, speakers named from the parties and users.
/// A cursor Gong no longer takes starts the window again; calls already in memory are not written twice.
/// </summary>
internal sealed class GongSync(GongApi api, SyncProgress progress, CancellationToken cancellationToken)
{
    private const int MaxRestarts = 3;
    private readonly GongUsers _users = new(api);
    private IntegrationSession Session => api.Session;

    public async Task RunAsync()
    {
        var checkpoint = GongCheckpoint.In(Session.State);
        var calls = SyncedRecords.In(Session, progress, "calls");
        if (!checkpoint.Running)
        {
            checkpoint.Begin(Session.Time.GetUtcNow());
            await Session.SaveStateAsync();
        }

        var filter = GongCalls.DateFilter(checkpoint.RunFrom, checkpoint.RunTo);
        var restarts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GongTranscriptPage page;
            try
            {
                page = await GongCalls.TranscriptPageAsync(api, filter, checkpoint.Cursor, $"reading call transcripts from {Window(checkpoint)}", cancellationToken);
            }
            catch (GongApiException e) when (e.CursorRejected && checkpoint.Cursor is not null && restarts++ < MaxRestarts)
            {
                checkpoint.Restart();
                await Session.SaveStateAsync();
                continue;
            }
            catch (GongApiException e) when (e.NoCallsFound)
            {
                break;
            }

            var transcripts = page.CallTranscripts ?? [];
            await WriteAsync(calls, transcripts);
            checkpoint.Seen += transcripts.Count;
            checkpoint.Cursor = page.Records?.Cursor;
            progress.SetPending((page.Records?.TotalRecords ?? 0) - checkpoint.Seen);
            await Session.SaveStateAsync();
            if (checkpoint.Cursor is null)
            {
                break;
            }
        }

        checkpoint.Finish();
        await Session.SaveStateAsync();
    }

    private async Task WriteAsync(SyncedRecords calls, IReadOnlyList<GongCallTranscript> transcripts)
    {
        var known = calls.Keys.ToHashSet(StringComparer.Ordinal);
        var fresh = transcripts.Where(t => !known.Contains(t.CallId)).ToList();
        // A call already in memory is looked at, not fetched or written again: its transcript is final once Gong has it.
        for (var unchanged = fresh.Count; unchanged < transcripts.Count; unchanged++)
        {
            progress.Looked();
        }

        if (fresh.Count == 0)
        {
            return;
        }

        var details = await GongCalls.ByIdAsync(api, [.. fresh.Select(t => t.CallId)], "reading the calls' details and parties", cancellationToken);
        foreach (var transcript in fresh)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!details.TryGetValue(transcript.CallId, out var call))
            {
                progress.Fail();
                continue;
            }

            var started = call.MetaData.Started ?? call.MetaData.Scheduled ?? Session.Time.GetUtcNow();
            if (calls.IsCurrent(call.MetaData.Id, started))
            {
                progress.Looked();
                continue;
            }

            var url = GongText.Url(call, api.Settings.BaseUrl);
            var markdown = await MarkdownAsync(call, transcript, url);
            await calls.WriteAsync(new SyncedRecord(call.MetaData.Id, url, "call", GongText.Title(call), started, markdown));
        }
    }

    private async Task<string> MarkdownAsync(GongCall call, GongCallTranscript transcript, string url)
    {
        var speakers = await _users.SpeakersAsync(call, cancellationToken);
        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Gong call \"{GongText.Title(call)}\" on {GongText.Date(call.MetaData.Started ?? call.MetaData.Scheduled)}, {GongText.Duration(call)}: {url}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Participants: {await GongText.PartiesAsync(call, _users, cancellationToken)}")
            .AppendLine()
            .AppendLine(GongText.Transcript(transcript, speakers))
            .ToString();
    }

    private static string Window(GongCheckpoint checkpoint) =>
        $"{(checkpoint.RunFrom is { } from ? GongText.Iso(from) : "the earliest call")} to {GongText.Iso(checkpoint.RunTo!.Value)}";
}
