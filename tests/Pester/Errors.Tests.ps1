#Requires -Version 7.4
<#
    Errors: a storage endpoint that answers wrongly (a wrong account name, blob and queue ports swapped, a plain web
    server) is a MediaOps error <Verb><Noun><Condition> naming the endpoint, the status and the fix, never a raw
    RequestFailedException; every parameter a message names exists; -Name patterns are PowerShell's wildcards and a bad
    pattern is an InvalidArgument error.
#>

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
    Import-Module (Get-ModulePath) -Force
    $script:Lab = Start-MediaOpsLab -NoWorker
    $blobPort = $script:Lab.Azurite.BlobPort
    $queuePort = $script:Lab.Azurite.QueuePort
    $key = $script:Lab.KeyA

    # A plain web server: every request gets an HTML 404 page.
    $script:WebPort = Get-FreePort
    $script:Web = Start-ThreadJob -ArgumentList $script:WebPort -ScriptBlock {
        param($port)
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        try {
            while ($true) {
                $pending = $listener.GetContextAsync()
                while (-not $pending.Wait(200)) { }
                $context = $pending.Result
                $body = [Text.Encoding]::UTF8.GetBytes('<html><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>')
                $context.Response.StatusCode = 404
                $context.Response.ContentType = 'text/html'
                $context.Response.OutputStream.Write($body, 0, $body.Length)
                $context.Response.Close()
            }
        }
        finally {
            $listener.Stop()
        }
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while (-not (Test-TcpPort $script:WebPort) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }

    $script:Wrong = @(
        @{ Case = 'a wrong account name'; Status = '404'; Endpoint = "http://127.0.0.1:$blobPort/nosuchaccount"
           ConnectionString = "DefaultEndpointsProtocol=http;AccountName=nosuchaccount;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blobPort/nosuchaccount;QueueEndpoint=http://127.0.0.1:$queuePort/nosuchaccount;" }
        @{ Case = 'blob and queue ports swapped'; Status = '400'; Endpoint = "http://127.0.0.1:$queuePort/dca"
           ConnectionString = "DefaultEndpointsProtocol=http;AccountName=dca;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$queuePort/dca;QueueEndpoint=http://127.0.0.1:$blobPort/dca;" }
        @{ Case = 'a plain web server'; Status = '404'; Endpoint = "http://127.0.0.1:$($script:WebPort)/dca"
           ConnectionString = "DefaultEndpointsProtocol=http;AccountName=dca;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$($script:WebPort)/dca;QueueEndpoint=http://127.0.0.1:$($script:WebPort)/dca;" }
    )
}

AfterAll {
    if ($script:Web) { $script:Web | Stop-Job -PassThru | Remove-Job -Force }
    Stop-MediaOpsLab $script:Lab
}

