using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Bailian.Host.Tests.Support;

/// <summary>
/// A host with a user interface, as a console is: it answers ReadLineAsSecureString with <see cref="Answer"/> and
/// counts the prompts. The runspaces of <see cref="HostedPowerShell"/> have none by default ("Default Host"), like a job.
/// </summary>
public sealed class PromptingHost(string answer) : PSHost
{
    private readonly PromptingUI _ui = new(answer);

    public string Answer => _ui.Answer;

    /// <summary>How many times a command asked for a hidden line.</summary>
    public int SecurePrompts => _ui.SecurePrompts;

    /// <summary>What commands wrote through the host.</summary>
    public string Written => _ui.Written.ToString();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "BailianTestHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class PromptingUI(string answer) : PSHostUserInterface
    {
        public string Answer { get; } = answer;
        public int SecurePrompts { get; private set; }
        public System.Text.StringBuilder Written { get; } = new();

        public override PSHostRawUserInterface? RawUI => null;

        public override SecureString ReadLineAsSecureString()
        {
            SecurePrompts++;
            var secure = new SecureString();
            foreach (var c in Answer)
            {
                secure.AppendChar(c);
            }

            return secure;
        }

        public override string ReadLine() => throw new NotSupportedException("only hidden input is answered");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();
        public override void Write(string value) => Written.Append(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Written.Append(value);
        public override void WriteLine(string value) => Written.AppendLine(value);
        public override void WriteDebugLine(string message) { }
        public override void WriteErrorLine(string value) => Written.AppendLine(value);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) => Written.AppendLine(message);
    }
}
