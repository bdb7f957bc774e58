# The module's help (project issue 10): every cmdlet and parameter has help text in en-US and zh-CN, the
# help lists exactly the parameters the cmdlet has, and every example of the en-US help runs against the
# emulator, as the README's do (Readme.Tests.ps1, the same swap: examples may assume Connect-Bailian ran).
# The help is written by tools/HelpGen from src/Bailian/Help/<culture>/*.md during the build.
#
# Keep this file ASCII: Windows PowerShell 5.1 reads a BOM-less script as ANSI.

BeforeDiscovery {
    $root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $cmdletNames = @((Import-PowerShellDataFile (Join-Path $root 'Bailian.psd1')).CmdletsToExport)
    $script:Cmdlets = @($cmdletNames | ForEach-Object { @{ Name = $_ } })

    # The examples, read from the built en-US help (the file Get-Help reads): one test each.
    $maml = Join-Path $root 'out/Bailian/en-US/Bailian.dll-Help.xml'
    $script:Examples = @()
    if (Test-Path -LiteralPath $maml) {
        $xml = New-Object System.Xml.XmlDocument
        $xml.Load($maml)
        $ns = New-Object System.Xml.XmlNamespaceManager -ArgumentList $xml.NameTable
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        foreach ($command in $xml.SelectNodes('//command:command', $ns)) {
            $name = $command.SelectSingleNode('command:details/command:name', $ns).InnerText
            foreach ($example in $command.SelectNodes('command:examples/command:example', $ns)) {
                $script:Examples += @{
                    Name  = '{0}: {1}' -f $name, ($example.SelectSingleNode('maml:title', $ns).InnerText.Trim('- '))
                    Code  = $example.SelectSingleNode('dev:code', $ns).InnerText
                }
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-BailianTestModule
    $script:HelpFolder = Split-Path -Parent $script:BailianManifestPath

    # The parameters a user types, as Get-Command knows them: not the common ones, not the hidden plumbing.
    function Get-VisibleParameterName {
        param([string] $Name)
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        (Get-Command -Name $Name).Parameters.Values |
            Where-Object { $common -notcontains $_.Name } |
            Where-Object { -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) } |
            ForEach-Object Name | Sort-Object
    }

    # One culture's MAML, as a table: command name -> @{ Synopsis; Description; Parameters (name -> text); Examples (code) }.
    function Read-Maml {
        param([string] $Culture)
        $path = Join-Path (Join-Path $script:HelpFolder $Culture) 'Bailian.dll-Help.xml'
        if (-not (Test-Path -LiteralPath $path)) { throw ('{0} was not built (tools/HelpGen writes it).' -f $path) }
        $xml = New-Object System.Xml.XmlDocument
        $xml.Load($path)
        $ns = New-Object System.Xml.XmlNamespaceManager -ArgumentList $xml.NameTable
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $table = @{}
        foreach ($command in $xml.SelectNodes('//command:command', $ns)) {
            $parameters = @{}
            foreach ($parameter in $command.SelectNodes('command:parameters/command:parameter', $ns)) {
                $parameters[$parameter.SelectSingleNode('maml:name', $ns).InnerText] = $parameter.SelectSingleNode('maml:description', $ns).InnerText.Trim()
            }
            $table[$command.SelectSingleNode('command:details/command:name', $ns).InnerText] = @{
                Synopsis    = $command.SelectSingleNode('command:details/maml:description', $ns).InnerText.Trim()
                Description = $command.SelectSingleNode('maml:description', $ns).InnerText.Trim()
                Parameters  = $parameters
                Examples    = @($command.SelectNodes('command:examples/command:example/dev:code', $ns) | ForEach-Object InnerText)
            }
        }
        return $table
    }
}

Describe 'Help of <Name>' -ForEach $script:Cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
    }

    It 'has a synopsis and a description' {
        # Without MAML, Get-Help makes up a synopsis from the syntax, which starts with the name.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($Name))
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'documents exactly the parameters of the cmdlet' {
        $documented = @($help.parameters.parameter | ForEach-Object name | Sort-Object)
        $declared = @(Get-VisibleParameterName -Name $Name)
        ($documented -join ', ') | Should -Be ($declared -join ', ')
    }

    It 'describes every parameter, with a readable type' {
        foreach ($parameter in @($help.parameters.parameter | Where-Object { $_ })) {
            ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because ('-{0} needs a description' -f $parameter.name)
            $parameter.type.name | Should -Not -Match 'Nullable|`' -Because ('-{0} shows its type as a PowerShell user writes it' -f $parameter.name)
        }
    }

    It 'has inputs, outputs, related links and at least two examples' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        @($help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        @($help.relatedLinks.navigationLink).Count | Should -BeGreaterThan 0
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) { $example.code | Should -Not -BeNullOrEmpty }
    }
}

