#include "module/registry.h"

#include <exception>
#include <utility>

#include "module/load_error.h"

namespace pinhole::mod {
namespace {

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// What the module sees during init(). Nothing here may throw back into the module: an
// undeclared parameter is answered with an empty value and fails start-up afterwards.
class InitContextImpl final : public InitContext {
 public:
  InitContextImpl(const Registry::Entry& entry, CoreApi& core) : entry_(entry), core_(core) {}

  const ParamValue& param(std::string_view name) const override {
    if (const ParamValue* v = entry_.params.find(name)) return *v;
    try {
      if (undeclared_.empty()) undeclared_ = std::string(name);
    } catch (...) {  // out of memory: still refuse, just without the name
    }
    undeclared_seen_ = true;
    static const ParamValue kNone{};
    return kNone;
  }
  CoreApi& core() noexcept override { return core_; }
  void fail(std::string reason) override {
    failed_ = true;
    if (reason_.empty()) reason_ = std::move(reason);
  }

  // Why start-up must stop, or empty when init() succeeded.
  std::string problem(bool init_result) const {
    if (undeclared_seen_) {
      return "it asked for parameter " + quote(undeclared_) +
             ", which it does not declare (a bug in the module)";
    }
    if (init_result && !failed_) return {};
    return reason_.empty() ? "init() returned false without a reason" : reason_;
  }

 private:
  const Registry::Entry& entry_;
  CoreApi& core_;
  mutable std::string undeclared_;
  mutable bool undeclared_seen_ = false;
  bool failed_ = false;
  std::string reason_;
};

class WorkerContextImpl final : public WorkerContext {
 public:
  WorkerContextImpl(unsigned worker, unsigned count, CoreApi& core)
      : worker_(worker), count_(count), core_(core) {}
  unsigned worker() const noexcept override { return worker_; }
  unsigned workerCount() const noexcept override { return count_; }
  CoreApi& core() noexcept override { return core_; }

 private:
  unsigned worker_;
  unsigned count_;
  CoreApi& core_;
};

std::string describeException(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return std::string("it threw an exception: ") + ex.what();
  } catch (...) {
    return "it threw an exception";
  }
}

}  // namespace

Registry::~Registry() { clear(); }

Registry& Registry::operator=(Registry&& other) noexcept {
  if (this != &other) {
    clear();
    entries_ = std::move(other.entries_);
    other.entries_.clear();
  }
  return *this;
}

void Registry::clear() noexcept {
  shutdownAll();
  for (std::size_t i = entries_.size(); i-- > 0;) entries_[i]->module.reset();
  entries_.clear();
}

void Registry::add(ModulePtr module, ParamSet params, std::string path, std::string version) {
  if (!module) throw ModuleLoadError({}, path, "no module object to register");
  const ModuleDescriptor& d = module->descriptor();
  const std::string name(d.name);
  if (name.empty()) throw ModuleLoadError({}, path, "a module without a name in its descriptor");
  if (findEntry(name) != nullptr) {
    throw ModuleLoadError(name, path, "module " + quote(name) + " is loaded twice");
  }
  // Modules registered by hand (linked in, tests) may leave the parameters to their defaults.
  if (params.values().empty() && !d.params.empty()) {
    params = checkParams(name, d.params, nullptr, {});
  }
  bool params_match = params.names().size() == d.params.size();
  for (std::size_t i = 0; params_match && i < d.params.size(); ++i) {
    params_match = params.names()[i] == d.params[i].name;
  }
  if (!params_match) {
    throw ModuleLoadError(name, path, "module " + quote(name) +
                                          ": parameters were checked against another declaration");
  }

  auto entry = std::make_unique<Entry>();
  entry->name = name;
  entry->path = std::move(path);
  entry->version = version.empty() ? std::string(d.version) : std::move(version);
  entry->params = std::move(params);
  entry->functions.reserve(d.functions.size());
  for (std::size_t i = 0; i < d.functions.size(); ++i) {
    const FunctionSpec& f = d.functions[i];
    auto bug = [&](const std::string& what) {
      return ModuleLoadError(name, entry->path, "module " + quote(name) + " declares " + what +
                                                    " (a bug in the module)");
    };
    if (f.name.empty()) throw bug("a function without a name");
    if (f.handler == nullptr) throw bug("function " + quote(f.name) + " without a handler");
    for (std::size_t j = 0; j < i; ++j) {
      if (d.functions[j].name == f.name) throw bug("function " + quote(f.name) + " twice");
    }
  }
  entry->module = std::move(module);
  for (const FunctionSpec& f : d.functions) {
    entry->functions.push_back(ResolvedFunction{entry->module.get(), &f, entry->name});
  }
  entries_.push_back(std::move(entry));
}

std::vector<std::string_view> Registry::names() const {
  std::vector<std::string_view> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e->name);
  return out;
}

const Registry::Entry* Registry::findEntry(std::string_view name) const noexcept {
  for (const auto& e : entries_) {
    if (e->name == name) return e.get();
  }
  return nullptr;
}

Module* Registry::module(std::string_view name) const noexcept {
  const Entry* e = findEntry(name);
  return e ? e->module.get() : nullptr;
}

const ParamValue* Registry::param(std::string_view module_name,
                                  std::string_view name) const noexcept {
  const Entry* e = findEntry(module_name);
  return e ? e->params.find(name) : nullptr;
}

const ResolvedFunction* Registry::find(std::string_view module_name,
                                       std::string_view function_name) const noexcept {
  const Entry* e = findEntry(module_name);
  if (e == nullptr) return nullptr;
  for (const ResolvedFunction& f : e->functions) {
    if (f.spec->name == function_name) return &f;
  }
  return nullptr;
}

void Registry::initAll(CoreApi& core) {
  for (const auto& e : entries_) {
    if (e->started) continue;
    InitContextImpl ctx(*e, core);
    std::string problem;
    try {
      bool ok = e->module->init(ctx);
      problem = ctx.problem(ok);
    } catch (...) {
      problem = describeException(std::current_exception());
    }
    if (!problem.empty()) {
      // A module that failed its init is not shut down; those before it are.
      shutdownAll();
      throw ModuleLoadError(e->name, e->path,
                            "module " + quote(e->name) + " failed to start: " + problem);
    }
    e->started = true;
  }
}

void Registry::workerInitAll(unsigned worker, unsigned worker_count, CoreApi& core) {
  WorkerContextImpl ctx(worker, worker_count, core);
  for (const auto& e : entries_) {
    std::string problem;
    try {
      if (!e->module->workerInit(ctx)) problem = "workerInit() returned false";
    } catch (...) {
      problem = describeException(std::current_exception());
    }
    if (!problem.empty()) {
      throw ModuleLoadError(e->name, e->path,
                            "module " + quote(e->name) + " failed to start on worker " +
                                std::to_string(worker) + " of " + std::to_string(worker_count) +
                                ": " + problem);
    }
  }
}

void Registry::shutdownAll() noexcept {
  for (std::size_t i = entries_.size(); i-- > 0;) {
    Entry& e = *entries_[i];
    if (!e.started) continue;
    e.started = false;
    e.module->shutdown();
  }
}

}  // namespace pinhole::mod
