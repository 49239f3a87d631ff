#Requires -Version 7.4
<#
    The main job through the main interface: './build.sh demo' and './build.ps1 demo' (run by the one pwsh running it)
    each stage the module, start Azurite, a worker and two origins, run examples/Failover.ps1 with the cmdlets, check
    playback through both origins and the failover, and stop what they started. Neither needs a pwsh on PATH.
    The demo starts everything it needs; this file starts nothing of its own.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force

    # PATH without any folder that holds a pwsh: the demo must use the repository's own (dotnet tool run pwsh).
    $separator = [IO.Path]::PathSeparator
    $script:PathWithoutPwsh = ($env:PATH -split $separator | Where-Object {
            $_ -and -not (Test-Path -LiteralPath (Join-Path $_ 'pwsh')) -and -not (Test-Path -LiteralPath (Join-Path $_ 'pwsh.exe'))
        }) -join $separator
    $script:Runs = @{}

    # What a demo run showed: its steps (ids and numbers blanked), the URLs Failover.ps1 printed, the URLs the harness
    # checked, and the URL played through origin B after origin A stopped.
    function Read-DemoOutput([string] $Output) {
        $lines = $Output -split "\r?\n"
        $section = ''
        $found = [pscustomobject]@{ Steps = [Collections.Generic.List[string]]::new(); ScriptUrls = @(); HarnessUrls = @(); FailoverPlayed = @() }
        foreach ($line in $lines) {
            if ($line -match '^==> (.*)$') {
                $section = $Matches[1]
                $found.Steps.Add(($section -replace '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<guid>' -replace '\d+', 'N'))
                continue
            }
            if ($line -match '^\s+origin [AB] \((dca|dcb)\)\s+(http\S+)$') {
                if ($section -like 'Locator nb:lid:UUID:*') { $found.ScriptUrls += $Matches[2] }
                elseif ($section -eq 'The streaming URLs differ only in their base URL') { $found.HarnessUrls += $Matches[2] }
            }
            if ($section -like 'Failover: stopping origin A*' -and $line -match '^\s+origin B\s+played (\S+) to the end') { $found.FailoverPlayed += $Matches[1] }
        }
        $found
    }
}

Describe 'The failover demo runs with the cmdlets' {
    It '<Command> runs examples/Failover.ps1 with the staged module, plays through both origins, then through origin B alone' -ForEach @(
        @{ Command = './build.sh demo'; Entry = 'sh' }
        @{ Command = './build.ps1 demo'; Entry = 'ps1' }) {
        $environment = @{ PATH = $PathWithoutPwsh }
        $run = if ($Entry -eq 'sh') {
            Invoke-TestProcess -FilePath (Join-Path (Get-RepoRoot) 'build.sh') -ArgumentList 'demo' -Environment $environment -TimeoutSeconds 600
        }
        else {
            Invoke-FreshPwsh -WorkingDirectory (Get-RepoRoot) -Environment $environment -TimeoutSeconds 600 -Script '& ./build.ps1 demo; exit $LASTEXITCODE'
        }
        $run.ExitCode | Should -Be 0 -Because "$Command succeeds: $($run.Errors) $($run.Output)"
        $shown = Read-DemoOutput $run.Output
        $script:Runs[$Entry] = $shown

        $run.Output | Should -Match ([regex]::Escape("==> Running examples/Failover.ps1 with the staged module (the repository's pwsh: dotnet tool run pwsh)"))
        $shown.ScriptUrls.Count | Should -BeGreaterThan 0 -Because 'Failover.ps1 printed the streaming URLs of the replicated locator'
        ($shown.HarnessUrls | Sort-Object) | Should -Be ($shown.ScriptUrls | Sort-Object) -Because 'the harness checks the URLs that Failover.ps1 produced'
        $shown.FailoverPlayed.Count | Should -Be 1
        $shown.FailoverPlayed[0] | Should -BeIn $shown.ScriptUrls
        $shown.Steps[-2] | Should -Be 'Done: the stream kept playing from datacenter B under the same locator id'
        $run.Output | Should -Not -Match 'AccountKey=|sig='
    }

    It './build.sh demo and ./build.ps1 demo go through the same steps' {
        $Runs.Keys | Should -HaveCount 2 -Because 'both demo runs above completed'
        $Runs['ps1'].Steps | Should -Be $Runs['sh'].Steps
    }
}
