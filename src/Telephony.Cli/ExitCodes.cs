namespace Telephony.Cli;

/// <summary>The tool's exit codes, the same for every command (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>scan</c> found a secret key.</summary>
    public const int SecretsFound = 1;

    /// <summary>Bad arguments or settings: a missing or malformed key, a key given as an argument, a bad option.</summary>
    public const int Usage = 2;

    /// <summary>The API refused the key (401) or its permissions (403).</summary>
    public const int AuthenticationFailed = 3;

    /// <summary>The key is rate limited (429) beyond what the SDK's retries absorb.</summary>
    public const int RateLimited = 4;

    /// <summary>The API could not be reached, or did not answer in time.</summary>
    public const int ConnectionFailed = 5;

    /// <summary>Any other failure: a server error, an unexpected response, git failing.</summary>
    public const int OtherFailure = 6;

    /// <summary>The whole table, for the root command's help.</summary>
    public const string Help =
        "Exit codes: 0 success; 1 scan found a secret key; 2 bad arguments or settings (missing or malformed key, key given as an argument); " +
        "3 key rejected (401) or not permitted (403); 4 rate limited (429); 5 connection failure or timeout; 6 other failure (server error, git failure).";

    public const string ScanHelp = "Exit codes: 0 nothing found; 1 a secret key found; 2 bad arguments; 6 git failed.";

    public const string ApiHelp =
        "Exit codes: 0 success; 2 missing or malformed key or bad settings; 3 key rejected (401/403); 4 rate limited (429); " +
        "5 connection failure or timeout; 6 other failure.";
}
