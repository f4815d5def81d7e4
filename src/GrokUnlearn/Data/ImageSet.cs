namespace GrokUnlearn.Data;

/// <summary>
/// Images as bytes, channel-major per image (C × H × W, values 0–255), with integer labels 0 … Classes − 1.
/// Every loader returns this, whatever the file format.
/// </summary>
public sealed class ImageSet
{
    public ImageSet(int channels, int height, int width, byte[] pixels, int[] labels, int classes)
    {
        if (pixels.Length != (long)labels.Length * channels * height * width)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold {labels.Length} images of {channels}×{height}×{width}.");
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
        Classes = classes;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Classes { get; }
    public byte[] Pixels { get; }
    public int[] Labels { get; }
    public int Count => Labels.Length;
    public int ImageBytes => Channels * Height * Width;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageBytes, ImageBytes);
}
