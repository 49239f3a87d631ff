<#
    What every Pester test file of the module shares: the staged module's path, and the real services the tests run
    against, each started on free 127.0.0.1 ports and stopped by its process id:
      - Azurite with the accounts dca and dcb (two "datacenters"; one instance, so copies between them are server-side),
      - a 'mediaops worker' for an account,
      - a 'mediaops origin' over an account,
      - a small test mezzanine made by ffmpeg,
      - a fresh pwsh process (the repository's, from NuGet) for tests that need a clean session.

    A test file imports it in its BeforeAll:
        Import-Module (Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1') -Force
        $lab = Start-MediaOpsLab                 # the module imported, Azurite + dca/dcb connected, a worker on dca, a mezzanine
        ...
    and stops everything in AfterAll:
        Stop-MediaOpsLab $lab
#>
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '..' '..')).Path

function Get-RepoRoot { $script:RepoRoot }

<# The staged module folder (out/MediaOps), as Invoke-MediaOpsPester.ps1 passes it, or the default. #>
function Get-ModulePath {
    $path = if ($env:MEDIAOPS_MODULE_PATH) { $env:MEDIAOPS_MODULE_PATH } else { Join-Path $script:RepoRoot 'out' 'MediaOps' }
    if (-not (Test-Path -LiteralPath (Join-Path $path 'MediaOps.psd1'))) {
        throw "The staged module is not at $path. Run './build.sh stage' first."
    }
    $path
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-TcpPort([int] $Port) {
    $client = [System.Net.Sockets.TcpClient]::new()
    try { $client.Connect([System.Net.IPAddress]::Loopback, $Port); $true } catch { $false } finally { $client.Dispose() }
}

function New-AccountKey { [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(64)) }

function New-TestQueueName([string] $Prefix = 'q') { "$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 12))" }

function New-TestDirectory([string] $Prefix = 'mediaops-pester') {
    $path = Join-Path ([IO.Path]::GetTempPath()) ("$Prefix-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    (New-Item -ItemType Directory -Path $path -Force).FullName
}

<# The FullyQualifiedErrorId PowerShell gives an error record written by a MediaOps cmdlet. #>
function Get-ErrorId([string] $Id, [string] $Cmdlet) {
    $type = ($Cmdlet -replace '-', '') + 'Command'
    "$Id,MediaOps.PowerShell.Commands.$type"
}

<# Starts a process with its output in log files under $Directory (so it never blocks on a full pipe). #>
function Start-LoggedProcess {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [Parameter(Mandatory)] [string[]] $Arguments,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Directory,
        [hashtable] $Environment = @{}
    )
    $quoted = $Arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    try {
        Start-Process -FilePath $FilePath -ArgumentList $quoted -WorkingDirectory $Directory -NoNewWindow -PassThru `
            -RedirectStandardOutput (Join-Path $Directory "$Name.out.log") -RedirectStandardError (Join-Path $Directory "$Name.err.log")
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
}

function Get-ProcessLog([string] $Directory, [string] $Name) {
    (Get-ChildItem -Path $Directory -Filter "$Name.*.log" | ForEach-Object { Get-Content -Raw -LiteralPath $_.FullName }) -join "`n"
}

<# Kills a process started here (and its children), by its id, and waits for it to go. #>
function Stop-TestProcess($Process) {
    if ($Process -and -not $Process.HasExited) {
        $Process.Kill($true)
        $null = $Process.WaitForExit(10000)
    }
}

function Get-ConnectionString([string] $Account, [string] $Key, [int] $BlobPort, [int] $QueuePort) {
    "DefaultEndpointsProtocol=http;AccountName=$Account;AccountKey=$Key;" +
    "BlobEndpoint=http://127.0.0.1:$BlobPort/$Account;QueueEndpoint=http://127.0.0.1:$QueuePort/$Account;"
}

<#
    Starts Azurite (in memory) with the given accounts on free ports. Returns an object with Process, BlobPort,
    QueuePort, Keys (account -> key), ConnectionStrings (account -> connection string) and Directory.
#>
function Start-TestAzurite {
    param([string[]] $Account = @('dca', 'dcb'), [Parameter(Mandatory)] [string] $Directory, [string] $Name = 'azurite')
    $azurite = Join-Path $script:RepoRoot 'node_modules' '.bin' 'azurite'
    if (-not (Test-Path -LiteralPath $azurite)) { throw "Azurite is not installed at $azurite. Run 'npm ci' in $script:RepoRoot." }
    $keys = [ordered]@{}
    foreach ($a in $Account) { $keys[$a] = New-AccountKey }
    $blobPort = Get-FreePort
    $queuePort = Get-FreePort
    $tablePort = Get-FreePort
    $accounts = ($keys.Keys | ForEach-Object { "${_}:$($keys[$_])" }) -join ';'
    $process = Start-LoggedProcess -FilePath $azurite -Name $Name -Directory $Directory -Environment @{ AZURITE_ACCOUNTS = $accounts } -Arguments @(
        '--blobHost', '127.0.0.1', '--blobPort', "$blobPort",
        '--queueHost', '127.0.0.1', '--queuePort', "$queuePort",
        '--tableHost', '127.0.0.1', '--tablePort', "$tablePort",
        '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent')
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not ((Test-TcpPort $blobPort) -and (Test-TcpPort $queuePort))) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            Stop-TestProcess $process
            throw "Azurite did not start listening: $(Get-ProcessLog $Directory $Name)"
        }
        Start-Sleep -Milliseconds 100
    }
    $connectionStrings = [ordered]@{}
    foreach ($a in $keys.Keys) { $connectionStrings[$a] = Get-ConnectionString $a $keys[$a] $blobPort $queuePort }
    [pscustomobject]@{
        Process = $process; BlobPort = $blobPort; QueuePort = $queuePort
        Keys = $keys; ConnectionStrings = $connectionStrings; Directory = $Directory
    }
}

