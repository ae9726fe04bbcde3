#include "module/loader.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <utility>

#include <boost/dll/shared_library.hpp>

#include "module/deps.h"

namespace pinhole::mod {
namespace {

constexpr const char* kExportName = "pinhole_module";

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string version(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

const std::string& coreVersion() {
  static const std::string v = version(PINHOLE_ABI_MAJOR, PINHOLE_ABI_MINOR);
  return v;
}

// The libraries opened so far. Deliberately leaked: closing one (even at exit, after the
// registry is gone) would leave dangling vtables, type_infos and atexit handlers behind.
void keepLoaded(boost::dll::shared_library&& library) {
  static std::mutex mutex;
  static auto* libraries = new std::vector<boost::dll::shared_library>();
  std::lock_guard lock(mutex);
  libraries->push_back(std::move(library));
}

// A name becomes part of a file name: no separators, no dots, nothing to escape.
bool validName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}

std::string who(std::string_view name, std::string_view path) {
  return "module " + quote(name) + " (" + std::string(path) + "): ";
}

std::string describeException(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return std::string("threw an exception: ") + ex.what();
  } catch (...) {
    return "threw an exception";
  }
}

// [modules] entries in file order, so the first mistake reported is the first one written.
std::vector<std::pair<const toml::key*, const toml::node*>> inFileOrder(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : t) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const toml::source_position& pa = a.first->source().begin;
    const toml::source_position& pb = b.first->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  return entries;
}

void checkLoadList(const LoaderOptions& options) {
  for (std::size_t i = 0; i < options.names.size(); ++i) {
    const std::string& name = options.names[i];
    if (!validName(name)) {
      throw ModuleLoadError(name, {}, "invalid module name " + quote(name) +
                                          " (letters, digits, '_' and '-' only)");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (options.names[j] == name) {
        throw ModuleLoadError(name, {}, "module " + quote(name) + " is listed twice");
      }
    }
  }
  if (options.module_params == nullptr) return;
  // Sub-tables are module parameters; other keys (load, path, ...) belong to the daemon.
  for (const auto& [key, node] : inFileOrder(*options.module_params)) {
    bool loaded = std::find(options.names.begin(), options.names.end(), key->str()) !=
                  options.names.end();
    if (node->is_table() && !loaded) {
      const toml::source_region& at = key->source();
      std::string file = at.path && !at.path->empty() ? *at.path : options.config_file;
      throw ConfigError(std::move(file), static_cast<int>(at.begin.line),
                        static_cast<int>(at.begin.column),
                        "parameters for module " + quote(key->str()) +
                            ", which is not loaded (add it to the modules to load)");
    }
    if (!node->is_table() && loaded) {
      throw configErrorAt(*node, options.config_file,
                          "modules." + std::string(key->str()) +
                              " must be a table of parameters, found " +
                              std::string(describeTomlType(node->type())));
    }
  }
}

}  // namespace

std::vector<std::string> defaultSearchPath() { return {PINHOLE_DEFAULT_MODULE_DIR}; }

std::string findModuleFile(std::string_view name, std::span<const std::string> search_path) {
  if (!validName(name)) {
    throw ModuleLoadError(std::string(name), {}, "invalid module name " + quote(name));
  }
  const std::string file = "lib" + std::string(name) + ".so";
  std::string tried;
  for (const std::string& dir : search_path) {
    std::error_code ec;
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / file;
    std::filesystem::path absolute = std::filesystem::absolute(candidate, ec);
    if (!ec) candidate = absolute.lexically_normal();
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    if (!tried.empty()) tried += ", ";
    tried += candidate.string();
  }
  if (tried.empty()) {
    throw ModuleLoadError(std::string(name), {},
                          "module " + quote(name) + " not found: the module search path is empty");
  }
  throw ModuleLoadError(std::string(name), {},
                        "module " + quote(name) + " not found; tried " + tried);
}

