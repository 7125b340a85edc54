#pragma once
// Reads files written by PyTorch's torch.save (the zip format, PyTorch >= 1.6):
// a state dict -- an OrderedDict with `_metadata`, as torchvision publishes its
// weights, which LibTorch 1.13's torch::pickle_load rejects -- a plain dict of
// tensors, or a single tensor. Our own minimal unpickler: it understands the
// opcodes torch.save emits for these objects and nothing else, so a file that
// holds arbitrary Python objects is refused, never executed. The zip records
// come from TorchArchive (ours too); the unpickler's limits (nesting, object
// count, storages against their records) are in TorchFileReader.cpp.
//
// Threads: any; no shared state. Throws std::runtime_error naming the file and
// what is wrong (not a zip, unsupported object, missing storage record).

#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

namespace radlens::ai {

/// Tensors in the file's order, with their names.
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

class TorchFileReader {
public:
    /// A dict (plain or OrderedDict) of name -> tensor, e.g. a state_dict().
    /// Non-tensor values (such as `_metadata`) are ignored.
    static NamedTensors readStateDict(const std::string& path);
    /// A file holding one tensor (torch.save(tensor)).
    static torch::Tensor readTensor(const std::string& path);

    /// Writes a dict of tensors that torch.load reads (and readStateDict).
    static void writeStateDict(const NamedTensors& tensors, const std::string& path);
    /// Writes one tensor that torch.load reads.
    static void writeTensor(const torch::Tensor& tensor, const std::string& path);
};

}  // namespace radlens::ai
