namespace GrokUnlearn.Data;

/// <summary>
/// The image datasets a profile may name (<c>kind:</c>), with their official URLs and published checksums
/// (MD5 as listed by the publishers / torchvision; decompressed SHA-256 computed from Debian's original files).
/// </summary>
public static class ImageDatasetCatalog
{
    private const string MnistS3 = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private const string MnistLeCun = "http://yann.lecun.com/exdb/mnist/";
    private const string FashionS3 = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private const string Toronto = "https://www.cs.toronto.edu/~kriz/";
    private const string Stanford = "http://ufldl.stanford.edu/housenumbers/";

    public static readonly IReadOnlyList<ImageDatasetInfo> All =
    [
        new("mnist", "MNIST", ImageFormat.Idx,
        [
            new("train-images-idx3-ubyte.gz", [MnistS3 + "train-images-idx3-ubyte.gz", MnistLeCun + "train-images-idx3-ubyte.gz"], Md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new("train-labels-idx1-ubyte.gz", [MnistS3 + "train-labels-idx1-ubyte.gz", MnistLeCun + "train-labels-idx1-ubyte.gz"], Md5: "d53e105ee54ea40749a09fcbcd1e9432"),
            new("t10k-images-idx3-ubyte.gz", [MnistS3 + "t10k-images-idx3-ubyte.gz", MnistLeCun + "t10k-images-idx3-ubyte.gz"], Md5: "9fb629c4189551a2d022fa330f9573f3"),
            new("t10k-labels-idx1-ubyte.gz", [MnistS3 + "t10k-labels-idx1-ubyte.gz", MnistLeCun + "t10k-labels-idx1-ubyte.gz"], Md5: "ec29112dd5afa0611ce80d1b7f02629c"),
        ], 10, "http://yann.lecun.com/exdb/mnist/", "CC BY-SA 3.0 (LeCun, Cortes & Burges)", ["mnist"]),

        new("fashion-mnist", "Fashion-MNIST", ImageFormat.Idx,
        [
            new("train-images-idx3-ubyte.gz", [FashionS3 + "train-images-idx3-ubyte.gz"], Md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                PayloadSha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new("train-labels-idx1-ubyte.gz", [FashionS3 + "train-labels-idx1-ubyte.gz"], Md5: "25c81989df183df01b3e8a0aad5dffbe",
                PayloadSha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new("t10k-images-idx3-ubyte.gz", [FashionS3 + "t10k-images-idx3-ubyte.gz"], Md5: "bef4ecab320f06d8554ea6380940ec79",
                PayloadSha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new("t10k-labels-idx1-ubyte.gz", [FashionS3 + "t10k-labels-idx1-ubyte.gz"], Md5: "bb300cfdad3c16e7a12a480ee83cd310",
                PayloadSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        ], 10, "https://github.com/zalandoresearch/fashion-mnist", "MIT (Zalando SE)", ["fashion-mnist"], DebianPackage: "dataset-fashion-mnist"),

        // The first 2,000 train and 2,000 test images of Fashion-MNIST, shipped in datasets/fashion-mnist-subset (README there).
        new("fashion-mnist-subset", "Fashion-MNIST (bundled 2k + 2k subset)", ImageFormat.Idx,
        [
            new("train-images-idx3-ubyte.gz", [], Sha256: "6845f10b008774b68427353acbe5a07a5918052dafbc502a8d3582a54be46ac5"),
            new("train-labels-idx1-ubyte.gz", [], Sha256: "d507ba91514b3d50a9b54b952639a0dc6f05ac1f97d8ebdd93a0504eda39fda4"),
            new("t10k-images-idx3-ubyte.gz", [], Sha256: "34b6848fb35a59e5287bf485522433dfd8bd017eb126fde6f02e96123c8ff741"),
            new("t10k-labels-idx1-ubyte.gz", [], Sha256: "6a1ad38ad7d33240e59f70a44ddce4e9483e573ffad983d287064bd467dcbd4e"),
        ], 10, "https://github.com/zalandoresearch/fashion-mnist", "MIT (Zalando SE)", ["fashion-mnist-subset"],
            BundledFolder: "datasets/fashion-mnist-subset"),

        new("cifar10", "CIFAR-10", ImageFormat.Cifar10Binary,
        [
            new("cifar-10-binary.tar.gz", [Toronto + "cifar-10-binary.tar.gz"], Md5: "c32a1d4ab5d03f1284b67883e8d87530"),
        ], 10, "https://www.cs.toronto.edu/~kriz/cifar.html", "no licence stated (Krizhevsky 2009); cite the tech report", ["cifar10", "cifar-10"]),

        new("cifar100", "CIFAR-100", ImageFormat.Cifar100Binary,
        [
            new("cifar-100-binary.tar.gz", [Toronto + "cifar-100-binary.tar.gz"], Md5: "03b5dce01913d631647c71ecec9e9cb8"),
        ], 100, "https://www.cs.toronto.edu/~kriz/cifar.html", "no licence stated (Krizhevsky 2009); cite the tech report", ["cifar100", "cifar-100"]),

        new("svhn", "SVHN (cropped digits)", ImageFormat.SvhnMat,
        [
            new("train_32x32.mat", [Stanford + "train_32x32.mat"], Md5: "e26dedcc434d2e4c54c9b2d4a06d8373"),
            new("test_32x32.mat", [Stanford + "test_32x32.mat"], Md5: "eb5a983be6a315427106f1b164d9cef3"),
        ], 10, "http://ufldl.stanford.edu/housenumbers/", "non-commercial use only (Netzer et al. 2011)", ["svhn"]),

        // ImageNet has no public download (it needs an account): a local class-folder tree given by `folder:`.
        new("imagefolder", "Class folders (ImageNet-100 style)", ImageFormat.ClassFolders, [], 0,
            "https://image-net.org", "the dataset's own terms", []),
    ];

    public static IReadOnlyList<string> Kinds => [.. All.Select(d => d.Kind)];

    public static ImageDatasetInfo? Find(string kind) => All.FirstOrDefault(d => d.Kind == kind);

    public static ImageDatasetInfo Get(string kind) =>
        Find(kind) ?? throw new ArgumentException($"unknown image dataset '{kind}'; allowed: {string.Join(", ", Kinds)}.", nameof(kind));
}
