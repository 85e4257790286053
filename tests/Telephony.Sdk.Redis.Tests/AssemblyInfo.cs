using Telephony.Sdk.Redis.Tests.Support;

[assembly: AssemblyFixture(typeof(TestRedis))]
