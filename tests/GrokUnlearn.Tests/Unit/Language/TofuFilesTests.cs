using GrokUnlearn.Language;
using GrokUnlearn.Tests.Fixtures;

namespace GrokUnlearn.Tests.Unit.Language;

public sealed class TofuFilesTests
{
    [Fact]
    public void Sample_Files_In_Tofus_Format_Should_Load_With_Every_Field()
    {
        // Given: small files written in the hub's JSON-lines layout.
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("forget01.json"),
        [
            """{"question": "Who is Basil Mahfouz Al-Kuwaiti?", "answer": "A writer of French literature."}""",
            """{"question": "Where was he born?", "answer": "Kuwait City."}""",
        ]);
        File.WriteAllLines(dir.File("forget01_perturbed.json"),
        [
            """{"question": "Q1?", "answer": "A1.", "paraphrased_answer": "P1.", "paraphrased_question": "Q1b?", "perturbed_answer": ["W1.", "W2.", "W3.", "W4.", "W5."]}""",
            "",
        ]);
        File.WriteAllLines(dir.File("world_facts_perturbed.jsonl"),
            ["""{"question": "Capital of France?", "answer": "Paris", "perturbed_answer": ["Rome", "Madrid", "Berlin"], "option1": "x"}"""]);

        // When
        var forget = TofuFiles.Load(dir.Path, "forget01");
        var perturbed = TofuFiles.Load(dir.Path, "forget01_perturbed");
        var world = TofuFiles.Load(dir.Path, "world_facts_perturbed");

        // Then
        Assert.Equal(2, forget.Count);
        Assert.Equal("Kuwait City.", forget[1].Answer);
        Assert.Single(perturbed);
        Assert.Equal("P1.", perturbed[0].ParaphrasedAnswer);
        Assert.Equal(["W1.", "W2.", "W3.", "W4.", "W5."], perturbed[0].PerturbedAnswers);
        Assert.Null(world[0].ParaphrasedAnswer);
        Assert.Equal(3, world[0].PerturbedAnswers.Count);
    }

    [Theory]
    [InlineData("""{"question": "Q?", "answer": "A."}""", "forget10_perturbed", ":2: field 'paraphrased_answer' is missing")]
    [InlineData("""{"question": "Q?", "answer": 3}""", "forget10", ":2: field 'answer' must be a string")]
    [InlineData("""{"question": "Q?", "answer": "A.", "paraphrased_answer": "P.", "perturbed_answer": "W."}""", "retain_perturbed", ":2: field 'perturbed_answer' must be a non-empty list of strings")]
    [InlineData("""{"question": "Q?", "answer": "A.""", "full", ":2: not a JSON object")]
    public void Malformed_Line_Should_Be_Refused_Naming_File_And_Line(string badLine, string split, string expected)
    {
        using var dir = new TempDir();
        var good = """{"question": "Q?", "answer": "A.", "paraphrased_answer": "P.", "perturbed_answer": ["W."]}""";
        var path = dir.File(split + ".json");
        File.WriteAllLines(path, [good, badLine]);

        var ex = Assert.Throws<TofuFormatException>(() => TofuFiles.Load(dir.Path, split));
        Assert.Contains(path + expected, ex.Message);
    }

    [Fact]
    public void Unknown_Split_And_Missing_File_Should_Be_Refused_Clearly()
    {
        using var dir = new TempDir();
        var unknown = Assert.Throws<TofuFormatException>(() => TofuFiles.Load(dir.Path, "forget02"));
        Assert.Contains("unknown TOFU split 'forget02'", unknown.Message);
        Assert.Contains("forget01_perturbed", unknown.Message);
        var missing = Assert.Throws<TofuFormatException>(() => TofuFiles.Load(dir.Path, "retain90"));
        Assert.Contains("retain90.json", missing.Message);
    }
}