Describe 'zh-CN help' {
    BeforeAll {
        $english = Read-Maml -Culture 'en-US'
        $chinese = Read-Maml -Culture 'zh-CN'
    }

    It 'has every command, parameter and example of the en-US help, described' {
        $missing = @()
        foreach ($name in $english.Keys) {
            if (-not $chinese.ContainsKey($name)) { $missing += $name; continue }
            $zh = $chinese[$name]
            if (-not $zh.Synopsis) { $missing += ('{0} synopsis' -f $name) }
            if (-not $zh.Description) { $missing += ('{0} description' -f $name) }
            foreach ($parameter in $english[$name].Parameters.Keys) {
                if (-not $zh.Parameters[$parameter]) { $missing += ('{0} -{1}' -f $name, $parameter) }
            }
            foreach ($parameter in $zh.Parameters.Keys) {
                if (-not $english[$name].Parameters.ContainsKey($parameter)) { $missing += ('{0} -{1} (only in zh-CN)' -f $name, $parameter) }
            }
            if (($zh.Examples -join "`n----`n") -cne ($english[$name].Examples -join "`n----`n")) { $missing += ('{0} examples (the same code as en-US)' -f $name) }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'says which parameters take wildcards, as the cmdlets declare them' {
        (Get-Help Get-BailianModel -Parameter Name).globbing | Should -Be 'true'
        (Get-Help Import-BailianPrompt -Parameter Path).globbing | Should -Be 'true'
        (Get-Help Edit-BailianImage -Parameter Image).globbing | Should -Be 'true'
        (Get-Help Import-BailianPrompt -Parameter LiteralPath).globbing | Should -Be 'false'
        (Get-Help Save-BailianImage -Parameter Path).globbing | Should -Be 'false'
    }

    It 'has about_Bailian in both languages, listing every cmdlet' {
        $cmdlets = @(Get-Command -Module Bailian -CommandType Cmdlet | ForEach-Object Name)
        $cmdlets.Count | Should -BeGreaterThan 8
        foreach ($culture in 'en-US', 'zh-CN') {
            $about = Join-Path (Join-Path $script:HelpFolder $culture) 'about_Bailian.help.txt'
            $about | Should -Exist
            $text = Get-Content -LiteralPath $about -Raw -Encoding UTF8
            foreach ($name in $cmdlets) { $text | Should -Match "(?m)^\s+$name\s" -Because "$culture lists $name" }
            # The second protocol and its errors, and the Python tool's files.
            foreach ($topic in '-Protocol OpenAI', 'Bailian.NotOnGateway', 'Bailian.GatewayOnly', 'Bailian.PromptFileInvalid', '-ConfigFile') {
                $text | Should -BeLike "*$topic*" -Because "$culture covers $topic"
            }
        }
    }

    It 'is what Get-Help shows under a Chinese UI culture' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript(@'
param($Manifest)
[System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('zh-CN')
Import-Module $Manifest
(Get-Help New-BailianImage).Synopsis
'@).AddArgument($script:BailianManifestPath)
            $synopsis = @($shell.Invoke()) -join ''
        }
        finally { $shell.Dispose() }
        $synopsis | Should -Match '\p{IsCJKUnifiedIdeographs}'
        $synopsis | Should -Be (Read-Maml -Culture 'zh-CN')['New-BailianImage'].Synopsis
    }
}

Describe 'Help examples (en-US), run against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'ReadmeHelpers.ps1')
        Save-BailianEnvironment
        Start-BailianEmulator
        # A safety net: an example that forgot to connect still reaches the emulator, never DashScope.
        Set-TestEnvironmentVariable -Name 'DASHSCOPE_HTTP_BASE_URL' -Value $script:BeijingApi
        $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ('bailian-help-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:Folder
        $readmeText = [System.IO.File]::ReadAllText((Join-BailianRepoPath 'README.md'), [System.Text.Encoding]::UTF8)
        $csv = [regex]::Match($readmeText, '(?ms)^```csv\r?\n(.*?)^```')
        if (-not $csv.Success) { throw 'README.md has no ```csv block to use as prompts.csv.' }
        New-ExampleFiles -Folder $script:Folder -PromptsCsv $csv.Groups[1].Value
        $script:Shell = New-ReadmeShell -Location $script:Folder
        $null = Invoke-ReadmeScript -Shell $script:Shell -Script ("Import-Module '{0}'" -f $script:BailianManifestPath.Replace("'", "''"))
        # The swap of Readme.Tests.ps1: the emulator's documented address becomes this run's.
        $script:Connect = 'Connect-Bailian -Endpoint {0}cn-beijing/api/v1 -ApiKey sk-emulator-beijing' -f $script:EmulatorBase
    }

    AfterAll {
        Remove-ReadmeShell -Shell $script:Shell
        if (Get-Command -Name 'Stop-BailianEmulator' -ErrorAction SilentlyContinue) {
            Stop-BailianEmulator
            Restore-BailianEnvironment
        }
        if ($script:Folder) { Remove-Item -LiteralPath $script:Folder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It '<Name>' -ForEach $script:Examples {
        # Each example starts connected to the emulator (an example may connect elsewhere, or disconnect).
        $null = Invoke-ReadmeScript -Shell $script:Shell -Script $script:Connect
        $run = Invoke-ReadmeScript -Shell $script:Shell -Script $Code.Replace('http://127.0.0.1:8765/', $script:EmulatorBase)
        $problems = @(Format-ReadmeProblem -Run $run -ReadmeName 'example')
        if ($problems.Count -gt 0) {
            throw ("The example failed ({0} problem(s)):`n{1}" -f $problems.Count, ($problems -join "`n"))
        }
    }
}
