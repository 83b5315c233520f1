using Sophia.Gpu;

namespace Sophia.Tests.Gpu;

/// <summary>A crash at any step of a lease leaves, after the next reconcile, no unwanted instance billing and none launched twice.</summary>
[Collection(GpuPoolCollection.Name)]
public sealed class GpuPoolCrashTests(GpuPoolFixture fixture)
{
    private LambdaCloudServer Lambda => fixture.Lambda;

    [Fact]
    public async Task A_crash_after_launch_before_recording_is_recovered_by_name_without_a_second_launch()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        Lambda.FailNextLaunchAfterCreating = true;

        var afterFailure = await pool.ReconcileAsync();
        Assert.Equal(GpuLeaseState.Requested, Assert.Single(afterFailure.Leases).State);
        Assert.NotNull(afterFailure.LastError);
        await fixture.CrashGrainsAsync();
        var recovered = await pool.ReconcileAsync();

        var instance = Assert.Single(Lambda.InstancesNamed(prefix));
        var lease = Assert.Single(recovered.Leases);
        Assert.Equal((GpuLeaseState.Booting, instance.Id), (lease.State, lease.InstanceId));
        Assert.Single(Lambda.Launches(prefix));
        Assert.Null(recovered.LastError);
    }

    [Fact]
    public async Task A_crash_after_recording_a_lease_whose_launch_never_happened_launches_it_once()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        Lambda.FailNextLaunchBeforeCreating = true;

        var requested = Assert.Single((await pool.ReconcileAsync()).Leases);
        await fixture.CrashGrainsAsync();
        var waiting = await pool.ReconcileAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(GpuPoolFixture.LaunchSettleSeconds));
        var launched = Assert.Single((await pool.ReconcileAsync()).Leases);

        Assert.Equal(GpuLeaseState.Requested, requested.State);
        Assert.Equal(GpuLeaseState.Requested, Assert.Single(waiting.Leases).State);
        Assert.Contains("Waiting", waiting.LastError);
        Assert.Equal((requested.Id, GpuLeaseState.Launching), (launched.Id, launched.State));
        Assert.Equal(launched.InstanceId, Assert.Single(Lambda.InstancesNamed(prefix)).Id);
    }

    [Fact]
    public async Task A_lost_launch_answer_and_a_lagging_listing_still_launch_only_once()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        Lambda.FailNextLaunchAfterCreating = true;
        await pool.ReconcileAsync();
        var instance = Assert.Single(Lambda.InstancesNamed(prefix));

        Lambda.HiddenFromListing.Add(instance.Id);
        var lagging = await pool.ReconcileAsync();
        Lambda.HiddenFromListing.Remove(instance.Id);
        var found = await pool.ReconcileAsync();

        Assert.Equal(GpuLeaseState.Requested, Assert.Single(lagging.Leases).State);
        Assert.Equal(instance.Id, Assert.Single(found.Leases).InstanceId);
        Assert.Single(Lambda.Launches(prefix));
    }

    [Fact]
    public async Task A_crash_while_booting_resumes_the_lease_and_marks_it_ready_only_when_its_worker_answers()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        Assert.Equal(GpuLeaseState.Launching, Assert.Single((await pool.ReconcileAsync()).Leases).State);

        await fixture.CrashGrainsAsync();
        Lambda.ActivateAll(prefix);
        fixture.Workers.Healthy = false;
        var loading = await pool.ReconcileAsync();
        var workersWhileLoading = await pool.GetReadyWorkersAsync();
        fixture.Workers.Healthy = true;
        var ready = await pool.ReconcileAsync();

        Assert.Equal(GpuLeaseState.Booting, Assert.Single(loading.Leases).State);
        Assert.Empty(workersWhileLoading);
        var lease = Assert.Single(ready.Leases);
        Assert.Equal(GpuLeaseState.Ready, lease.State);
        Assert.Equal([$"http://127.0.0.1:{fixture.Workers.Port}"], (await pool.GetReadyWorkersAsync()).Select(w => w.Endpoint));
        Assert.Single(Lambda.Launches(prefix));
    }

    [Fact]
    public async Task A_crash_while_terminating_still_ends_with_nothing_billing()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        await pool.ReconcileAsync();
        Lambda.ActivateAll(prefix);
        await pool.ReconcileAsync();

        await pool.SetDesiredCountAsync(0);
        Lambda.FailNextTerminateAfterApplying = true;
        var failed = await pool.ReconcileAsync();
        await fixture.CrashGrainsAsync();
        var terminating = await pool.ReconcileAsync();
        Lambda.CompleteTerminations();
        var done = await pool.ReconcileAsync();

        Assert.Equal(GpuLeaseState.Draining, Assert.Single(failed.Leases).State);
        Assert.Equal(GpuLeaseState.Terminating, Assert.Single(terminating.Leases).State);
        Assert.Equal(GpuLeaseState.Terminated, Assert.Single(done.Leases).State);
        Assert.All(Lambda.InstancesNamed(prefix), i => Assert.Equal("terminated", i.Status));
        Assert.Equal(0, done.SpendCentsPerHour);
        Assert.Single(Lambda.Launches(prefix));
    }

    [Fact]
    public async Task Forgotten_owned_instances_are_adopted_or_terminated_and_nobody_elses_are_touched()
    {
        var (pool, prefix) = fixture.NewPool();
        var wanted = Lambda.AddInstance(prefix + "0badf00d");
        var unwanted = Lambda.AddInstance(prefix + "0badf00e", status: "booting");
        var foreign = Lambda.AddInstance("someone-elses-training-run");
        var otherCluster = Lambda.AddInstance(prefix.Replace("sophia-sophia-", "sophia-other-") + "0badf00f");
        await pool.SetDesiredCountAsync(1);

        var status = await pool.ReconcileAsync();

        var kept = Assert.Single(status.Leases, l => l.State == GpuLeaseState.Ready);
        Assert.Equal(wanted.Id, kept.InstanceId);
        Assert.Contains(status.Leases, l => l.InstanceId == unwanted.Id && l.State == GpuLeaseState.Terminating);
        Assert.Equal([unwanted.Id], Lambda.TerminatedIds.Where(id => id == unwanted.Id || id == wanted.Id || id == foreign.Id || id == otherCluster.Id));
        Assert.Empty(Lambda.Launches(prefix));
    }

    [Fact]
    public async Task A_launched_instance_missing_from_a_lagging_listing_is_neither_terminated_nor_launched_again()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        await pool.ReconcileAsync();
        var instance = Assert.Single(Lambda.InstancesNamed(prefix));

        Lambda.HiddenFromListing.Add(instance.Id);
        var status = await pool.ReconcileAsync();
        Lambda.HiddenFromListing.Remove(instance.Id);

        Assert.Equal(GpuLeaseState.Booting, Assert.Single(status.Leases).State);
        Assert.DoesNotContain(instance.Id, Lambda.TerminatedIds);
        Assert.Single(Lambda.Launches(prefix));
    }
}
