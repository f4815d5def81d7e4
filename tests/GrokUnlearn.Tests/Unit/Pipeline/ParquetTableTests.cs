using DuckDB.NET.Data;
using GrokUnlearn.Pipeline;
using GrokUnlearn.Tests.Fixtures;
using GrokUnlearn.Training;
using GrokUnlearn.Storage;

namespace GrokUnlearn.Tests.Unit.Pipeline;

public sealed class ParquetTableTests
{
    private static readonly CurveRow[] Rows =
    [
        new() { Cell = "c", Seed = 3, Step = 0, TrainLoss = 4.5, TrainAcc = 0.125, TestLoss = 4.25, TestAcc = 0.0625, WeightNorm = 10.5 },
        new() { Cell = "c", Seed = 3, Step = 100, TrainLoss = 0.5, TrainAcc = 1.0, TestLoss = 3.0, TestAcc = 0.25, WeightNorm = 9.75 },
    ];

    private static readonly Dictionary<string, string> Meta = new()
    {
        [ParquetTable.FingerprintKey] = "abc123",
        [ParquetTable.StageKey] = "train",
    };

    [Fact]
    public async Task Should_Round_Trip_Rows_And_Metadata()
    {
        using var tmp = new TempDir();
        await ParquetTable.WriteAsync(tmp.File("t.parquet"), Rows, Meta);

        var (rows, meta) = await ParquetTable.ReadAsync<CurveRow>(tmp.File("t.parquet"));

        Assert.Equal(Rows.Select(r => (r.Step, r.TrainAcc, r.TestLoss, r.WeightNorm)), rows.Select(r => (r.Step, r.TrainAcc, r.TestLoss, r.WeightNorm)));
        Assert.Equal("abc123", meta[ParquetTable.FingerprintKey]);
        Assert.Equal("abc123", (await ParquetTable.ReadMetadataAsync(tmp.File("t.parquet")))[ParquetTable.FingerprintKey]);
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }

    [Fact]
    public async Task Should_Be_Readable_By_DuckDB_With_Snake_Case_Columns_And_Metadata()
    {
        // Given
        using var tmp = new TempDir();
        var path = tmp.File("t.parquet");
        await ParquetTable.WriteAsync(path, Rows, Meta);

        // When: an independent reader opens the file.
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT step, train_acc, test_acc, weight_norm, cell FROM read_parquet('{path}') ORDER BY step";
        var read = new List<(long, double, double, double, string)>();
        using (var reader = cmd.ExecuteReader())
            while (reader.Read())
                read.Add((Convert.ToInt64(reader.GetValue(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4)));
        cmd.CommandText = $"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')";
        var kv = new Dictionary<string, string>();
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) kv[reader.GetString(0)] = reader.GetString(1);

        // Then
        Assert.Equal([(0L, 0.125, 0.0625, 10.5, "c"), (100L, 1.0, 0.25, 9.75, "c")], read);
        Assert.Equal("abc123", kv[ParquetTable.FingerprintKey]);
        Assert.Equal("train", kv[ParquetTable.StageKey]);
    }

    [Fact]
    public async Task Should_Leave_The_Old_File_Intact_When_A_Write_Fails()
    {
        using var tmp = new TempDir();
        var path = tmp.File("t.parquet");
        await ParquetTable.WriteAsync(path, Rows, Meta);
        var before = await File.ReadAllBytesAsync(path);

        // A row type Parquet.Net cannot serialise makes the write throw midway.
        var ex = await Record.ExceptionAsync(() => ParquetTable.WriteAsync(path, new[] { new Unwritable() }, Meta));

        Assert.NotNull(ex);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }

    public sealed class Unwritable
    {
        public IntPtr Handle { get; set; }
    }
}
