namespace GrokUnlearn.Data;

/// <summary>The published file formats the vision track reads.</summary>
public enum ImageFormat
{
    /// <summary>LeCun's IDX (MNIST, Fashion-MNIST): train/test images and labels, gzip.</summary>
    Idx,
    /// <summary>CIFAR-10 binary version: one .tar.gz with data_batch_1…5.bin and test_batch.bin.</summary>
    Cifar10Binary,
    /// <summary>CIFAR-100 binary version: one .tar.gz with train.bin and test.bin (coarse + fine label bytes).</summary>
    Cifar100Binary,
    /// <summary>SVHN cropped digits: train_32x32.mat and test_32x32.mat (MATLAB v5).</summary>
    SvhnMat,
    /// <summary>ImageNet-style class folders (train/ and val/), decoded and resized.</summary>
    ClassFolders,
}
