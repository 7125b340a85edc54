#include "ai/TorchFileReader.h"

#include <torch/serialize.h>
#include <torch/torch.h>
#include "ai/TorchArchive.h"
#include "platform/Platform.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

namespace radlens::ai {

namespace {

/// Bounds on what a weights file may ask of us (issue 20: a damaged or hostile
/// file gets a clear error, never a crash or an allocation it cannot back).
constexpr std::size_t kMaxPickleObjects = 1'000'000;  // ResNet-101's data.pkl: ~15 000
constexpr int kMaxPickleDepth = 64;                   // a state dict: 4 levels

/// The few Python values a torch.save pickle is made of. They live in the
/// unpickler's arena and point at each other with plain pointers: a pickle
/// that makes a list hold itself (through the memo) is harmless, and nothing
/// is freed recursively.
struct PyValue {
    enum class Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Tensor, Mark };
    Kind kind = Kind::None;
    std::int64_t i = 0;
    double f = 0;
    std::string s;  // Str value, or "module.name" for Global
    std::vector<PyValue*> items;
    std::vector<std::pair<PyValue*, PyValue*>> dict;
    torch::Tensor tensor;
    int depth = 0;  // containers inside it, as built
};
using PyPtr = PyValue*;

/// What a pickle decoded to: the root and the arena that owns every value.
struct Pickle {
    std::vector<std::unique_ptr<PyValue>> arena;
    PyPtr root = nullptr;
};

torch::ScalarType dtypeOfStorage(const std::string& global) {
    static const std::map<std::string, torch::ScalarType> types = {
        {"torch.FloatStorage", torch::kFloat32}, {"torch.DoubleStorage", torch::kFloat64},
        {"torch.HalfStorage", torch::kFloat16},  {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kInt64},    {"torch.IntStorage", torch::kInt32},
        {"torch.ShortStorage", torch::kInt16},   {"torch.CharStorage", torch::kInt8},
        {"torch.ByteStorage", torch::kUInt8},    {"torch.BoolStorage", torch::kBool}};
    auto it = types.find(global);
    if (it == types.end()) throw std::runtime_error("unsupported storage type " + global);
    return it->second;
}

class Unpickler {
public:
    Unpickler(const std::string& path, TorchArchive& zip, const char* data, std::size_t size,
              Pickle& out)
        : path_(path), zip_(zip), p_(data), end_(data + size), arena_(out.arena) {}

