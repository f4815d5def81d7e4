namespace GrokUnlearn.Data;

/// <summary>
/// SVHN cropped digits (Netzer et al. 2011), <c>*_32x32.mat</c>: X is 32 × 32 × 3 × N uint8 (MATLAB column-major),
/// y is N × 1 with labels 1 … 10 where 10 stands for the digit 0 (mapped to 0 here, as torchvision does).
/// </summary>
public static class SvhnReader
{
    public static ImageSet Read(string path)
    {
        var vars = MatV5Reader.Read(path);
        if (!vars.TryGetValue("X", out var x) || !vars.TryGetValue("y", out var y))
            throw new InvalidDataException($"{path}: SVHN files hold variables 'X' and 'y'; found {string.Join(", ", vars.Keys)}.");
        if (x.Dims.Length != 4 || x.Dims[2] != 3)
            throw new InvalidDataException($"{path}: X has dimensions {string.Join("×", x.Dims)}; expected H × W × 3 × N.");
        int h = x.Dims[0], w = x.Dims[1], n = x.Dims[3];
        if (y.Count != n) throw new InvalidDataException($"{path}: y has {y.Count} labels for {n} images.");
        var raw = x.Bytes ?? throw new InvalidDataException($"{path}: X must be stored as uint8 pixels.");
        var pixels = new byte[n * 3 * h * w];
        for (var i = 0; i < n; i++)
            for (var c = 0; c < 3; c++)
                for (var r = 0; r < h; r++)
                    for (var col = 0; col < w; col++)
                        pixels[((i * 3 + c) * h + r) * w + col] = raw[r + h * (col + w * (c + 3 * i))];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var value = y.At(i);
            var label = (int)value;
            if (label != value || label is < 1 or > 10) throw new InvalidDataException($"{path}: y[{i}] = {value}; allowed: 1 … 10.");
            labels[i] = label % 10;
        }
        return new ImageSet(3, h, w, pixels, labels, 10);
    }
}
