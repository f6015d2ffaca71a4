// A VFS over SQLite's default one that gathers the writes to a WAL file. SQLite writes a
// commit's frames one write() call at a time, two per page (the 24-byte frame header, then the
// page), and syncs the file at the commit: for a batch of 1,000 events 1,300-2,000 system
// calls. Through this VFS they are copied into one buffer per WAL file and written in pieces
// of 64 KiB (the default VFS writes less than 128 KiB a call) when SQLite syncs the file, or
// earlier when it reads, truncates, asks the size of or closes it, when a write does not
// continue the buffer, or when the buffer holds 16 MiB. The bytes on disk and their order relative to each sync are exactly those of the
// default VFS, so what a commit guarantees does not change: a sync returns only after every
// write before it is on disk (and its error, if the gathered write fails).
//
// Only for connections with PRAGMA synchronous=FULL (or EXTRA): SQLite then syncs the WAL at
// every commit before it publishes the commit to readers in the wal-index. With NORMAL or
// OFF a commit's frames could still be in the buffer when other connections are told of them.
// The twin store sets FULL and checks it (sqlite_store.cpp). Other files (the database file,
// the wal-index) pass straight through.
#pragma once

namespace chaintwin::store {

// The name of the VFS (registered with SQLite on the first call, not as the default), for
// sqlite3_open_v2. Thread-safe.
const char* WalGatherVfsName();

}  // namespace chaintwin::store