    PyPtr load() {
        for (;;) {
            const std::uint8_t op = byte();
            switch (op) {
                case 0x80:
                    byte();
                    break;  // PROTO
                case 0x95:
                    take(8);
                    break;  // FRAME
                case 0x94:
                    memo_.push_back(top());
                    break;  // MEMOIZE
                case '}':
                    push(make(PyValue::Kind::Dict));
                    break;
                case ']':
                    push(make(PyValue::Kind::List));
                    break;
                case ')':
                    push(make(PyValue::Kind::Tuple));
                    break;
                case '(':
                    push(make(PyValue::Kind::Mark));
                    break;
                case 'N':
                    push(make(PyValue::Kind::None));
                    break;
                case 0x88:
                    push(boolean(true));
                    break;
                case 0x89:
                    push(boolean(false));
                    break;
                case 'K':
                    push(integer(byte()));
                    break;
                case 'M':
                    push(integer(le(2)));
                    break;
                case 'J':
                    push(integer(std::int32_t(le(4))));
                    break;
                case 0x8a: {  // LONG1
                    const int n = byte();
                    std::int64_t v = 0;
                    const char* b = take(n);
                    for (int k = 0; k < n && k < 8; ++k)
                        v |= std::int64_t(std::uint8_t(b[k])) << (8 * k);
                    if (n > 0 && n < 8 && (std::uint8_t(b[n - 1]) & 0x80))
                        v -= std::int64_t(1) << (8 * n);
                    push(integer(v));
                    break;
                }
                case 'G': {  // BINFLOAT, big endian
                    const char* b = take(8);
                    std::uint64_t bits = 0;
                    for (int k = 0; k < 8; ++k) bits = (bits << 8) | std::uint8_t(b[k]);
                    auto v = make(PyValue::Kind::Float);
                    std::memcpy(&v->f, &bits, 8);
                    push(v);
                    break;
                }
                case 'X':
                    push(string(le(4)));
                    break;  // BINUNICODE
                case 0x8c:
                    push(string(byte()));
                    break;  // SHORT_BINUNICODE
                case 'U':
                    push(string(byte()));
                    break;  // SHORT_BINSTRING
                case 'T':
                    push(string(le(4)));
                    break;   // BINSTRING
                case 'c': {  // GLOBAL
                    auto g = make(PyValue::Kind::Global);
                    const std::string module = line();  // two statements: order matters
                    g->s = module + "." + line();
                    push(g);
                    break;
                }
                case 'q':
                    memoPut(byte());
                    break;
                case 'r':
                    memoPut(le(4));
                    break;
                case 'h':
                    push(memoGet(byte()));
                    break;
                case 'j':
                    push(memoGet(le(4)));
                    break;
                case 't': {
                    auto t = make(PyValue::Kind::Tuple);
                    t->items = popToMark();
                    for (PyPtr v : t->items) nest(t, v);
                    push(t);
                    break;
                }
                case 0x85:
                case 0x86:
                case 0x87: {  // TUPLE1..3
                    auto t = make(PyValue::Kind::Tuple);
                    t->items.resize(op - 0x84);
                    for (int k = int(t->items.size()) - 1; k >= 0; --k) t->items[k] = pop();
                    for (PyPtr v : t->items) nest(t, v);
                    push(t);
                    break;
                }
                case 'a': {
                    PyPtr v = pop();
                    PyPtr list = top();
                    list->items.push_back(v);
                    nest(list, v);
                    break;
                }
                case 'e': {
                    auto vs = popToMark();
                    PyPtr list = top();
                    list->items.insert(list->items.end(), vs.begin(), vs.end());
                    for (PyPtr v : vs) nest(list, v);
                    break;
                }
                case 's': {
                    PyPtr v = pop(), k = pop();
                    dictOf(top()).push_back({k, v});
                    nest(top(), v);
                    break;
                }
                case 'u': {
                    auto vs = popToMark();
                    if (vs.size() % 2) fail("odd SETITEMS");
                    for (std::size_t k = 0; k < vs.size(); k += 2) {
                        dictOf(top()).push_back({vs[k], vs[k + 1]});
                        nest(top(), vs[k + 1]);
                    }
                    break;
                }
                case 'b':
                    pop();
                    break;  // BUILD: state of an OrderedDict/Parameter, not needed
                case 'Q':
                    push(persistent(pop()));
                    break;
                case 'R': {
                    PyPtr args = pop(), callable = pop();
                    push(reduce(callable, args));
                    break;
                }
                case 0x81: {  // NEWOBJ
                    PyPtr args = pop(), cls = pop();
                    push(reduce(cls, args));
                    break;
                }
                case '.':
                    return pop();
                default:
                    fail("unsupported pickle opcode " + std::to_string(op));
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw std::runtime_error(path_ + ": " + why);
    }
    PyPtr make(PyValue::Kind k) {
        if (arena_.size() >= kMaxPickleObjects)
            fail("the pickle holds more than " + std::to_string(kMaxPickleObjects) +
                 " objects (a state dict holds far fewer)");
        arena_.push_back(std::make_unique<PyValue>());
        arena_.back()->kind = k;
        return arena_.back().get();
    }
    /// `child` went into `container`: the container is now deeper.
    void nest(PyPtr container, PyPtr child) {
        container->depth = std::max(container->depth, child->depth + 1);
        if (container->depth > kMaxPickleDepth)
            fail("the pickle nests deeper than " + std::to_string(kMaxPickleDepth) + " levels");
    }
    const char* take(std::size_t n) {
        if (std::size_t(end_ - p_) < n) fail("pickle data ends early");
        const char* at = p_;
        p_ += n;
        return at;
    }
    std::uint8_t byte() { return std::uint8_t(*take(1)); }
    std::uint32_t le(int n) {
        const char* b = take(n);
        std::uint32_t v = 0;
        for (int k = n - 1; k >= 0; --k) v = (v << 8) | std::uint8_t(b[k]);
        return v;
    }
    std::string line() {
        const char* start = p_;
        while (p_ < end_ && *p_ != '\n') ++p_;
        if (p_ >= end_) fail("pickle data ends early");
        return std::string(start, p_++);
    }
    PyPtr boolean(bool b) {
        auto v = make(PyValue::Kind::Bool);
        v->i = b;
        return v;
    }
    PyPtr integer(std::int64_t i) {
        auto v = make(PyValue::Kind::Int);
        v->i = i;
        return v;
    }
    PyPtr string(std::size_t n) {
        auto v = make(PyValue::Kind::Str);
        v->s.assign(take(n), n);
        return v;
    }
    void push(PyPtr v) { stack_.push_back(std::move(v)); }
    PyPtr pop() {
        if (stack_.empty()) fail("pickle stack underflow");
        PyPtr v = stack_.back();
        stack_.pop_back();
        return v;
    }
    PyPtr top() {
        if (stack_.empty()) fail("pickle stack underflow");
        return stack_.back();
    }
    std::vector<PyPtr> popToMark() {
        std::vector<PyPtr> out;
        while (!stack_.empty() && stack_.back()->kind != PyValue::Kind::Mark) out.push_back(pop());
        if (stack_.empty()) fail("pickle MARK missing");
        stack_.pop_back();
        return {out.rbegin(), out.rend()};
    }
    std::vector<std::pair<PyPtr, PyPtr>>& dictOf(const PyPtr& v) {
        if (v->kind != PyValue::Kind::Dict) fail("SETITEM on something that is not a dict");
        return v->dict;
    }
    void memoPut(std::size_t k) {
        if (k >= kMaxPickleObjects)
            fail("pickle memo index " + std::to_string(k) + " out of range");
        if (memo_.size() <= k) memo_.resize(k + 1);
        memo_[k] = top();
    }
    PyPtr memoGet(std::size_t k) {
        if (k >= memo_.size() || !memo_[k]) fail("pickle memo entry missing");
        return memo_[k];
    }

    /// ('storage', <storage type>, key, location, numel): the bytes in data/<key>.
    PyPtr persistent(const PyPtr& pid) {
        if (pid->kind != PyValue::Kind::Tuple || pid->items.size() < 5 ||
            pid->items[0]->s != "storage")
            fail("unsupported persistent object");
        const std::string key = pid->items[2]->s;
        auto cached = storages_.find(key);
        if (cached != storages_.end()) return cached->second;
        const torch::ScalarType type = dtypeOfStorage(pid->items[1]->s);
        const std::int64_t numel = pid->items[4]->i;
        const std::string record = "data/" + key;
        if (!zip_.has(record)) fail("storage record " + record + " is missing");
        const std::vector<char> data = zip_.read(record);
        const std::size_t size = data.size();
        if (numel < 0 || std::uint64_t(numel) > size / c10::elementSize(type))
            fail("storage record " + record + " is shorter than its tensor");
        const std::size_t want = std::size_t(numel) * c10::elementSize(type);
        auto v = make(PyValue::Kind::Tensor);
        v->tensor = torch::empty({numel}, torch::TensorOptions().dtype(type));
        if (want > 0)
            std::memcpy(v->tensor.data_ptr(), data.data(), want);  // empty: data_ptr() is null
        storages_[key] = v;
        return v;
    }

    std::vector<std::int64_t> ints(const PyPtr& tuple) const {
        std::vector<std::int64_t> out;
        for (const PyPtr& x : tuple->items) out.push_back(x->i);
        return out;
    }

    PyPtr reduce(const PyPtr& callable, const PyPtr& args) {
        if (callable->kind != PyValue::Kind::Global) fail("REDUCE of something not callable");
        const std::string& name = callable->s;
        const auto& a = args->items;
        if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
            if (a.size() < 4 || a[0]->kind != PyValue::Kind::Tensor) fail("bad tensor record");
            const std::vector<std::int64_t> sizes = ints(a[2]), strides = ints(a[3]);
            // A view never holds more elements than its storage (as_strided
            // checks the extent, not the element count that clone() allocates).
            std::uint64_t count = 1;
            const std::uint64_t storage = std::uint64_t(a[0]->tensor.numel());
            for (std::int64_t d : sizes) {
                if (d < 0 ||
                    (d > 0 && count > std::max<std::uint64_t>(storage, 1) / std::uint64_t(d)))
                    fail("a tensor record is larger than its storage");
                count *= std::uint64_t(d);
            }
            if (sizes.size() != strides.size()) fail("bad tensor record");
            auto v = make(PyValue::Kind::Tensor);
            v->tensor = a[0]->tensor.as_strided(sizes, strides, a[1]->i).clone();
            return v;
        }
        if (name == "torch._utils._rebuild_parameter") {
            if (a.empty() || a[0]->kind != PyValue::Kind::Tensor) fail("bad parameter record");
            return a[0];
        }
        if (name == "collections.OrderedDict") return make(PyValue::Kind::Dict);
        // LibTorch's pickle_save tags containers with their TorchScript type.
        if (name == "torch.jit._pickle.restore_type_tag" && !a.empty()) return a[0];
        fail("the file holds a Python object (" + name + ") that is not a tensor or a dict");
    }

    std::string path_;
    TorchArchive& zip_;
    const char* p_;
    const char* end_;
    std::vector<PyPtr> stack_, memo_;
    std::map<std::string, PyPtr> storages_;
    std::vector<std::unique_ptr<PyValue>>& arena_;
};

Pickle readPickle(const std::string& path) {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw std::runtime_error(path + ": cannot open the file");
    char magic[2] = {};
    probe.read(magic, 2);
    if (!(magic[0] == 'P' && magic[1] == 'K'))
        throw std::runtime_error(path +
                                 ": not a PyTorch zip archive (saved before PyTorch 1.6, or not "
                                 "a torch.save file); re-save it with a recent torch.save");
    try {
        TorchArchive zip(path);
        if (!zip.has("data.pkl")) throw std::runtime_error(path + ": no data.pkl in the archive");
        const std::vector<char> data = zip.read("data.pkl");
        Pickle pickle;
        Unpickler u(path, zip, data.data(), data.size(), pickle);
        pickle.root = u.load();
        return pickle;
    } catch (const c10::Error& e) {
        throw std::runtime_error(path + ": damaged PyTorch archive: " + e.what_without_backtrace());
    }
}

void writeAtomically(const std::vector<char>& bytes, const std::string& path) {
    const std::string temp = path + ".tmp-" + std::to_string(platform::processId());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            throw std::runtime_error(path + ": cannot write");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        throw std::runtime_error(path + ": cannot write: " + ec.message());
    }
}

}  // namespace

