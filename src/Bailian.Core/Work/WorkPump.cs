using System.Collections.Concurrent;

namespace Bailian.Work;

/// <summary>
/// Something background work has for the pipeline: a message (Text), an object to output, an error
/// with its target, or progress (Payload).
/// </summary>
public sealed record PumpMessage(PumpMessageKind Kind, string Text, object? Payload = null, object? Target = null);

public enum PumpMessageKind
{
    Verbose,
    Warning,
    Output,
    Error,
    Progress,
}

/// <summary>
/// Runs asynchronous work while the calling (pipeline) thread waits and writes what the work
/// reports. PowerShell allows Write* only from the pipeline thread, so work never writes: it logs
/// here, and <see cref="Run{T}"/> hands each message to the caller's writer on the caller's thread.
/// </summary>
public sealed class WorkPump : IBailianLog, IDisposable
{
    private readonly BlockingCollection<PumpMessage> _messages = new();

    public void Verbose(string message) => _messages.Add(new PumpMessage(PumpMessageKind.Verbose, message));

    public void Warning(string message) => _messages.Add(new PumpMessage(PumpMessageKind.Warning, message));

    /// <summary>An object for the pipeline, written as soon as the pipeline thread gets to it.</summary>
    public void Output(object item) => _messages.Add(new PumpMessage(PumpMessageKind.Output, "", item));

    /// <summary>A per-item failure, written as a non-terminating error on <paramref name="target"/>.</summary>
    public void Error(BailianException error, object? target) =>
        _messages.Add(new PumpMessage(PumpMessageKind.Error, error.Message, error, target));

    public void Progress(object progress) => _messages.Add(new PumpMessage(PumpMessageKind.Progress, "", progress));

    /// <summary>
    /// Starts <paramref name="work"/>, writes its messages as they come, and returns its result (or
    /// throws its exception) once it is done and every message is written.
    /// </summary>
    public T Run<T>(Func<CancellationToken, Task<T>> work, Action<PumpMessage> write, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => work(cancellationToken), cancellationToken);
        WaitFor(task, write);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Writes every message already waiting, without blocking.</summary>
    public void DrainAvailable(Action<PumpMessage> write)
    {
        while (_messages.TryTake(out var message))
        {
            write(message);
        }
    }

    /// <summary>
    /// Writes messages until <paramref name="task"/> is done, then the rest; calls <paramref name="idle"/>
    /// at least every <paramref name="idleEvery"/> (for progress) while it waits. Does not throw the task's exception.
    /// </summary>
    public void WaitFor(Task task, Action<PumpMessage> write, Action? idle = null, TimeSpan? idleEvery = null)
    {
        if (task.IsCompleted)
        {
            // The common case in a batch (the item was taken at once): no wake-up to arrange, no token source
            // and continuation made and dropped per row (issue 12, CPU per row).
            DrainAvailable(write);
            return;
        }

        // Wake the wait below as soon as the task ends, without polling.
        using var done = new CancellationTokenSource();
        var wake = task.ContinueWith(_ => done.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var timeout = idle is null ? Timeout.Infinite : (int)(idleEvery ?? TimeSpan.FromMilliseconds(250)).TotalMilliseconds;
        try
        {
            while (!task.IsCompleted)
            {
                if (_messages.TryTake(out var message, timeout, done.Token))
                {
                    write(message);
                }

                idle?.Invoke();
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The task finished while we waited for a message.
        }

        wake.Wait(CancellationToken.None); // so `done` is not disposed under the continuation
        DrainAvailable(write);
    }

    public void Dispose() => _messages.Dispose();
}