<# The built 'mediaops' host (src/MediaOps.Host, Release, else Debug). #>
function Get-HostDll {
    $dll = @('Release', 'Debug') |
        ForEach-Object { Join-Path $script:RepoRoot 'src' 'MediaOps.Host' 'bin' $_ 'net10.0' 'mediaops.dll' } |
        Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if (-not $dll) { throw "The mediaops host is not built (src/MediaOps.Host/bin/Release/net10.0/mediaops.dll). Run 'dotnet build MediaOps.sln -c Release'." }
    $dll
}

<# Starts 'mediaops worker' for one account. The connection string goes through the environment, not the command line. #>
function Start-TestWorker {
    param([Parameter(Mandatory)] [string] $ConnectionString, [Parameter(Mandatory)] [string] $Directory, [string] $Name = 'worker')
    $process = Start-LoggedProcess -FilePath 'dotnet' -Name $Name -Directory $Directory `
        -Environment @{ MEDIAOPS_CONNECTION_STRING = $ConnectionString } -Arguments @(
            (Get-HostDll), 'worker', '--name', $Name, '--work-directory', (Join-Path $Directory "$Name-work"))
    Start-Sleep -Milliseconds 300
    if ($process.HasExited) { throw "The worker exited at once: $(Get-ProcessLog $Directory $Name)" }
    $process
}

<# Starts 'mediaops origin' over one account on a free port; returns an object with Process and BaseUrl once /healthz answers. #>
function Start-TestOrigin {
    param([Parameter(Mandatory)] [string] $ConnectionString, [Parameter(Mandatory)] [string] $Directory, [string] $Name = 'origin')
    $port = Get-FreePort
    $process = Start-LoggedProcess -FilePath 'dotnet' -Name $Name -Directory $Directory `
        -Environment @{ MEDIAOPS_CONNECTION_STRING = $ConnectionString } -Arguments @(
            (Get-HostDll), 'origin', '--urls', "http://127.0.0.1:$port")
    $baseUrl = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        try {
            $null = Invoke-WebRequest -Uri "$baseUrl/healthz" -TimeoutSec 5
            break
        }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                Stop-TestProcess $process
                throw "The origin did not become healthy: $(Get-ProcessLog $Directory $Name)"
            }
            Start-Sleep -Milliseconds 200
        }
    }
    [pscustomobject]@{ Process = $process; BaseUrl = $baseUrl }
}