NamedTensors TorchFileReader::readStateDict(const std::string& path) {
    const Pickle pickle = readPickle(path);
    const PyPtr root = pickle.root;
    if (root->kind != PyValue::Kind::Dict)
        throw std::runtime_error(path + ": holds no dict of tensors (a state_dict was expected)");
    NamedTensors out;
    for (const auto& [k, v] : root->dict)
        if (k->kind == PyValue::Kind::Str && v->kind == PyValue::Kind::Tensor)
            out.emplace_back(k->s, v->tensor);
    return out;
}

torch::Tensor TorchFileReader::readTensor(const std::string& path) {
    const Pickle pickle = readPickle(path);
    const PyPtr root = pickle.root;
    if (root->kind != PyValue::Kind::Tensor)
        throw std::runtime_error(path + ": holds no tensor (torch.save(tensor) was expected)");
    return root->tensor;
}

void TorchFileReader::writeStateDict(const NamedTensors& tensors, const std::string& path) {
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& [k, v] : tensors) dict.insert(k, v.contiguous());
    writeAtomically(torch::pickle_save(dict), path);
}

void TorchFileReader::writeTensor(const torch::Tensor& tensor, const std::string& path) {
    writeAtomically(torch::pickle_save(tensor.contiguous()), path);
}

}  // namespace radlens::ai