void checkModuleHeader(const pinhole_module_header& h, std::string_view name,
                       std::string_view path) {
  auto refuse = [&](const std::string& why) {
    return ModuleLoadError(std::string(name), std::string(path), who(name, path) + why);
  };
  // Only the frozen fields are read until the versions are known to agree.
  if (h.abi_major != PINHOLE_ABI_MAJOR) {
    throw refuse("ABI " + version(h.abi_major, h.abi_minor) + ", this core speaks " +
                 coreVersion() + "; rebuild it against this SDK");
  }
  if (h.abi_minor > PINHOLE_ABI_MINOR) {
    throw refuse("ABI " + version(h.abi_major, h.abi_minor) + ", this core speaks " +
                 coreVersion() + " (the module needs a newer core); rebuild it against this " +
                 "SDK or upgrade the core");
  }
  if (h.struct_size < sizeof(pinhole_module_header)) {
    throw refuse("its module header has " + std::to_string(h.struct_size) +
                 " bytes, this core (ABI " + coreVersion() + ") reads " +
                 std::to_string(sizeof(pinhole_module_header)) + "; rebuild it against this SDK");
  }
  if (h.build_signature == nullptr || std::strcmp(h.build_signature, PINHOLE_BUILD_SIGNATURE)) {
    throw refuse(std::string("build signature ") +
                 quote(h.build_signature ? h.build_signature : "") +
                 ", this core's is " + quote(PINHOLE_BUILD_SIGNATURE) +
                 "; rebuild it with the compiler and standard library of the core");
  }
  if (h.name == nullptr || name != h.name) {
    throw refuse("the library is module " + quote(h.name ? h.name : "") + ", not " +
                 quote(name) + "; rename the file or fix PINHOLE_MODULE");
  }
  if (h.create == nullptr) throw refuse("its module header has no create function");
}

ModuleLibrary openModuleLibrary(std::string_view name, std::span<const std::string> search_path) {
  std::string path = findModuleFile(name, search_path);
  boost::dll::shared_library library;
  boost::dll::fs::error_code ec;
  ::dlerror();  // clear, so that what we read below is about this dlopen
  library.load(boost::dll::fs::path(path),
               boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, ec);
  if (ec || !library.is_loaded()) {
    const char* error = ::dlerror();
    std::string why = error ? error : ec.message();
    if (why.find("undefined symbol") != std::string::npos) {
      why += " (the program must export the core's symbols: pinhole_exports_core(); or the "
             "module was built against another core)";
    }
    throw ModuleLoadError(std::string(name), path, who(name, path) + "cannot be loaded: " + why);
  }
  bool has_header = library.has(kExportName);
  const pinhole_module_header* header =
      has_header ? &library.get_alias<const pinhole_module_header>(kExportName) : nullptr;
  keepLoaded(std::move(library));  // refused ones too: never unload what was opened
  if (header == nullptr) {
    throw ModuleLoadError(std::string(name), path,
                          who(name, path) + "exports no '" + kExportName +
                              "' header; not a Pinhole module (PINHOLE_MODULE missing?)");
  }
  checkModuleHeader(*header, name, path);
  return ModuleLibrary{std::string(name), std::move(path), header};
}

ModulePtr createModule(const ModuleLibrary& library) {
  const std::string& name = library.name;
  void* raw = nullptr;
  try {
    raw = library.header->create();
  } catch (...) {
    throw ModuleLoadError(name, library.path,
                          who(name, library.path) + "create() " +
                              describeException(std::current_exception()));
  }
  if (raw == nullptr) {
    throw ModuleLoadError(name, library.path, who(name, library.path) + "create() returned null");
  }
  ModulePtr module(static_cast<Module*>(raw));
  std::string_view declared = module->descriptor().name;
  if (declared != name) {
    throw ModuleLoadError(name, library.path,
                          who(name, library.path) + "its descriptor names module " +
                              quote(declared) + " (a bug in the module)");
  }
  return module;
}

Registry loadModules(const LoaderOptions& options) {
  checkLoadList(options);
  const std::vector<std::string> search =
      options.search_path.empty() ? defaultSearchPath() : options.search_path;

  // Every library is opened and checked before any module code (create) runs.
  std::vector<ModuleLibrary> libraries;
  libraries.reserve(options.names.size());
  for (const std::string& name : options.names) {
    libraries.push_back(openModuleLibrary(name, search));
  }
  std::vector<ModulePtr> modules;
  modules.reserve(libraries.size());
  for (const ModuleLibrary& library : libraries) modules.push_back(createModule(library));

  std::vector<DependencyNode> nodes;
  nodes.reserve(modules.size());
  for (const ModulePtr& m : modules) {
    nodes.push_back({m->descriptor().name, m->descriptor().depends});
  }
  const std::vector<std::size_t> order = dependencyOrder(nodes);

  // Parameters in configuration order, so errors come in the order the operator wrote them.
  std::vector<ParamSet> params;
  params.reserve(modules.size());
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const toml::table* table = nullptr;
    if (options.module_params != nullptr) {
      table = (*options.module_params)[options.names[i]].as_table();
    }
    params.push_back(checkParams(options.names[i], modules[i]->descriptor().params, table,
                                 options.config_file));
  }

  Registry registry;
  for (std::size_t i : order) {
    const char* v = libraries[i].header->version;
    registry.add(std::move(modules[i]), std::move(params[i]), libraries[i].path, v ? v : "");
  }
  return registry;
}

}  // namespace pinhole::mod