<# A short test mezzanine (H.264 + AAC) made by ffmpeg. #>
function New-TestMezzanine {
    param([Parameter(Mandatory)] [string] $Path, [int] $Seconds = 5, [string] $Size = '640x360')
    $ffmpeg = if ($env:MEDIAOPS_FFMPEG) { $env:MEDIAOPS_FFMPEG } else { 'ffmpeg' }
    & $ffmpeg -nostdin -hide_banner -loglevel error -y `
        -f lavfi -i "testsrc2=size=${Size}:rate=25:duration=$Seconds" `
        -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$Seconds" `
        -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 50 -c:a aac -b:a 96k -movflags +faststart $Path
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $Path)) { throw "ffmpeg could not make the test mezzanine (exit code $LASTEXITCODE)." }
    $Path
}

<#
    The lab most test files need: the staged module imported into the session, Azurite with dca and dcb, both connected
    (dca last, so it is the session default), a worker on dca only (jobs in dcb stay Queued), and a 5-second mezzanine.
    -NoWorker leaves the worker out. Returns an object with ModulePath, Directory, Azurite, BlobPort, QueuePort, Worker,
    Mezzanine, ConnectionStringA/B, KeyA/B and the two accounts A and B.
#>
function Start-MediaOpsLab {
    param([switch] $NoWorker)
    $modulePath = Get-ModulePath
    Import-Module $modulePath -Force -Global -ErrorAction Stop
    $directory = New-TestDirectory
    $lab = [pscustomobject]@{
        ModulePath = $modulePath; Directory = $directory; Azurite = $null; BlobPort = 0; QueuePort = 0; Worker = $null; Mezzanine = $null
        ConnectionStringA = $null; ConnectionStringB = $null; KeyA = $null; KeyB = $null; A = $null; B = $null
    }
    try {
        $azurite = Start-TestAzurite -Directory $directory
        $lab.Azurite = $azurite
        $lab.BlobPort = $azurite.BlobPort
        $lab.QueuePort = $azurite.QueuePort
        $lab.ConnectionStringA = $azurite.ConnectionStrings['dca']
        $lab.ConnectionStringB = $azurite.ConnectionStrings['dcb']
        $lab.KeyA = $azurite.Keys['dca']
        $lab.KeyB = $azurite.Keys['dcb']
        if (-not $NoWorker) { $lab.Worker = Start-TestWorker -ConnectionString $lab.ConnectionStringA -Directory $directory -Name 'dca' }
        $lab.Mezzanine = New-TestMezzanine -Path (Join-Path $directory 'mezzanine.mp4')
        $lab.B = Connect-MediaAccount -Name dcb -ConnectionString $lab.ConnectionStringB
        $lab.A = Connect-MediaAccount -Name dca -ConnectionString $lab.ConnectionStringA
    }
    catch {
        Stop-MediaOpsLab $lab
        throw
    }
    $lab
}

function Stop-MediaOpsLab($Lab) {
    if (-not $Lab) { return }
    Stop-TestProcess $Lab.Worker
    if ($Lab.Azurite) { Stop-TestProcess $Lab.Azurite.Process }
    if ($Lab.Directory) { Remove-Item -LiteralPath $Lab.Directory -Recurse -Force -ErrorAction SilentlyContinue }
}

<#
    Runs a script in a fresh process of this same pwsh (the repository's, from NuGet) with -NoProfile -NonInteractive;
    returns an object with ExitCode, Output (stdout) and Errors (stderr). Arguments reach the script as $args. -Environment
    sets variables of the new process only (connection strings travel there, never on a command line); -WorkingDirectory
    is where it starts (by default a temporary folder of its own).
#>
function Invoke-FreshPwsh {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 300,
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory
    )
    $directory = New-TestDirectory 'mediaops-pwsh'
    try {
        $scriptPath = Join-Path $directory 'script.ps1'
        Set-Content -LiteralPath $scriptPath -Value $Script
        $processPath = [Environment]::ProcessPath
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $scriptPath) + $ArgumentList
        # A pwsh hosted as a .NET tool runs as 'dotnet pwsh.dll'.
        if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') { $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments }
        $cwd = if ($WorkingDirectory) { $WorkingDirectory } else { $directory }
        Invoke-TestProcess -FilePath $processPath -ArgumentList $arguments -WorkingDirectory $cwd -Environment $Environment -TimeoutSeconds $TimeoutSeconds
    }
    finally {
        Remove-Item -LiteralPath $directory -Recurse -Force -ErrorAction SilentlyContinue
    }
}

