namespace GrokUnlearn.Tasks;

/// <summary>
/// One example of a task's data table: its index there (the key forget splits and analyses refer to), its label (the
/// class; −1 for a language question, whose targets are its answer tokens) and its split as the Data stage wrote it
/// (train / test, or a language split such as heldout_template).
/// </summary>
public sealed record TaskRow(int Index, int Label, string Split);
