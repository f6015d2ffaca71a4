#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"

namespace chaintwin::cli {
namespace fs = std::filesystem;

void BadFlag(const std::string& flag, const std::string& message) {
  throw InputError(util::Diagnostics{util::Diagnostic{"", 0, 0, flag, message}});
}

namespace {

std::string ParentOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

void WriteStdout(const std::string& text) {
  std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  std::cout.flush();
  if (!std::cout) throw Error("cannot write to standard output (disk full or pipe closed?)");
}

void WriteFile(const std::string& path, const std::string& text) {
  std::error_code status_ec;
  auto status = fs::status(path, status_ec);
  // A device or pipe (/dev/full, /dev/stdout) is written in place; a file through .partial.
  const bool special = fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
  const std::string partial = special ? path : path + ".partial";
  std::FILE* f = std::fopen(partial.c_str(), "wb");
  if (f == nullptr) {
    throw Error(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  }
  size_t written = std::fwrite(text.data(), 1, text.size(), f);
  int saved = errno;
  bool ok = written == text.size();
  if (std::fflush(f) != 0) {
    ok = false;
    saved = errno;
  }
  if (std::fclose(f) != 0) {
    ok = false;
    saved = errno;
  }
  std::error_code ec;
  if (ok && special) return;
  if (ok) {
    fs::rename(partial, path, ec);
    if (!ec) return;
    saved = ec.value();
  }
  if (!special) fs::remove(partial, ec);
  throw Error(fmt::format("cannot write '{}': {}; nothing was left under that name", path,
                          std::strerror(saved)));
}

void CheckFileTarget(const std::string& path, const std::string& flag) {
  if (path.empty()) BadFlag(flag, "an empty file name");
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (fs::is_directory(status)) {
    BadFlag(flag, fmt::format("'{}' is a folder; give a file name", path));
  }
  if (fs::exists(status) && !fs::is_regular_file(status)) return;  // a device or pipe
  const std::string parent = ParentOf(path);
  auto pstatus = fs::status(parent, ec);
  if (!fs::exists(pstatus)) {
    BadFlag(flag, fmt::format("cannot write '{}': folder '{}' does not exist", path, parent));
  }
  if (!fs::is_directory(pstatus)) {
    BadFlag(flag, fmt::format("cannot write '{}': '{}' is a file, not a folder", path, parent));
  }
  if (::access(parent.c_str(), W_OK) != 0) {
    BadFlag(flag, fmt::format("cannot write '{}': folder '{}' is not writable", path, parent));
  }
}

void PrepareFolderTarget(const std::string& path, const std::string& flag) {
  if (path.empty()) BadFlag(flag, "an empty folder name");
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_directory(status)) {
    BadFlag(flag, fmt::format("'{}' is a file; give a folder (created when missing)", path));
  }
  if (!fs::exists(status)) {
    // Find the nearest existing ancestor to say what is wrong with it.
    fs::path at = fs::path(path).parent_path();
    while (!at.empty() && !fs::exists(at, ec)) at = at.parent_path();
    if (!at.empty() && !fs::is_directory(at, ec)) {
      BadFlag(flag, fmt::format("cannot create folder '{}': '{}' is a file", path, at.string()));
    }
    fs::create_directories(path, ec);
    if (ec) {
      BadFlag(flag, fmt::format("cannot create folder '{}': {}", path, ec.message()));
    }
  }
  if (::access(path.c_str(), W_OK) != 0) {
    BadFlag(flag, fmt::format("cannot write into folder '{}': {}", path, std::strerror(errno)));
  }
}

std::string Render(const report::Document& doc, Format format, const std::string& table,
                   const std::string& csv_section) {
  switch (format) {
    case Format::kJson: return doc.Json();
    case Format::kCsv: return doc.Csv(csv_section);
    case Format::kSchema: return doc.Schema();
    case Format::kTable: return table;
  }
  return table;
}

void Emit(const report::Document& doc, Format format, const std::string& table,
          const std::string& out, const std::string& csv_section) {
  if (!out.empty()) CheckFileTarget(out, "--out");
  std::string text = Render(doc, format, table, csv_section);
  if (out.empty()) {
    WriteStdout(text);
  } else {
    WriteFile(out, text);
  }
}

}  // namespace chaintwin::cli