<#
    Runs a program to its end with its output captured; returns an object with ExitCode, Output (stdout) and Errors
    (stderr). A program still running after -TimeoutSeconds is killed (with its children) and the call throws.
#>
function Invoke-TestProcess {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [string] $WorkingDirectory = $script:RepoRoot,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $info.ArgumentList.Add($a) }
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string] $Environment[$key] }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.RedirectStandardInput = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = $WorkingDirectory
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $process.StandardInput.Close()
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "$FilePath $($ArgumentList -join ' ') did not finish within $TimeoutSeconds s. Output so far: $($stdout.Result)"
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Errors = $stderr.Result }
    }
    finally {
        $process.Dispose()
    }
}

<#
    The folder of an older Azure SDK (Azure.Core 1.38.0, Azure.Storage.Blobs 12.19.1: tests/Pester/Fixtures/OlderAzureSdk,
    published by the test task into .build/older-azure-sdk and passed in $env:MEDIAOPS_OLDER_AZURE_SDK).
#>
function Get-OlderAzureSdkPath {
    $path = if ($env:MEDIAOPS_OLDER_AZURE_SDK) { $env:MEDIAOPS_OLDER_AZURE_SDK } else { Join-Path $script:RepoRoot '.build' 'older-azure-sdk' }
    if (-not (Test-Path -LiteralPath (Join-Path $path 'Azure.Core.dll'))) {
        throw "The older Azure SDK is not at $path. './build.sh pester' publishes tests/Pester/Fixtures/OlderAzureSdk there."
    }
    (Resolve-Path -LiteralPath $path).Path
}

<#
    Runs $Script in a new runspace of this process and returns what it wrote: Output, and the records of the Error,
    Warning, Verbose, Debug, Information and Progress streams (progress cannot be redirected, and a nested pipeline of
    this runspace would send these streams to the host). The runspace first imports the staged module and this kit,
    sets $Variables as global variables (the script reads them as $name or $script:name), connects the lab's accounts
    dcb then dca (dca is the default) when -Lab is given, and shows Verbose, Debug and Progress; errors do not stop it.
#>
function Invoke-CapturedStreams {
    param([Parameter(Mandatory)] [scriptblock] $Script, [hashtable] $Variables = @{}, $Lab)
    $ps = [powershell]::Create()
    try {
        $setup = {
            param($modulePath, $kitPath, $variables, $lab)
            Import-Module $modulePath
            Import-Module $kitPath
            foreach ($name in $variables.Keys) { Set-Variable -Name $name -Value $variables[$name] -Scope Global }
            if ($lab) {
                $null = Connect-MediaAccount -Name dcb -ConnectionString $lab.ConnectionStringB
                $null = Connect-MediaAccount -Name dca -ConnectionString $lab.ConnectionStringA
            }
        }
        $null = $ps.AddScript($setup.ToString()).AddArgument((Get-ModulePath)).AddArgument((Join-Path $PSScriptRoot 'MediaOps.TestKit.psm1')).AddArgument($Variables).AddArgument($Lab)
        $null = $ps.Invoke()
        if ($ps.HadErrors) { throw "The runspace could not be set up: $($ps.Streams.Error | Out-String)" }
        $ps.Commands.Clear()
        $ps.Streams.ClearStreams()
        $preferences = '$ErrorActionPreference = "Continue"; $VerbosePreference = "Continue"; $DebugPreference = "Continue"; ' +
            '$ProgressPreference = "Continue"; $WarningPreference = "Continue"; $InformationPreference = "Continue"' + [Environment]::NewLine
        $null = $ps.AddScript($preferences + $Script.ToString())
        $output = @($ps.Invoke())
        [pscustomobject]@{
            Output = $output; Errors = @($ps.Streams.Error); Warnings = @($ps.Streams.Warning); Verbose = @($ps.Streams.Verbose)
            Debug = @($ps.Streams.Debug); Information = @($ps.Streams.Information); Progress = @($ps.Streams.Progress)
        }
    }
    finally {
        $ps.Dispose()
    }
}

Export-ModuleMember -Function *
