// Where a verb's output goes, and every write checked: a failed write (full disk, /dev/full,
// a closed pipe) throws chaintwin::Error (exit 3) and leaves no partial file under the name
// asked for; a destination that cannot be used (a folder where a file is wanted, a file where
// a folder is wanted, a missing or read-only parent) throws InputError (exit 2) before any
// work is done.
#pragma once

#include <string>

#include "chaintwin/report/document.hpp"
#include "commands.hpp"

namespace chaintwin::cli {

// Writes `text` to standard output and flushes; throws Error when it could not all be written.
void WriteStdout(const std::string& text);
// Writes `text` to `path` through `path.partial`, renamed over `path` only when every byte was
// written and the file closed; the partial file is removed on failure. Throws Error.
void WriteFile(const std::string& path, const std::string& text);

// Checks before the run that `path` (given to `flag`) can be written as a file: not a folder,
// its parent folder exists and is writable. Throws InputError.
void CheckFileTarget(const std::string& path, const std::string& flag);
// Checks (and creates when missing) the folder `path` given to `flag`: not a file, not under
// a file, writable. Throws InputError.
void PrepareFolderTarget(const std::string& path, const std::string& flag);

// The text of `doc` in `format`: its JSON, the CSV of `csv_section` (the first when empty), or
// its JSON Schema (`--format schema`, hidden: how docs/schema/ is made); `table` for kTable.
std::string Render(const report::Document& doc, Format format, const std::string& table,
                   const std::string& csv_section = "");
// Renders and writes to `out` (a file) when not empty, else to standard output.
void Emit(const report::Document& doc, Format format, const std::string& table,
          const std::string& out, const std::string& csv_section = "");

}  // namespace chaintwin::cli
