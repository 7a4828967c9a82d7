namespace Backprop.Tests.Models;

/// <summary>Tests that depend on automatic layer names or the global seed run one at a time.</summary>
[CollectionDefinition("Session", DisableParallelization = true)]
public class SessionCollection;
