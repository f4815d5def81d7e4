using GrokUnlearn.Data;
using GrokUnlearn.Tests.Fixtures;
using SkiaSharp;

namespace GrokUnlearn.Tests.Unit.Data;

/// <summary>Each reader on files written by the test in the dataset's own format, and on a corrupted copy.</summary>
public sealed class ImageReaderTests
{
    public sealed class TheIdxReader
    {
        [Fact]
        public void Should_Read_Gzipped_Images_And_Labels_Pixel_For_Pixel()
        {
            using var tmp = new TempDir();
            File.WriteAllBytes(tmp.File("img.gz"), DatasetFiles.Gzip(DatasetFiles.IdxImages(5, 4, 3)));
            File.WriteAllBytes(tmp.File("lab.gz"), DatasetFiles.Gzip(DatasetFiles.IdxLabels([3, 1, 4, 1, 5])));

            var set = ImageDatasetLoader.ReadIdx(tmp.File("img.gz"), tmp.File("lab.gz"), 10);

            Assert.Equal((1, 4, 3, 5), (set.Channels, set.Height, set.Width, set.Count));
            Assert.Equal([3, 1, 4, 1, 5], set.Labels);
            for (var i = 0; i < 5; i++)
                for (var j = 0; j < 12; j++)
                    Assert.Equal(DatasetFiles.Pixel(i, j), set.Image(i)[j]);
        }

        [Fact]
        public void Should_Name_The_File_When_The_Body_Is_Truncated()
        {
            using var tmp = new TempDir();
            var bytes = DatasetFiles.IdxImages(5, 4, 3);
            File.WriteAllBytes(tmp.File("img"), bytes[..^7]);

            var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(tmp.File("img")));

            Assert.Contains(tmp.File("img"), ex.Message);
            Assert.Contains("truncated", ex.Message);
        }

        [Fact]
        public void Should_Reject_A_Label_File_Given_As_Images()
        {
            using var tmp = new TempDir();
            File.WriteAllBytes(tmp.File("lab"), DatasetFiles.IdxLabels([1, 2]));

            var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(tmp.File("lab")));

