import { closeSync, openSync, readSync } from 'node:fs';

/** The fields of a SQLite file's 100-byte header that Warden checks before it lets SQLite open the file. */
export interface SqliteHeader {
  /** `PRAGMA user_version`: Warden's schema version. */
  userVersion: number;
  /** `PRAGMA application_id`: Warden's mark. */
  applicationId: number;
  /** Bytes per page. */
  pageSize: number;
  /** Pages the database holds, when the header's count is current (SQLite 3.7.0 and later keep it so). */
  pageCount: number | undefined;
}

const magic = Buffer.from('SQLite format 3\u0000', 'latin1');

/**
 * Reads a database file's header with plain file reads, so nothing is created beside the file (SQLite opens
 * `-wal` and `-shm` for a WAL database even read-only). `undefined` when the file is not a SQLite database.
 * The header is current only while no `-wal` file holds commits not yet copied into the database.
 * See https://www.sqlite.org/fileformat.html#the_database_header
 */
export function readSqliteHeader(file: string): SqliteHeader | undefined {
  const bytes = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < bytes.length || !bytes.subarray(0, magic.length).equals(magic)) return undefined;
  const rawPageSize = bytes.readUInt16BE(16);
  const changeCounter = bytes.readUInt32BE(24);
  const pageCount = bytes.readUInt32BE(28);
  return {
    userVersion: bytes.readInt32BE(60),
    applicationId: bytes.readInt32BE(68),
    pageSize: rawPageSize === 1 ? 65536 : rawPageSize,
    pageCount: pageCount !== 0 && bytes.readUInt32BE(92) === changeCounter ? pageCount : undefined,
  };
}
