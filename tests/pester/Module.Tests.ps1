# The module as PowerShell itself sees it: what it exports, how its parameters bind, which views it
# registers. No emulator needed here.

Describe 'The Bailian module' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        Initialize-BailianTestSession -NoEmulator

        # The manifest is the contract: it must export exactly what the DLL defines, and PowerShell must see those.
        $script:ExpectedCommands = @((Import-PowerShellDataFile -Path $script:BailianManifestPath).CmdletsToExport | Sort-Object)
        # Settings of the whole command, deliberately not bound from CSV columns: a row never chooses where
        # the key is sent, nor the batch's timeouts and retries.
        $script:CommandSettings = @('ThrottleLimit', 'Ordered', 'ResumeFrom', 'ResendOutcomeUnknown', 'ResponseFormat', 'ApiKey', 'Protocol', 'Region', 'Endpoint', 'Workspace', 'TimeoutSec', 'MaxRetryCount')
        # Listed rather than read from [Cmdlet]::CommonParameters so the test does not depend on the PowerShell version.
        $script:CommonParameterNames = @(
            'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
            'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer',
            'PipelineVariable', 'WhatIf', 'Confirm', 'UseTransaction'
        )

        function Get-ParameterAttribute {
            param([string] $CommandName, [string] $ParameterName)

            $parameter = (Get-Command -Name $CommandName).Parameters[$ParameterName]
            if ($null -eq $parameter) { return }
            $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
        }
    }

    AfterAll {
        if (Get-Command -Name 'Complete-BailianTestSession' -ErrorAction SilentlyContinue) { Complete-BailianTestSession }
    }

    It 'is imported from out/Bailian' {
        $module = @(Get-Module -Name 'Bailian')
        $module.Count | Should -Be 1
        $expectedBase = Split-Path -Parent $script:BailianManifestPath
        $module[0].ModuleBase.TrimEnd('\', '/') | Should -Be $expectedBase.TrimEnd('\', '/')
    }

    It 'exports exactly the cmdlets its manifest lists, and only cmdlets' {
        # Every cmdlet class in the DLL is listed, and nothing else.
        $defined = @($script:BailianModule.ImplementingAssembly.GetTypes() |
                Where-Object { $_.IsDefined([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; '{0}-{1}' -f $a.VerbName, $a.NounName } |
                Sort-Object)
        ($defined -join ', ') | Should -Be ($script:ExpectedCommands -join ', ')
        $names = @(Get-Command -Module 'Bailian' | ForEach-Object { $_.Name } | Sort-Object)
        ($names -join ', ') | Should -Be ($script:ExpectedCommands -join ', ')
        @(Get-Command -Module 'Bailian' -CommandType Cmdlet).Count | Should -Be $script:ExpectedCommands.Count
    }

    It 'makes -Prompt of New-BailianImage a mandatory string at position 0' {
        $parameter = (Get-Command -Name 'New-BailianImage').Parameters['Prompt']
        $parameter | Should -Not -BeNullOrEmpty
        $parameter.ParameterType | Should -Be ([string])
        $attributes = @(Get-ParameterAttribute -CommandName 'New-BailianImage' -ParameterName 'Prompt')
        @($attributes | Where-Object { $_.Mandatory -and $_.Position -eq 0 }).Count | Should -BeGreaterThan 0
    }

    It 'binds -Prompt by value and by property name' {
        $attributes = @(Get-ParameterAttribute -CommandName 'New-BailianImage' -ParameterName 'Prompt')
        @($attributes | Where-Object { $_.ValueFromPipeline }).Count | Should -BeGreaterThan 0
        @($attributes | Where-Object { $_.ValueFromPipelineByPropertyName }).Count | Should -BeGreaterThan 0
    }

    It 'supports -WhatIf and -Confirm on New-BailianImage' {
        $parameters = (Get-Command -Name 'New-BailianImage').Parameters
        $parameters.ContainsKey('WhatIf') | Should -BeTrue
        $parameters.ContainsKey('Confirm') | Should -BeTrue
    }

    It 'has the documented New-BailianImage parameters' {
        $parameters = (Get-Command -Name 'New-BailianImage').Parameters
        $expected = @('Prompt', 'NegativePrompt', 'Model', 'Size', 'Count', 'Seed', 'PromptExtend', 'Watermark',
            'Name', 'ApiKey', 'Region', 'Endpoint', 'TimeoutSec', 'MaxRetryCount')
        $missing = @($expected | Where-Object { -not $parameters.ContainsKey($_) })
        ($missing -join ', ') | Should -BeNullOrEmpty
        $parameters['Count'].Aliases | Should -Contain 'n'
        $parameters['ApiKey'].ParameterType | Should -Be ([System.Security.SecureString])
    }

    It 'binds every New-BailianImage parameter by property name, so CSV columns reach them' {
        $command = Get-Command -Name 'New-BailianImage'
        $notByName = @()
        foreach ($parameter in $command.Parameters.Values) {
            if ($script:CommonParameterNames -contains $parameter.Name) { continue }
            if ($script:CommandSettings -contains $parameter.Name) { continue }
            $attributes = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
            # A hidden (DontShow) parameter is plumbing, such as the piped row itself, not a user-facing column.
            if (@($attributes | Where-Object { $_.DontShow }).Count -gt 0) { continue }
            if (@($attributes | Where-Object { $_.ValueFromPipelineByPropertyName }).Count -eq 0) { $notByName += $parameter.Name }
        }
        ($notByName -join ', ') | Should -BeNullOrEmpty
    }

    It 'has the documented Save-BailianImage parameters' {
        $parameters = (Get-Command -Name 'Save-BailianImage').Parameters
        $missing = @(@('InputObject', 'Url', 'Path', 'FileName', 'Force') | Where-Object { -not $parameters.ContainsKey($_) })
        ($missing -join ', ') | Should -BeNullOrEmpty
        $attributes = @(Get-ParameterAttribute -CommandName 'Save-BailianImage' -ParameterName 'InputObject')
        @($attributes | Where-Object { $_.ValueFromPipeline }).Count | Should -BeGreaterThan 0
    }

    It 'lists qwen-image-plus with its sizes and limits' {
        $names = @(Get-BailianModel | ForEach-Object { $_.Name })
        $names | Should -Contain 'qwen-image-plus'

        $plus = @(Get-BailianModel -Name 'qwen-image-plus')
        $plus.Count | Should -Be 1
        $plus[0].PSObject.TypeNames | Should -Contain 'Bailian.ModelInfo'
        $plus[0].DefaultSize | Should -Be '1664*928'
        foreach ($size in @('1664*928', '1472*1104', '1328*1328', '1104*1472', '928*1664')) {
            @($plus[0].Sizes) | Should -Contain $size
        }
        $plus[0].MinCount | Should -Be 1
        $plus[0].MaxCount | Should -Be 1
        @($plus[0].Regions) | Should -Contain 'cn-beijing'
        $plus[0].MaxPromptLength | Should -BeGreaterThan 0
    }

    It 'registers default views for ImageResult, ImageTask and ModelInfo' {
        foreach ($typeName in @('Bailian.ImageResult', 'Bailian.ImageTask', 'Bailian.ModelInfo')) {
            Get-FormatData -TypeName $typeName | Should -Not -BeNullOrEmpty -Because "$typeName needs a default view"
        }
    }

    It 'shows models as a table without formatting errors' {
        $text = Get-BailianModel | Format-Table -DisplayError | Out-String -Width 250
        $text | Should -Match 'qwen-image-plus'
        $text | Should -Match 'DefaultSize'
        $text | Should -Match 'Regions'
        $text | Should -Match 'cn-beijing'
        $text | Should -Not -Match '#ERR'
    }
}
