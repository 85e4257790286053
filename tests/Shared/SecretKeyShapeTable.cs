namespace Telephony.Sdk.Tests.Shared;

/// <summary>
/// One table of key shapes, checked both ways: the run-time parser (tests/Telephony.Sdk.Tests/Keys) must take every key
/// here as secret and no word of the text without a key; the build-time checks (tests/Telephony.Sdk.Analyzers.Tests)
/// must flag every key and nothing else. Linked into both test projects.
/// </summary>
internal static class SecretKeyShapeTable
{
    /// <summary>Strings the run-time parser accepts, whole, as secret keys.</summary>
    public static readonly string[] SecretKeys =
    [
        "sk_test_support_0000000000000001",
        "sk_test_myapp_low_balance_0001",
        "sk_test_marketing_00000000000001",
        "sk_live_abc123",
        "sk_live_abc123...",
        "sk_test_x",
        "sk_live_0123456789abcdef0123456789abcdef",
        "sk_test_a-b.c~d/e+f=g",
        "sk_live_AbCd_1234-WXYZ",
    ];

    /// <summary>Text with a secret key inside (a header, JSON, XML, a .env line, a query string, prose), and that key.</summary>
    public static readonly (string Text, string Key)[] TextWithKey =
    [
        ("Bearer sk_live_abcdefgh12345678", "sk_live_abcdefgh12345678"),
        ("{ \"ApiKey\": \"sk_test_support_0000000000000001\" }", "sk_test_support_0000000000000001"),
        ("TELEPHONY_API_KEY=sk_test_myapp_low_balance_0001", "sk_test_myapp_low_balance_0001"),
        ("<ApiKey>sk_live_abc</ApiKey>", "sk_live_abc"),
        ("key=sk_test_12345678&x=1", "sk_test_12345678"),
        ("ApiKey: 'sk_test_abcd'", "sk_test_abcd"),
        ("Use sk_test_abc123.", "sk_test_abc123"),
        ("task_live_x sk_test_abcd1234WXYZ", "sk_test_abcd1234WXYZ"),
        ("-sk_live_abcd1234WXYZ", "sk_live_abcd1234WXYZ"),
    ];

    /// <summary>Text that holds no secret key: prose about keys, words that merely contain a prefix, other kinds of key.</summary>
    public static readonly string[] NoKey =
    [
        "",
        "sk_",
        "sk_live_",
        "sk_test_",
        "\"sk_live_\"",
        "Keys look like sk_live_… or sk_test_…",
        "sk_live_…c123",
        "Secret keys start with sk_live_.",
        "sk_live_ keys have full access; sk_test_ keys are for tests",
        "task_live_abcd1234WXYZ",
        "disk_test_abcd1234WXYZ",
        "my_sk_test_abcd1234WXYZ",
        "sk1_live_abcd1234WXYZ",
        "sk_prod_abcd1234WXYZ",
        "SK_LIVE_ABCD1234WXYZ",
        "sk_Test_abcd1234WXYZ",
        "pk_live_abcd1234WXYZ",
        "pk_test_abcd1234WXYZ",
    ];

    /// <summary>What ends a word in text besides white space: quotes, brackets, separators and sentence punctuation.</summary>
    public static readonly char[] WordBoundaries = ['"', '\'', '`', '(', ')', '[', ']', '{', '}', '<', '>', ',', ';', '&', '.', ':', '!', '?'];
}
