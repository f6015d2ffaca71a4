// The VFS of wal_gather_vfs.hpp. Files other than WAL files are opened by the default VFS
// straight into the memory SQLite gives (ours is larger), so they run the default VFS's own
// methods with nothing in between. A WAL file is the default VFS's file behind a GatherFile
// whose methods gather writes and forward everything else.
#include "store/sqlite/wal_gather_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace chaintwin::store {
namespace {

constexpr size_t kMaxGathered = size_t{16} << 20;  // 16 MiB, then written through
// The most the default VFS writes in one call: its unix write() takes fewer than 128 KiB (it
// keeps the low 17 bits of the length), so gathered bytes go down in pieces of 64 KiB.
constexpr size_t kPiece = size_t{64} << 10;

// Plain C layout: SQLite allocates it (szOsFile bytes) and never runs a constructor.
struct GatherFile {
  sqlite3_file base;     // base.pMethods = &kGatherMethods
  sqlite3_file* real;    // the default VFS's file, in the same allocation after this struct
  char* buf;             // the gathered bytes [start, start + len)
  size_t len, cap;
  sqlite3_int64 start;
};

constexpr size_t kRealOffset = (sizeof(GatherFile) + 15) & ~size_t{15};

sqlite3_vfs* Real(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
GatherFile* G(sqlite3_file* f) { return reinterpret_cast<GatherFile*>(f); }
const sqlite3_io_methods* M(GatherFile* g) { return g->real->pMethods; }

// Writes what is gathered; the buffer is empty afterwards, written or not (SQLite rolls the
// transaction back on the error, and its frames are never published).
int Flush(GatherFile* g) {
  int rc = SQLITE_OK;
  for (size_t at = 0; at < g->len && rc == SQLITE_OK; at += kPiece) {
    const size_t n = std::min(kPiece, g->len - at);
    rc = M(g)->xWrite(g->real, g->buf + at, static_cast<int>(n),
                      g->start + static_cast<sqlite3_int64>(at));
  }
  g->len = 0;
  return rc;
}

int Close(sqlite3_file* f) {
  GatherFile* g = G(f);
  const int flushed = Flush(g);
  const int rc = M(g)->xClose(g->real);
  std::free(g->buf);
  g->buf = nullptr;
  g->cap = 0;
  return flushed != SQLITE_OK ? flushed : rc;
}

int Read(sqlite3_file* f, void* out, int amt, sqlite3_int64 off) {
  GatherFile* g = G(f);
  if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
  return M(g)->xRead(g->real, out, amt, off);
}

int Write(sqlite3_file* f, const void* data, int amt, sqlite3_int64 off) {
  GatherFile* g = G(f);
  const auto n = static_cast<size_t>(amt);
  if (g->len > 0 && off >= g->start && static_cast<size_t>(off - g->start) + n <= g->len) {
    std::memcpy(g->buf + (off - g->start), data, n);  // a frame rewritten in place
    return SQLITE_OK;
  }
  const bool continues = g->len > 0 && off == g->start + static_cast<sqlite3_int64>(g->len);
  if (!continues || g->len + n > kMaxGathered) {
    if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
    if (n > kPiece) return M(g)->xWrite(g->real, data, amt, off);  // SQLite's own size
    g->start = off;
  }
  if (g->len + n > g->cap) {
    size_t cap = g->cap == 0 ? size_t{1} << 20 : g->cap;
    while (cap < g->len + n) cap *= 2;
    char* grown = static_cast<char*>(std::realloc(g->buf, cap));
    if (grown == nullptr) {
      if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
      return M(g)->xWrite(g->real, data, amt, off);
    }
    g->buf = grown;
    g->cap = cap;
  }
  std::memcpy(g->buf + g->len, data, n);
  g->len += n;
  return SQLITE_OK;
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  GatherFile* g = G(f);
  if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
  return M(g)->xTruncate(g->real, size);
}

int Sync(sqlite3_file* f, int flags) {
  GatherFile* g = G(f);
  if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
  return M(g)->xSync(g->real, flags);
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  GatherFile* g = G(f);
  if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
  return M(g)->xFileSize(g->real, size);
}

int Lock(sqlite3_file* f, int level) { return M(G(f))->xLock(G(f)->real, level); }
int Unlock(sqlite3_file* f, int level) { return M(G(f))->xUnlock(G(f)->real, level); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return M(G(f))->xCheckReservedLock(G(f)->real, out);
}

int FileControl(sqlite3_file* f, int op, void* arg) {
  GatherFile* g = G(f);
  if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
  return M(g)->xFileControl(g->real, op, arg);
}

int SectorSize(sqlite3_file* f) { return M(G(f))->xSectorSize(G(f)->real); }
int DeviceCharacteristics(sqlite3_file* f) {
  return M(G(f))->xDeviceCharacteristics(G(f)->real);
}

// SQLite keeps no wal-index and maps no pages of a WAL file; forwarded all the same.
int ShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  GatherFile* g = G(f);
  if (M(g)->iVersion < 2) return SQLITE_IOERR;
  return M(g)->xShmMap(g->real, page, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  GatherFile* g = G(f);
  if (M(g)->iVersion < 2) return SQLITE_IOERR;
  return M(g)->xShmLock(g->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) {
  GatherFile* g = G(f);
  if (M(g)->iVersion >= 2) M(g)->xShmBarrier(g->real);
}
int ShmUnmap(sqlite3_file* f, int del) {
  GatherFile* g = G(f);
  if (M(g)->iVersion < 2) return SQLITE_OK;
  return M(g)->xShmUnmap(g->real, del);
}
int Fetch(sqlite3_file* f, sqlite3_int64 off, int amt, void** out) {
  GatherFile* g = G(f);
  *out = nullptr;
  if (const int rc = Flush(g); rc != SQLITE_OK) return rc;
  if (M(g)->iVersion < 3) return SQLITE_OK;
  return M(g)->xFetch(g->real, off, amt, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  GatherFile* g = G(f);
  if (M(g)->iVersion < 3) return SQLITE_OK;
  return M(g)->xUnfetch(g->real, off, p);
}

const sqlite3_io_methods kGatherMethods = {
    3,     Close,      Read,        Write,      Truncate,   Sync,     FileSize,
    Lock,  Unlock,     CheckReservedLock,       FileControl,          SectorSize,
    DeviceCharacteristics, ShmMap, ShmLock,    ShmBarrier, ShmUnmap, Fetch, Unfetch};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  sqlite3_vfs* real = Real(vfs);
  if ((flags & SQLITE_OPEN_WAL) == 0) return real->xOpen(real, name, f, flags, out_flags);
  GatherFile* g = G(f);
  g->base.pMethods = nullptr;
  g->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(g) + kRealOffset);
  g->real->pMethods = nullptr;
  g->buf = nullptr;
  g->len = g->cap = 0;
  g->start = 0;
  const int rc = real->xOpen(real, name, g->real, flags, out_flags);
  // SQLite calls xClose after a failed xOpen when pMethods is set: ours then closes theirs.
  if (g->real->pMethods != nullptr) g->base.pMethods = &kGatherMethods;
  return rc;
}

int Delete(sqlite3_vfs* v, const char* name, int sync_dir) {
  return Real(v)->xDelete(Real(v), name, sync_dir);
}
int Access(sqlite3_vfs* v, const char* name, int flags, int* out) {
  return Real(v)->xAccess(Real(v), name, flags, out);
}
int FullPathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  return Real(v)->xFullPathname(Real(v), name, n, out);
}
void* DlOpen(sqlite3_vfs* v, const char* name) { return Real(v)->xDlOpen(Real(v), name); }
void DlError(sqlite3_vfs* v, int n, char* out) { Real(v)->xDlError(Real(v), n, out); }
void (*DlSym(sqlite3_vfs* v, void* lib, const char* sym))(void) {
  return Real(v)->xDlSym(Real(v), lib, sym);
}
void DlClose(sqlite3_vfs* v, void* lib) { Real(v)->xDlClose(Real(v), lib); }
int Randomness(sqlite3_vfs* v, int n, char* out) { return Real(v)->xRandomness(Real(v), n, out); }
int Sleep(sqlite3_vfs* v, int us) { return Real(v)->xSleep(Real(v), us); }
int CurrentTime(sqlite3_vfs* v, double* out) { return Real(v)->xCurrentTime(Real(v), out); }
int GetLastError(sqlite3_vfs* v, int n, char* out) {
  return Real(v)->xGetLastError(Real(v), n, out);
}
int CurrentTimeInt64(sqlite3_vfs* v, sqlite3_int64* out) {
  sqlite3_vfs* real = Real(v);
  if (real->iVersion >= 2 && real->xCurrentTimeInt64 != nullptr) {
    return real->xCurrentTimeInt64(real, out);
  }
  double days = 0;
  const int rc = real->xCurrentTime(real, &days);
  *out = static_cast<sqlite3_int64>(days * 86'400'000.0);
  return rc;
}

const char* Register() {
  static sqlite3_vfs vfs;
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (real == nullptr) return nullptr;  // sqlite3_open_v2 then reports "no such vfs"
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(kRealOffset) + real->szOsFile;
  vfs.mxPathname = real->mxPathname;
  vfs.zName = "chaintwin-wal-gather";
  vfs.pAppData = real;
  vfs.xOpen = Open;
  vfs.xDelete = Delete;
  vfs.xAccess = Access;
  vfs.xFullPathname = FullPathname;
  vfs.xDlOpen = DlOpen;
  vfs.xDlError = DlError;
  vfs.xDlSym = DlSym;
  vfs.xDlClose = DlClose;
  vfs.xRandomness = Randomness;
  vfs.xSleep = Sleep;
  vfs.xCurrentTime = CurrentTime;
  vfs.xGetLastError = GetLastError;
  vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return nullptr;
  return vfs.zName;
}

}  // namespace

const char* WalGatherVfsName() {
  static const char* const name = Register();
  return name != nullptr ? name : "chaintwin-wal-gather";
}

}  // namespace chaintwin::store
