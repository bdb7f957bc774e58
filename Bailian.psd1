@{
    RootModule           = 'Bailian.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0d7c2e-4b1a-4f7e-9a53-2d8e1c0b9a41'
    Author               = 'Bailian contributors'
    CompanyName          = 'Community'
    Copyright            = '(c) 2026 Bailian contributors. MIT License.'
    Description          = 'Alibaba Cloud Model Studio (Bailian / DashScope) image generation and editing from PowerShell: text to image, downloads, CSV batches.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('Bailian.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Bailian'
        'Disconnect-Bailian'
        'Edit-BailianImage'
        'Get-BailianConnection'
        'Get-BailianModel'
        'Get-BailianTask'
        'Import-BailianPrompt'
        'New-BailianImage'
        'Save-BailianImage'
        'Stop-BailianTask'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS', 'Alibaba', 'AlibabaCloud', 'DashScope', 'Bailian', 'ModelStudio', 'Qwen', 'Wan', 'AI', 'ImageGeneration', 'TextToImage', 'ImageEditing')
            ProjectUri   = 'https://github.com/bailian-pwsh/Bailian'
            LicenseUri   = 'https://github.com/bailian-pwsh/Bailian/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: New-BailianImage (text to image, synchronous and asynchronous models, -Async), Edit-BailianImage (editing, multi-image fusion, masks, outpainting, super-resolution; local files inline or uploaded), Get-BailianTask (query, wait, list), Stop-BailianTask, Save-BailianImage, Connect-/Disconnect-Bailian, Get-BailianModel; Import-BailianPrompt (the Python tool''s prompt.txt files) and Connect-Bailian -ConfigFile (its config.json); OpenAI-style gateways (-Protocol OpenAI).'
        }
    }
}
