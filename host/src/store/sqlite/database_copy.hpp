#pragma once
/// Whole-database copies with SQLite's online backup API, for `ledgersync store backup` and
/// `restore`.

#include <filesystem>

namespace ledgersync::store::sqlite {

/// Copies the SQLite database `from` to the new file `to` as one consistent snapshot: the copy
/// reads in one read transaction, which in WAL mode neither waits for nor blocks the writers of
/// a running host. The copy is written beside `to` and renamed into place when complete, so a
/// failure leaves no partial file. Throws StoreError when `to` exists, `from` is not a readable
/// SQLite database, or writing fails.
void copy_database(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace ledgersync::store::sqlite
