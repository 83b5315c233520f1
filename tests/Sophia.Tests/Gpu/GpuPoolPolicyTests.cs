using Sophia.Gpu;

namespace Sophia.Tests.Gpu;

/// <summary>What the pool wants: from the queue, the operator, the spend cap and the idle timeout; and where it launches.</summary>
[Collection(GpuPoolCollection.Name)]
public sealed class GpuPoolPolicyTests(GpuPoolFixture fixture)
{
    private LambdaCloudServer Lambda => fixture.Lambda;

    [Fact]
    public async Task Spend_never_exceeds_the_cap_counting_instances_still_booting()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(GpuPoolFixture.MaxInstances);

        var status = await pool.ReconcileAsync();
        var again = await pool.ReconcileAsync();

        // 149 cents an hour each: two fit under 400, a third would not, although none of them has finished booting.
        Assert.Equal(2, Lambda.Launches(prefix).Count);
        Assert.All(again.Leases, l => Assert.NotEqual(GpuLeaseState.Ready, l.State));
        Assert.Equal(298, again.SpendCentsPerHour);
        Assert.True(again.SpendCentsPerHour <= again.SpendCapCentsPerHour);
        Assert.Contains("Spend cap", status.LastError);
    }

    [Fact]
    public async Task The_queue_brings_an_instance_that_leaves_after_the_idle_timeout()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.ReportQueueDepthAsync("silo-a", GpuPoolFixture.ChunksPerInstance / 2);
        await pool.ReconcileAsync();
        Lambda.ActivateAll(prefix);
        Assert.Equal(GpuLeaseState.Ready, Assert.Single((await pool.ReconcileAsync()).Leases).State);

        await pool.ReportQueueDepthAsync("silo-a", 0);
        fixture.Time.Advance(TimeSpan.FromSeconds(GpuPoolFixture.IdleTimeoutSeconds - 60));
        var stillIdle = await pool.ReconcileAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(120));
        var released = await pool.ReconcileAsync();

        Assert.Equal(GpuLeaseState.Ready, Assert.Single(stillIdle.Leases).State);
        Assert.Equal(GpuLeaseState.Terminating, Assert.Single(released.Leases).State);
        Assert.Equal("terminating", Assert.Single(Lambda.InstancesNamed(prefix)).Status);
        Assert.Single(Lambda.Launches(prefix));
    }

    [Fact]
    public async Task The_queue_depth_is_the_sum_of_the_silos_reports_and_a_silo_that_went_quiet_stops_counting()
    {
        var (pool, _) = fixture.NewPool();
        await pool.ReportQueueDepthAsync("silo-a", 30);
        await pool.ReportQueueDepthAsync("silo-b", 12);
        await pool.ReportQueueDepthAsync("silo-a", 20);
        var both = await pool.GetStatusAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        await pool.ReportQueueDepthAsync("silo-b", 5);

        Assert.Equal(32, both.QueueDepth);
        Assert.Equal(5, (await pool.GetStatusAsync()).QueueDepth);
    }

    [Fact]
    public async Task A_paused_pool_launches_nothing_until_resumed()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetPausedAsync(true);
        await pool.SetDesiredCountAsync(1);

        var paused = await pool.ReconcileAsync();
        Assert.Empty(Lambda.Launches(prefix));
        await pool.SetPausedAsync(false);
        var resumed = await pool.ReconcileAsync();

        Assert.True(paused.Paused);
        Assert.Empty(paused.Leases);
        Assert.Single(Lambda.Launches(prefix));
        Assert.Equal(GpuLeaseState.Launching, Assert.Single(resumed.Leases).State);
    }

    [Fact]
    public async Task A_region_without_capacity_is_skipped_for_the_next_preferred_one()
    {
        var (pool, prefix) = fixture.NewPool();
        Lambda.NoCapacityIn.Add("us-east-3");
        try
        {
            await pool.SetDesiredCountAsync(1);
            var status = await pool.ReconcileAsync();

            Assert.Equal("us-west-1", Assert.Single(status.Leases).ProviderRegion);
            Assert.Equal("us-west-1", Assert.Single(Lambda.InstancesNamed(prefix)).Region);
        }
        finally
        {
            Lambda.NoCapacityIn.Clear();
        }
    }

    [Fact]
    public async Task With_no_capacity_anywhere_nothing_launches_and_the_status_says_why()
    {
        var (pool, prefix) = fixture.NewPool();
        Lambda.NoCapacityIn.UnionWith(["us-east-3", "us-west-1"]);
        try
        {
            await pool.SetDesiredCountAsync(1);
            var status = await pool.ReconcileAsync();

            Assert.Empty(Lambda.InstancesNamed(prefix));
            Assert.Contains("No capacity", status.LastError);
            Assert.Equal(0, status.SpendCentsPerHour);
        }
        finally
        {
            Lambda.NoCapacityIn.Clear();
        }
    }

    [Fact]
    public async Task A_rejected_api_key_launches_nothing_and_is_reported()
    {
        var (pool, prefix) = fixture.NewPool();
        Lambda.RejectApiKey = true;
        try
        {
            await pool.SetDesiredCountAsync(1);
            var status = await pool.ReconcileAsync();

            Assert.Contains(Sophia.Gpu.Lambda.LambdaErrorCodes.InvalidApiKey, status.LastError);
            Assert.DoesNotContain(LambdaCloudServer.ApiKey, status.LastError);
            Assert.Empty(Lambda.InstancesNamed(prefix));
        }
        finally
        {
            Lambda.RejectApiKey = false;
        }
    }

    [Fact]
    public async Task An_operator_count_above_the_maximum_is_refused_and_changes_nothing()
    {
        var (pool, _) = fixture.NewPool();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => pool.SetDesiredCountAsync(GpuPoolFixture.MaxInstances + 1));

        Assert.Contains("Sophia:Gpu:MaxInstances", error.Message);
        Assert.Null((await pool.GetStatusAsync()).DesiredOverride);
    }

    [Fact]
    public async Task A_launch_carries_this_pools_name_the_ssh_key_and_the_bootstrap_told_the_workers_port_and_key()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);

        await pool.ReconcileAsync();

        var launch = Assert.Single(Lambda.Launches(prefix));
        Assert.Equal((LambdaCloudServer.InstanceType, "us-east-3", "sophia"),
            (launch["instance_type_name"]!.GetValue<string>(), launch["region_name"]!.GetValue<string>(), launch["ssh_key_names"]![0]!.GetValue<string>()));
        var script = launch["user_data"]!.GetValue<string>();
        Assert.StartsWith($"#!/usr/bin/env bash\nSOPHIA_WORKER_PORT={fixture.Workers.Port}\nSOPHIA_WORKER_API_KEY={GpuPoolFixture.WorkerApiKey}\n", script);
        Assert.Contains("text-embeddings-inference", script);
        Assert.Contains(launch["tags"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "sophia-cluster" && t["value"]!.GetValue<string>() == "sophia");
    }

    [Fact]
    public async Task A_worker_that_stops_answering_is_terminated_after_the_boot_timeout_and_replaced()
    {
        var (pool, prefix) = fixture.NewPool();
        await pool.SetDesiredCountAsync(1);
        await pool.ReconcileAsync();
        Lambda.ActivateAll(prefix);
        var ready = Assert.Single((await pool.ReconcileAsync()).Leases);

        fixture.Workers.Healthy = false;
        try
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(GpuPoolFixture.BootTimeoutSeconds + 1));
            var replaced = await pool.ReconcileAsync();

            Assert.Equal(GpuLeaseState.Ready, ready.State);
            Assert.Equal(GpuLeaseState.Terminating, replaced.Leases.Single(l => l.Id == ready.Id).State);
            Assert.Contains(ready.InstanceId!, Lambda.TerminatedIds);
            Assert.Equal(2, Lambda.Launches(prefix).Count);
        }
        finally
        {
            fixture.Workers.Healthy = true;
        }
    }
}