Describe 'Storage endpoints that answer wrongly' {
    It '<Case>: ConnectMediaAccountStorageRejected naming the endpoint, the status and the fix' -ForEach @(
        @{ Index = 0; Case = 'a wrong account name' }, @{ Index = 1; Case = 'blob and queue ports swapped' }, @{ Index = 2; Case = 'a plain web server' }) {
        $wrong = $script:Wrong[$Index]
        $record = $null
        try { $null = Connect-MediaAccount -Name wrong -ConnectionString $wrong.ConnectionString -ErrorAction Stop }
        catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId 'ConnectMediaAccountStorageRejected' 'Connect-MediaAccount')
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
        $record.Exception.GetType().FullName | Should -Be 'MediaOps.Core.MediaOpsException'
        for ($e = $record.Exception; $e; $e = $e.InnerException) { $e.GetType().Name | Should -Not -Be 'RequestFailedException' }
        $message = $record.Exception.Message
        $message | Should -Match ([regex]::Escape($wrong.Endpoint))
        $message | Should -Match $wrong.Status
        $message | Should -Match 'Check the account name'
        $message | Should -Not -Match '<html|<\?xml|RequestId'
        # The account is not connected, and the default stays what it was.
        (Get-MediaAccount -Default).Name | Should -Be 'dca'
        @(Get-MediaAccount -Name wrong -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Messages name real parameters' {
    It 'every -Parameter in a message of Core or the cmdlets belongs to the command it follows, or else to a MediaOps cmdlet' {
        $all = @{}
        foreach ($command in Get-Command -Module MediaOps) {
            foreach ($parameter in $command.Parameters.Values) { $all[$parameter.Name] = $true; foreach ($alias in $parameter.Aliases) { $all[$alias] = $true } }
        }
        $root = Get-RepoRoot
        $files = Get-ChildItem -Recurse -File -Filter *.cs -Path (Join-Path $root 'src' 'MediaOps.PowerShell'), (Join-Path $root 'src' 'MediaOps.Core') |
            Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]'
        $checked = 0
        $wrong = foreach ($file in $files) {
            $text = Get-Content -Raw -LiteralPath $file.FullName
            foreach ($literal in [regex]::Matches($text, '(?<!\\)"(?:[^"\\\r\n]|\\.)*"')) {
                foreach ($match in [regex]::Matches($literal.Value, '(?<![\w\-])-([A-Z][A-Za-z]+)\b')) {
                    $checked++
                    $name = $match.Groups[1].Value
                    $before = $literal.Value.Substring(0, $match.Index)
                    # The command it follows, when nothing ends the clause in between ('Remove-MediaAsset -Context x -Force',
                    # '(New-TimeSpan -Days 30)'; not 'Pipe it from Copy-MediaAsset, or pass -SourceContext').
                    $last = [regex]::Matches($before, '\b([A-Z][a-z]+-[A-Z][A-Za-z]+)\b') | Select-Object -Last 1
                    $commandName = if ($last -and $before.Substring($last.Index + $last.Length) -notmatch '[,.;:]|\s(or|and|then)\s') { $last.Value }
                    $command = if ($commandName) { Get-Command -Name $commandName -ErrorAction SilentlyContinue }
                    $ok = if ($command) { $command.Parameters.ContainsKey($name) -or @($command.Parameters.Values.Aliases) -contains $name } else { $all.ContainsKey($name) }
                    if (-not $ok) { "$($file.Name): -$name ($(if ($command) { "of $commandName" } else { 'of no MediaOps cmdlet' })) in $($literal.Value)" }
                }
            }
        }
        $checked | Should -BeGreaterThan 20
        @($wrong) | Should -BeNullOrEmpty
    }
}

Describe 'Wildcards' {
    It '<Command> -Name ''x['' is <Command>InvalidArgument, not a raw regex error' -ForEach @(
        @{ Command = 'Get-MediaJob' }, @{ Command = 'Get-MediaAsset' }, @{ Command = 'Get-MediaNotificationEndpoint' },
        @{ Command = 'Get-MediaAccount' }, @{ Command = 'Get-MediaPreset' }, @{ Command = 'Disconnect-MediaAccount' }) {
        $record = $null
        try { $null = & $Command -Name 'x[' -ErrorAction Stop } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -Be (Get-ErrorId (($Command -replace '-', '') + 'InvalidArgument') $Command)
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.Exception.Message | Should -Match 'not a valid wildcard pattern'
        for ($e = $record.Exception; $e; $e = $e.InnerException) { $e.GetType().Name | Should -Not -Be 'RegexParseException' }
    }

    It 'are PowerShell''s: [a-c] ranges, and `[ escapes a bracket' {
        $stamp = [guid]::NewGuid().ToString('N').Substring(0, 6)
        $plain = New-MediaAsset -Path $script:Lab.Mezzanine -Name "clipb-$stamp"
        $bracket = New-MediaAsset -Path $script:Lab.Mezzanine -Name "clip[1]-$stamp"
        @(Get-MediaAsset -Name "clip[a-c]-$stamp").Id | Should -Be @($plain.Id)
        @(Get-MediaAsset -Name "clip``[1``]-$stamp").Id | Should -Be @($bracket.Id)
        @(Get-MediaAsset -Name "CLIP*-$stamp").Count | Should -Be 2
    }
}
