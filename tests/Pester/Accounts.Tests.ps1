#Requires -Version 7.4
<#
    Connect-MediaAccount: connection strings, Azurite, wrong keys, unreachable storage, the session default.
    Azurite with dca and dcb; no worker.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    $script:Lab = Start-MediaOpsLab -NoWorker   # imports the staged module
}

AfterAll { Stop-MediaOpsLab $script:Lab }

Describe 'Connect-MediaAccount' {
    It 'connects with a connection string, returns the account and makes it the session default, never showing the key' {
        $verbose = Connect-MediaAccount -Name dca -ConnectionString $Lab.ConnectionStringA -Verbose 4>&1
        $context = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $context.Count | Should -Be 1
        $context[0].GetType().FullName | Should -Be 'MediaOps.PowerShell.MediaAccount'
        $context[0].Name | Should -Be 'dca'
        $context[0].StorageAccountName | Should -Be 'dca'
        $context[0].Authentication.ToString() | Should -Be 'ConnectionString'

        $shown = ($verbose | Out-String) + ($context[0] | Format-Table | Out-String) + ($context[0] | Format-List | Out-String)
        $shown | Should -Not -Match ([regex]::Escape($Lab.KeyA))

        # No -Context: the session default is used.
        { Get-MediaAsset -ErrorAction Stop } | Should -Not -Throw
    }

    It 'connects to Azurite with -Local' {
        $context = Connect-MediaAccount -Local -Name local-dcb -AccountName dcb -AccountKey $Lab.KeyB -BlobPort $Lab.BlobPort -QueuePort $Lab.QueuePort
        try {
            $context.Authentication.ToString() | Should -Be 'Local'
            $context.BlobEndpoint.ToString() | Should -BeLike "http://127.0.0.1:$($Lab.BlobPort)/dcb*"
        }
        finally {
            $null = $Lab.A | Connect-MediaAccount   # dca is the default again
        }
    }

    It 'fails fast with ConnectMediaAccountAuthenticationFailed on a wrong key, without showing the key' {
        $wrongKey = New-AccountKey
        $wrong = Get-ConnectionString 'dca' $wrongKey $Lab.BlobPort $Lab.QueuePort
        $record = { Connect-MediaAccount -ConnectionString $wrong } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'ConnectMediaAccountAuthenticationFailed' 'Connect-MediaAccount')
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.Exception.Message | Should -Not -Match ([regex]::Escape($wrongKey))
        # A failed connect leaves the default alone.
        { Get-MediaAsset -ErrorAction Stop } | Should -Not -Throw
    }

    It 'reports an endpoint nobody listens on as ConnectMediaAccountStorageUnreachable' {
        $closedPort = Get-FreePort
        $record = { Connect-MediaAccount -ConnectionString (Get-ConnectionString 'dca' $Lab.KeyA $closedPort $closedPort) } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'ConnectMediaAccountStorageUnreachable' 'Connect-MediaAccount')
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'keeps the default account per runspace: a new runspace has none and says to connect' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath)
                    Import-Module $ModulePath
                    try { Get-MediaJob -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
                }).AddArgument($Lab.ModulePath)
            $out = $ps.Invoke()
        }
        finally {
            $ps.Dispose()
        }
        $out[0] | Should -Be (Get-ErrorId 'GetMediaJobNoContext' 'Get-MediaJob')
        $out[1] | Should -Be 'No media account is connected. Run Connect-MediaAccount first.'
    }
}