            Assert.Contains("1 dimension(s); expected 3", ex.Message);
        }

        [Fact]
        public void Should_Reject_Labels_Outside_The_Classes()
        {
            using var tmp = new TempDir();
            File.WriteAllBytes(tmp.File("img"), DatasetFiles.IdxImages(2, 2, 2));
            File.WriteAllBytes(tmp.File("lab"), DatasetFiles.IdxLabels([1, 12]));

            var ex = Assert.Throws<InvalidDataException>(() => ImageDatasetLoader.ReadIdx(tmp.File("img"), tmp.File("lab"), 10));

            Assert.Contains("label 12 at index 1; allowed: 0 … 9", ex.Message);
        }
    }

    public sealed class TheCifarBinaryReader
    {
        [Fact]
        public void Should_Read_Cifar10_Batches_From_The_Archive_In_Order()
        {
            using var tmp = new TempDir();
            DatasetFiles.TarGz(tmp.File("c10.tar.gz"), new Dictionary<string, byte[]>
            {
                ["cifar-10-batches-bin/data_batch_2.bin"] = DatasetFiles.CifarRecords([7, 8], 1, firstImage: 3),
                ["cifar-10-batches-bin/data_batch_1.bin"] = DatasetFiles.CifarRecords([0, 1, 2], 1),
                ["cifar-10-batches-bin/batches.meta.txt"] = "airplane\n"u8.ToArray(),
            });

            var set = CifarBinaryReader.ReadArchive(tmp.File("c10.tar.gz"), ["data_batch_1.bin", "data_batch_2.bin"], 1, 10);

            Assert.Equal((3, 32, 32, 5), (set.Channels, set.Height, set.Width, set.Count));
            Assert.Equal([0, 1, 2, 7, 8], set.Labels);
            // Red plane first, then green, then blue: offset 1024 is the first green pixel.
            Assert.Equal(DatasetFiles.Pixel(4, 1024), set.Image(4)[1024]);
            Assert.Equal(DatasetFiles.Pixel(0, 3071), set.Image(0)[3071]);
        }

        [Fact]
        public void Should_Read_Train_And_Test_Groups_In_One_Pass()
        {
            using var tmp = new TempDir();
            DatasetFiles.TarGz(tmp.File("c10.tar.gz"), new Dictionary<string, byte[]>
            {
                ["cifar-10-batches-bin/test_batch.bin"] = DatasetFiles.CifarRecords([9], 1, firstImage: 5),
                ["cifar-10-batches-bin/data_batch_1.bin"] = DatasetFiles.CifarRecords([0, 1], 1),
                ["cifar-10-batches-bin/data_batch_2.bin"] = DatasetFiles.CifarRecords([2], 1, firstImage: 2),
            });

            var sets = CifarBinaryReader.ReadArchive(tmp.File("c10.tar.gz"), [["data_batch_1.bin", "data_batch_2.bin"], ["test_batch.bin"]], 1, 10);

            Assert.Equal([0, 1, 2], sets[0].Labels);
            Assert.Equal([9], sets[1].Labels);
            Assert.Equal(DatasetFiles.Pixel(5, 100), sets[1].Image(0)[100]);
            Assert.Equal(DatasetFiles.Pixel(2, 100), sets[0].Image(2)[100]);
        }

        [Fact]
        public void Should_Use_The_Fine_Label_Of_Cifar100()
        {
            var set = CifarBinaryReader.ReadRecords(DatasetFiles.CifarRecords([42, 99], 2), 2, 100, "train.bin");

            Assert.Equal([42, 99], set.Labels);
            Assert.Equal(DatasetFiles.Pixel(1, 5), set.Image(1)[5]);
        }

        [Fact]
        public void Should_Name_The_Member_When_A_Record_Is_Cut()
        {
            using var tmp = new TempDir();
            DatasetFiles.TarGz(tmp.File("c10.tar.gz"), new Dictionary<string, byte[]> { ["test_batch.bin"] = DatasetFiles.CifarRecords([1, 2], 1)[..^100] });

            var ex = Assert.Throws<InvalidDataException>(() => CifarBinaryReader.ReadArchive(tmp.File("c10.tar.gz"), ["test_batch.bin"], 1, 10));

            Assert.Contains("c10.tar.gz!test_batch.bin", ex.Message);
        }

        [Fact]
        public void Should_Name_The_Archive_When_It_Is_Not_Gzip()
        {
            using var tmp = new TempDir();
            File.WriteAllText(tmp.File("c10.tar.gz"), "<html>404 Not Found</html>");

            var ex = Assert.Throws<InvalidDataException>(() => CifarBinaryReader.ReadArchive(tmp.File("c10.tar.gz"), ["test_batch.bin"], 1, 10));

            Assert.Contains(tmp.File("c10.tar.gz"), ex.Message);
        }
    }

    public sealed class TheSvhnReader
    {
        [Fact]
        public void Should_Read_Compressed_Mat_Files_And_Map_Label_10_To_Digit_0()
        {
            using var tmp = new TempDir();
            File.WriteAllBytes(tmp.File("train_32x32.mat"), DatasetFiles.SvhnMat(4, 5, [10, 1, 9]));

            var set = SvhnReader.Read(tmp.File("train_32x32.mat"));

            Assert.Equal((3, 4, 5, 3), (set.Channels, set.Height, set.Width, set.Count));
            Assert.Equal([0, 1, 9], set.Labels);
            // Column-major H × W × 3 × N becomes channel-major C × H × W per image.
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 60; j++)
                    Assert.Equal(DatasetFiles.Pixel(i, j), set.Image(i)[j]);
        }

        [Fact]
        public void Should_Name_The_File_When_It_Is_Truncated()
        {
            using var tmp = new TempDir();
            File.WriteAllBytes(tmp.File("test_32x32.mat"), DatasetFiles.SvhnMat(4, 5, [1, 2])[..^20]);

            var ex = Assert.Throws<InvalidDataException>(() => SvhnReader.Read(tmp.File("test_32x32.mat")));

            Assert.Contains(tmp.File("test_32x32.mat"), ex.Message);
        }
    }

    public sealed class TheImageFolderReader
    {
        private static void Png(string path, SKColor color, int w, int h)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var bitmap = new SKBitmap(w, h);
            bitmap.Erase(color);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }

        [Fact]
        public void Should_Label_Class_Folders_In_Order_And_Resize_To_Rgb_Squares()
        {
            using var tmp = new TempDir();
            Png(tmp.File("train/n02/a.png"), new SKColor(0, 0, 255), 20, 12);
            Png(tmp.File("train/n01/b.png"), new SKColor(255, 0, 0), 12, 20);
            Png(tmp.File("train/n01/c.png"), new SKColor(0, 255, 0), 16, 16);
            File.WriteAllText(tmp.File("train/n01/notes.txt"), "not an image");

            var classes = ImageFolderReader.Classes(tmp.File("train"));
            var set = ImageFolderReader.Read(tmp.File("train"), classes, 8);

            Assert.Equal(["n01", "n02"], classes);
            Assert.Equal([0, 0, 1], set.Labels);
            Assert.Equal((3, 8, 8), (set.Channels, set.Height, set.Width));
            Assert.Equal(255, set.Image(0)[0]);          // red plane of the red image
            Assert.Equal(255, set.Image(1)[64 + 10]);    // green plane of the green image
            Assert.Equal(255, set.Image(2)[128 + 63]);   // blue plane of the blue image
            Assert.Equal(0, set.Image(2)[0]);
        }

        [Fact]
        public void Should_Name_An_Image_That_Does_Not_Decode()
        {
            using var tmp = new TempDir();
            Directory.CreateDirectory(tmp.File("train/cat"));
            File.WriteAllText(tmp.File("train/cat/broken.jpg"), "this is not a JPEG");

            var ex = Assert.Throws<InvalidDataException>(() => ImageFolderReader.Read(tmp.File("train"), ["cat"], 8));

            Assert.Contains("broken.jpg", ex.Message);
        }
    }
}
